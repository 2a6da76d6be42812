/**
 * The updates concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { readerAudienceOf } from "./reader-audience.server";
export { visibleUpdatesValues, visibleUpdatesWhereText } from "./visible-updates-sql.server";
export { countUnreadUpdates } from "./count-unread-updates.server";
export { countUpdateReaders } from "./count-update-readers.server";
export { createProgrammeUpdate } from "./create-programme-update.server";
export { digestStillAllowed } from "./digest-still-allowed.server";
export { editProgrammeUpdateDraft } from "./edit-programme-update-draft.server";
export { listProgrammeUpdates } from "./list-programme-updates.server";
export { listPublicUpdates } from "./list-public-updates.server";
export { listReaderUpdates } from "./list-reader-updates.server";
export { loadProgrammeUpdate } from "./load-programme-update.server";
export type { StaffUpdate } from "./load-programme-update.server";
export { publishProgrammeUpdate } from "./publish-programme-update.server";
export { readProgrammeUpdate } from "./read-programme-update.server";
export { scheduleUpdateDigest } from "./schedule-update-digest.server";
export { sendUpdateDigests } from "./send-update-digests.server";
export { setUpdateDigest, updateDigestEnabled } from "./set-update-digest.server";
export { startUpdateCorrection } from "./start-update-correction.server";
export { findDigestByToken, unsubscribeUpdateDigest } from "./unsubscribe-update-digest.server";
