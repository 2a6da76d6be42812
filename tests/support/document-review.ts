/**
 * A co-review round (ADR 061) passed with nothing said, for tests whose subject is what publishing a later major
 * version does, not its review: opened and closed through the verbs, so the gate sees a real round.
 */
import { closeReviewRound } from "../../app/domain/consent/forms/review/close-review-round.server";
import { openReviewRound } from "../../app/domain/consent/forms/review/open-review-round.server";

export async function passReviewRound(formVersionId: string, staffUserId: string): Promise<void> {
  const request = { ipAddress: "127.0.0.1", userAgent: "vitest" };
  const { roundId } = await openReviewRound({ formVersionId, actorUserId: staffUserId, request });
  await closeReviewRound({ roundId, actorUserId: staffUserId, request });
}
