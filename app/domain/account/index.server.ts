/**
 * The account concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { lockAccount, replaceOpenLinks, welcomeStandingOf } from "./welcome-links.server";
export { countSecondFactorResetsAwaiting } from "./count-second-factor-resets-awaiting.server";
