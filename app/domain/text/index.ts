/**
 * The text concept's public entry for what the browser may also load (ADR 101): the one rule that gives a name its
 * reading (ADR 123).
 */
export { nameReadingCorrections } from "./furigana/name-readings";
export type { NamedPerson } from "./furigana/name-readings";
export { easyJapaneseLimits } from "./furigana/easy-japanese-assessment";
export { decodeSegments, encodeSegments, readingRequestLimits } from "./furigana/reading-wire";
export type { EncodedSegments } from "./furigana/reading-wire";
