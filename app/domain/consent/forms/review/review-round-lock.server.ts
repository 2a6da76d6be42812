import type { Transaction } from "../../../../db.server";
import { AppError } from "../../../kernel/index";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The form version's row FOR SHARE, then the round's FOR UPDATE (ADR 061): the order publishing takes them in (it
 * holds the version FOR UPDATE), so a comment, an answer or a close and a publication take turns — a publication
 * never passes a comment made at the same moment. Refused when the version is no longer a draft.
 */
export async function lockRoundOfDraft(tx: Transaction, roundId: string): Promise<{ id: string; formVersionId: string; closedAt: Date | null; sections: string[] }> {
  if (!uuid.test(roundId)) throw new AppError("not_found");
  const round = await tx.documentReviewRound.findUnique({ where: { id: roundId }, select: { formVersionId: true } });
  if (!round) throw new AppError("not_found");
  const [version] = await tx.$queryRaw<{ status: string; content: unknown }[]>`
    SELECT "status"::text AS status, "content" FROM "ConsentFormVersion" WHERE "id" = ${round.formVersionId}::uuid FOR SHARE`;
  if (!version) throw new AppError("not_found");
  if (version.status !== "draft") throw new AppError("form_not_editable");
  const [locked] = await tx.$queryRaw<{ id: string; formVersionId: string; closedAt: Date | null }[]>`
    SELECT "id"::text, "formVersionId"::text AS "formVersionId", "closedAt" FROM "DocumentReviewRound" WHERE "id" = ${roundId}::uuid FOR UPDATE`;
  return { ...locked!, sections: sectionIdsOf(version.content) };
}

/** The ids of a form content's sections (the same in every language; read from the Japanese), for a comment that names one. */
export function sectionIdsOf(content: unknown): string[] {
  const sections = (content as { languages?: { ja?: { sections?: { id?: unknown }[] } } } | null)?.languages?.ja?.sections;
  return Array.isArray(sections) ? sections.map((section) => section.id).filter((id): id is string => typeof id === "string") : [];
}
