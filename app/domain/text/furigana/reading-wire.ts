import type { ReadingSegment } from "./reading-segments";

// What the browser needs of the readings' wire, apart from the request's schema (reading-request.ts): the entry loads
// this on every page, and the schema would bring zod with it (27 kB gzipped; issue 60 item 2).

/**
 * What the browser may ask of POST /readings in one request: the texts it rendered after a client-side navigation
 * that the page's embedded readings did not hold. Bounded so that one request costs at most a few milliseconds.
 */
export const readingRequestLimits = { texts: 100, textLength: 2_000 } as const;

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
