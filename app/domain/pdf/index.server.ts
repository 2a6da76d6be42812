/**
 * The pdf concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { openPdfDocument } from "./open-pdf-document.server";
export { drawRubyText, flowRubyText, rubyTextHeight } from "./ruby-text.server";
export type { RubyRun, RubySegment, RubyTextStyle } from "./ruby-text.server";
export { openTextDocument } from "./text-document.server";
export type { TextDocumentOptions, TextValue } from "./text-document.server";
