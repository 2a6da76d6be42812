/**
 * The auth concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { completeSignIn } from "./complete-sign-in.server";
export { describeDevice } from "./describe-device";
export type { CompletedSignIn } from "./complete-sign-in.server";
export { recognizeDevice } from "./recognize-device.server";
export { requestSignInLink, signInLinkLifetimeMinutes } from "./request-sign-in-link.server";
export { accountKeyOf } from "./sign-in-rate-limit.server";
