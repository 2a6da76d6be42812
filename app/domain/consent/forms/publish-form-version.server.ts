import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { AuditContext } from "../../kernel/index";
import { isGranted, type ChoiceId, type ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { appendConsentEvent, lockParticipantsConsent } from "../ledger/index.server";
import { FormContentSchema } from "@tsunagi/consent-rules/form-content";
import { compareVersions, formContentHash } from "./form-hash";
import { lockForm } from "./lock-form.server";
import { notifyReconsentRequired } from "./notify-reconsent-required.server";
import { reviewGateRefusal } from "./review/review-gate.server";

/** Today's calendar day in Japan, as an ISO date. */
function japanDay(at: Date): string {
  return new Date(at.getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/**
 * A re-consent deadline staff may set: a real calendar day after today in Japan, within two years — a day already
 * past would ask the impossible, and one years away is no deadline at all.
 */
export function isReconsentDeadlineAllowed(deadline: string, now: Date): boolean {
  const day = new Date(`${deadline}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== deadline) return false;
  const latest = japanDay(new Date(now.getTime() + 730 * 24 * 60 * 60 * 1000));
  return deadline > japanDay(now) && deadline <= latest;
}

/** Who a major version reaches: consents under an earlier version that grant a choice the change touches. */
export function isAffectedByMajorVersion(choices: ChoiceSnapshot, affectsChoiceIds: readonly string[]): boolean {
  if (affectsChoiceIds.length === 0) return true;
  return affectsChoiceIds.some((id) => isGranted(id as ChoiceId, choices[id as ChoiceId]));
}

/**
 * Freezes a draft: its content hash is fixed and a trigger refuses any later change. A major version moves
 * every affected participant to `reconsent_required` (a ledger event each, in the same transaction) and tells
 * them by email once committed; a minor version asks nothing of anyone.
 *
 * Locks (ADR 016): the form, exclusively, so no signature is in flight while the set of affected participants is
 * chosen (grantConsent holds it shared); the draft's row, so an edit saved a moment earlier is what gets hashed and
 * one saved later is refused; then every affected participant, in id order, so each one's choices are read as they
 * stand; the ledger last.
 */
export async function publishFormVersion(
  options: {
    formVersionId: string;
    publishedById: string | null;
    actorRole: string;
    now?: Date;
    /** A major version: the day (ISO, JST) by which participants are asked to decide, shown on home and in the mails (ADR 120). */
    reconsentDeadline?: string | null;
    context: AuditContext;
  },
  db: Database = getDatabase(),
): Promise<{ contentHash: string; reconsentRequested: string[]; deadline: string | null }> {
  const result = await db.$transaction(async (tx) => {
    const draft = await tx.consentFormVersion.findUnique({ where: { id: options.formVersionId }, select: { formKey: true } });
    if (!draft) throw new AppError("not_found");
    await lockForm(tx, draft.formKey, "exclusive");
    // The content is hashed from this read and frozen by the update below: an edit committed in between would
    // otherwise be published under the hash of the text before it.
    await tx.$executeRaw`SELECT 1 FROM "ConsentFormVersion" WHERE "id" = ${options.formVersionId}::uuid FOR UPDATE`;
    const row = await tx.consentFormVersion.findUnique({ where: { id: options.formVersionId } });
    if (!row) throw new AppError("not_found");
    if (row.status === "published") throw new AppError("form_not_editable");
    const now = options.now ?? new Date();
    const content = FormContentSchema.parse(row.content);
    // A major version after a published one asks people to consent again: the panel reviews it first (ADR 061).
    if (content.kind === "major" && (await tx.consentFormVersion.count({ where: { formKey: row.formKey, status: "published", id: { not: row.id } } })) > 0) {
      const refusal = await reviewGateRefusal(tx, row.id);
      if (refusal) throw new AppError(refusal);
    }
    const contentHash = formContentHash(content);
    // A second, concurrent publish of the same draft (a double submit) finds no draft left to update, instead of
    // tripping the freeze trigger with an unexplained database error.
    const { count } = await tx.consentFormVersion.updateMany({
      where: { id: row.id, status: "draft" },
      data: { status: "published", contentHash, publishedAt: now, publishedById: options.publishedById, kind: content.kind, version: content.version },
    });
    if (count !== 1) throw new AppError("form_not_editable");

    const deadline = options.reconsentDeadline ?? null;
    if (deadline !== null) {
      if (content.kind !== "major" || !isReconsentDeadlineAllowed(deadline, now)) throw new AppError("invalid_input");
      await tx.reconsentDeadline.create({ data: { formVersionId: row.id, deadline: new Date(`${deadline}T00:00:00Z`), setById: options.publishedById } });
    }
    const reconsentRequested: string[] = [];
    if (content.kind === "major") {
      const earlier = await tx.consentFormVersion.findMany({ where: { formKey: row.formKey, status: "published", id: { not: row.id } }, select: { id: true, version: true } });
      const earlierIds = earlier.filter((version) => compareVersions(version.version, content.version) < 0).map((version) => version.id);
      // Who is on an earlier version cannot grow meanwhile (signing needs the form lock held here); who is still
      // active, and what they allow, is read again under each participant's lock.
      const candidates = await tx.consentState.findMany({ where: { formVersionId: { in: earlierIds }, status: { in: ["active", "reconsent_required"] } }, select: { participantId: true } });
      const turns = await lockParticipantsConsent(tx, candidates.map((candidate) => candidate.participantId), { now });
      for (const turn of turns.values()) {
        const { state } = turn;
        if (!state || !earlierIds.includes(state.formVersionId ?? "") || (state.status !== "active" && state.status !== "reconsent_required")) continue;
        if (!isAffectedByMajorVersion(state.choices as ChoiceSnapshot, content.affectsChoiceIds)) continue;
        await appendConsentEvent(tx, turn, {
          type: "reconsent_requested",
          actorUserId: options.publishedById,
          actorRole: options.actorRole,
          method: "system",
          formVersionId: state.formVersionId,
          formVersionHash: state.formVersionHash,
          choices: state.choices as ChoiceSnapshot,
          detail: { pendingFormVersionId: row.id, pendingVersion: content.version, pendingFormVersionHash: contentHash, interimRule: content.interimRule },
        });
        reconsentRequested.push(state.participantId);
      }
    }
    await recordAuditEvent(
      tx,
      {
        type: "consent_form.published",
        outcome: "success",
        detail: { formVersionId: row.id, version: content.version, kind: content.kind, contentHash, reconsentRequested: reconsentRequested.length, ...(deadline ? { reconsentDeadline: deadline } : {}) },
      },
      options.context,
    );
    return { contentHash, reconsentRequested, deadline };
  });
  await notifyReconsentRequired(result.reconsentRequested, { deadline: result.deadline }, db);
  return result;
}
