/**
 * The text concept's public entry for server code (ADR 101): the reading analyser, for what other concepts draw
 * themselves in やさしい日本語 (the signed consent PDF, ADR 123).
 */
export { loadReadingAnalyser, readingSegments } from "./furigana/reading-analyser.server";
export type { ReadingSegment } from "./furigana/reading-segments";
export { answerReadingRequest } from "./furigana/answer-reading-request.server";
export { ReadingRequestSchema } from "./furigana/reading-request";
export { assessEasyJapanese } from "./furigana/assess-easy-japanese.server";
