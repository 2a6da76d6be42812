/**
 * The updates concept's public entry: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { japanLocalDateTime, storedReadingCorrections } from "./programme-update-schema";
export { markdownRefusalIn, parseStaffMarkdown } from "./staff-markdown";
export { ProgrammeUpdateDraftSchema, PublishUpdateSchema, UpdateCorrectionSchema, readingCorrectionsText } from "./programme-update-schema";
export type { ProgrammeUpdateDraftInput } from "./programme-update-schema";
export { programmeAreas, publicAudience, updateAudiences } from "./update-audiences";
export type { ReaderAudience } from "./update-audiences";
export { textIn } from "./update-languages";
export { staffMarkdownRemarkPlugins } from "./staff-markdown";
