import { createHash } from "node:crypto";

/**
 * What a moderator saw of a free-text answer, as the queue's forms carry it back: a decision is refused when the
 * author changed the text since (ADR 059, moderation), though the answer is `pending` either way.
 */
export function answerTextFingerprint(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, 32);
}
