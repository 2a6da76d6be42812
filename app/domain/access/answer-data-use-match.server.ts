import { matchDataUse, type DataUseMatch } from "@tsunagi/consent-rules/match-data-use";
import { takeAttempt, type AttemptLimit } from "../security/index.server";
import type { DataUseMatchRequest } from "./data-use-match-request";

/**
 * Per client address: a tool checking a catalogue of datasets against a purpose asks once per dataset, so 120 a
 * minute; the matcher itself costs microseconds, the limit keeps the counter table and the logs in proportion.
 */
export const dataUseMatchLimit: AttemptLimit = { name: "data-use-match", points: 120, durationSeconds: 60 };

export type DataUseMatchAnswer = ({ allowed: true } & DataUseMatch) | { allowed: false; retryAfterSeconds: number };

/** The matcher for tools (ADR 039): public, reads and writes nothing of anyone's, only the request count. */
export async function answerDataUseMatch(options: { request: DataUseMatchRequest; clientAddress: string }): Promise<DataUseMatchAnswer> {
  const decision = await takeAttempt([{ limit: dataUseMatchLimit, key: [options.clientAddress] }]);
  if (!decision.allowed) return decision;
  return { allowed: true, ...matchDataUse(options.request.dataUse, options.request.purpose) };
}
