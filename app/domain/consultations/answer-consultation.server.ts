import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import type { RequestContext } from "../kernel/index";
import { takeAttempt, type AttemptLimit } from "../security/index.server";
import type { ConsultationViewer } from "./list-consultations.server";
import { responderFor } from "./responder-for.server";
import { newResponderToken } from "./responder-key.server";
import { submitConsultationResponse } from "./submit-consultation-response.server";
import { uuidPattern } from "../kernel/index";

/**
 * Public answers one address may send in ten minutes. No CAPTCHA (ADR 059: involvement without barriers), so this is
 * what bounds a script that answers again and again without keeping its cookie; a household or a library sharing an
 * address still has room.
 */
export const publicAnswersPerAddressLimit: AttemptLimit = { name: "consultation-public-answer:address", points: 20, durationSeconds: 600 };

export type AnswerOutcome =
  | { ok: true; receiptCode: string; change: "submitted" | "edited"; closesAt: Date; newBrowserToken: string | null }
  | { ok: false; retryAfterSeconds: number };

/**
 * A viewer answers a consultation from its page (ADR 059): as their account when their roles give a capacity it asks,
 * otherwise as the public when it asks the public — through their browser's token, or a new one (handed back to be
 * kept in a cookie) the first time. Public answers are rate-limited per address, each attempt counted before it is
 * read. Refusals as submitConsultationResponse's; a consultation the viewer may not see is not found.
 */
export async function answerConsultation(
  input: { consultationId: string; viewer: ConsultationViewer | null; browserToken: string | null; answers: Readonly<Record<string, unknown>>; request: RequestContext },
  db: Database = getDatabase(),
): Promise<AnswerOutcome> {
  const consultation = await publishedConsultation(db, input.consultationId);
  const who = responderFor(input.viewer, consultation, input.browserToken);
  if (!who) throw new AppError("not_found");
  let responder = who.responder;
  let newBrowserToken: string | null = null;
  if (who.capacity === "public") {
    const decision = await takeAttempt([{ limit: publicAnswersPerAddressLimit, key: [input.request.ipAddress ?? "unknown"] }]);
    if (!decision.allowed) return { ok: false, retryAfterSeconds: decision.retryAfterSeconds };
    if (!responder) {
      newBrowserToken = newResponderToken();
      responder = { kind: "public", browserToken: newBrowserToken };
    }
  }
  const submitted = await submitConsultationResponse({ consultationId: consultation.id, responder: responder!, answers: input.answers, request: input.request }, db);
  return { ok: true, receiptCode: submitted.receiptCode, change: submitted.change, closesAt: consultation.closesAt, newBrowserToken };
}

/** A published consultation's audiences and close, or not found (a draft, an unknown id, not an id at all). */
export async function publishedConsultation(db: Database, consultationId: string) {
  const consultation = uuidPattern.test(consultationId)
    ? await db.consultation.findUnique({ where: { id: consultationId }, select: { id: true, audiences: true, allowsProxy: true, publishedAt: true, closesAt: true } })
    : null;
  if (!consultation || consultation.publishedAt === null) throw new AppError("not_found");
  return consultation;
}
