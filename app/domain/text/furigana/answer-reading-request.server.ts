import { takeAttempt, type AttemptLimit } from "../../security/index.server";
import { loadReadingAnalyser, readingSegments } from "./reading-analyser.server";
import type { ReadingRequest } from "./reading-request";
import { encodeSegments, type EncodedSegments } from "./reading-wire";

/**
 * Per client address: a participant's browser asks once per client-side navigation or form answer, so 300 a minute
 * leaves room for a clinic's shared address while keeping a scripted flood of analyses within a few CPU-seconds.
 */
export const readingRequestLimit: AttemptLimit = { name: "furigana-readings", points: 300, durationSeconds: 60 };

export type ReadingAnswer = { allowed: true; readings: EncodedSegments[] } | { allowed: false; retryAfterSeconds: number };

/**
 * Readings for texts a browser rendered that its page did not carry. Public: the texts came from the browser and the
 * answer is the same for everyone, so it reveals nothing; only the count of requests is limited.
 */
export async function answerReadingRequest(options: { request: ReadingRequest; clientAddress: string }): Promise<ReadingAnswer> {
  const decision = await takeAttempt([{ limit: readingRequestLimit, key: [options.clientAddress] }]);
  if (!decision.allowed) return decision;
  await loadReadingAnalyser();
  return { allowed: true, readings: options.request.texts.map(({ text, corrections }) => encodeSegments(readingSegments(text, corrections))) };
}
