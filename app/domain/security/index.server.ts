/**
 * The security concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { appSecret } from "./app-secret.server";
export { clearCount, giveBack, takeAttempt } from "./attempt-limiter.server";
export type { AttemptLimit, LimitedKey } from "./attempt-limiter.server";
export { keyedCodeHash, keyedCodeHashMatches, keyedDigestHex } from "./keyed-hash.server";
export { open, seal } from "./secret-box.server";
export { signingKeySet } from "./signing-key-set.server";
export type { SigningKeys, SigningKeySet } from "./signing-key-set.server";
export { rekeyLegacyCodeHashes } from "./rekey-legacy-code-hashes.server";
