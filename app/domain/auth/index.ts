/**
 * The auth concept's public entry: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { describeDevice } from "./describe-device";
export { isRecentlyAuthenticated } from "./recent-authentication";
