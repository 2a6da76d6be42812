import { z } from "zod";
import { canonicalJson } from "../event-hash";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const positiveDecimal = z.string().regex(/^[1-9][0-9]*$/);

/**
 * One consent event as the witness saw it committed (ADR 113): its place in the global chain and the chain's hash
 * there, whose it is and its own hash. Nothing else: the witness records positions and hashes, never consent content.
 */
export const WitnessedEventSchema = z.strictObject({
  globalSeq: positiveDecimal,
  chainHash: sha256Hex,
  participantId: z.string().min(1),
  participantSeq: z.number().int().positive(),
  hash: sha256Hex,
});
export type WitnessedEvent = z.infer<typeof WitnessedEventSchema>;

/** One line of the witness log: the events one look found, in global order, and when it found them. */
export const WitnessLineSchema = z.strictObject({
  seenAt: z.iso.datetime(),
  events: z.array(WitnessedEventSchema).min(1),
});
export type WitnessLine = z.infer<typeof WitnessLineSchema>;

export function witnessLine(line: WitnessLine): string {
  return canonicalJson(line);
}

/** Null when the text is not a witness line: torn by a crash mid-append, or not one at all. */
export function parseWitnessLine(text: string): WitnessLine | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = WitnessLineSchema.safeParse(json);
  if (!parsed.success) return null;
  // Consecutive and increasing within a line: the witness reads a range of the global chain in order.
  for (let index = 1; index < parsed.data.events.length; index++) {
    if (BigInt(parsed.data.events[index]!.globalSeq) !== BigInt(parsed.data.events[index - 1]!.globalSeq) + 1n) return null;
  }
  return parsed.data;
}

/** The events of a line with the time the witness saw them, one by one. */
export function* eventsOf(line: WitnessLine): Generator<WitnessedEvent & { seenAt: string }> {
  for (const event of line.events) yield { ...event, seenAt: line.seenAt };
}
