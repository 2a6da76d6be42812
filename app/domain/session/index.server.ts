/**
 * The session concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { createSession } from "./create-session.server";
export { endOtherSessions } from "./end-session.server";
export { lockKiosk } from "./lock-kiosk.server";
export { endSession } from "./end-session.server";
export { listSessions } from "./list-sessions.server";
export { signOutOtherSessions } from "./sign-out-other-sessions.server";
export { validateSessionToken } from "./validate-session-token.server";
export type { ValidatedSession } from "./validate-session-token.server";
