/**
 * The api-tokens concept's public entry for what the browser may also load (ADR 101): the members the JSON intakes
 * share. Everything else in this folder is the concept's own; lint refuses another concept's import of it.
 */
export { base64PdfField, codeField, hgvsPatternFor } from "./json-api-fields";
