import { z } from "zod";
import type { ReadingSegment } from "./reading-segments";
import { containsKanji } from "./reading-segments";

/**
 * What the browser may ask of POST /readings in one request: the texts it rendered after a client-side navigation
 * that the page's embedded readings did not hold. Bounded so that one request costs at most a few milliseconds.
 */
export const readingRequestLimits = { texts: 100, textLength: 2_000 } as const;

/**
 * The corrections a rendered text was drawn under: an author's (ReadingCorrectionsSchema's) and the page's name
 * readings (name-readings.ts), whose surface is a whole name and whose reading may be empty (the name drawn plain).
 */
const RenderedCorrectionsSchema = z
  .record(z.string().min(1).max(200).refine(containsKanji), z.string().max(400).regex(/^[\u3041-\u309F\u30FC \u3000]*$/))
  .refine((record) => Object.keys(record).length <= 200);

export const ReadingRequestSchema = z.object({
  texts: z
    .array(
      z.object({
        text: z.string().min(1).max(readingRequestLimits.textLength),
        corrections: RenderedCorrectionsSchema.optional(),
      }),
    )
    .min(1)
    .max(readingRequestLimits.texts),
});
export type ReadingRequest = z.infer<typeof ReadingRequestSchema>;

/**
 * Segments as they travel (the page's embedded map, the /readings answer): a plain piece as its string, a piece with
 * a reading as [base, reading]. About half the bytes of the object form.
 */
export type EncodedSegments = (string | [string, string])[];

export function encodeSegments(segments: readonly ReadingSegment[]): EncodedSegments {
  return segments.map((segment) => (segment.reading ? [segment.base, segment.reading] : segment.base));
}

export function decodeSegments(encoded: EncodedSegments): ReadingSegment[] {
  return encoded.map((piece) => (typeof piece === "string" ? { base: piece } : { base: piece[0], reading: piece[1] }));
}
