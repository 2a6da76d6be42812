/**
 * Which key of a signer's JWK set signs at a given moment (ADR 054). Pure: the bridge's answer keys and the ledger's
 * checkpoint keys both choose by this rule, so a rotation behaves the same way for both.
 *
 * A key may carry an activation time, the JWK member `tsunagi_signs_from` (ISO 8601, UTC). It is published — in the
 * JWK set, for verification — from the moment it is in the file, and signs only from that time, so a verifier has
 * had the new key for longer than any cache of the JWK set holds before the first signature by it appears.
 */
export const SIGNS_FROM_MEMBER = "tsunagi_signs_from";

/**
 * The longest any of Tsunagi's JWK sets may be cached: the Cache-Control max-age of the bridge's
 * `/.well-known/jwks.json` and of `/transparency/jwks.json`. A verifier or a proxy may hold a set this long.
 */
export const JWKS_MAX_AGE_SECONDS = 300;

/**
 * The least time between a new key entering the file and its first signature, unless the rotation is forced: twice
 * the JWK sets' cache, which also covers each service's re-read of the file (10 s) and clocks a little apart. Shorter,
 * a verifier holding a cached set could meet a signature by a key it does not have.
 */
export const MIN_ACTIVATION_DELAY_MS = 2 * JWKS_MAX_AGE_SECONDS * 1000;

/** The rotation script's delay when none is given: time to copy the file to every replica, then the caches' time. */
export const DEFAULT_ACTIVATION_DELAY_MS = 60 * 60_000;

export interface ScheduledKey {
  /** Milliseconds since the epoch from which it signs; null: since forever (a key from before rotations existed). */
  signsFrom: number | null;
  /** Null for a public-only entry: a retired key, kept so that what it signed still verifies. It never signs. */
  privateKey: unknown;
}

/**
 * The key that signs at `at`: of the keys with a private part whose activation is not later than `at`, the one whose
 * activation is the latest; a key without one counts as active since forever; on a tie, the first in the file. Null
 * when none may sign then. A file without activation times therefore signs with its first private key, as before
 * rotations existed.
 */
export function signingKeyAt<Key extends ScheduledKey>(keys: readonly Key[], at: number): Key | null {
  let chosen: Key | null = null;
  let chosenFrom = -Infinity;
  for (const key of keys) {
    if (key.privateKey === null) continue;
    const from = key.signsFrom ?? -Infinity;
    if (from > at) continue;
    // Strictly later: on equal activation times the earlier key in the file keeps its place.
    if (chosen === null || from > chosenFrom) {
      chosen = key;
      chosenFrom = from;
    }
  }
  return chosen;
}

/**
 * The key a running service signs with at `at`. As `signingKeyAt`, except when no key may sign yet because the
 * machine's clock was stepped back below every activation after the service started signing: then the key that
 * activates first, so that a service which could sign never stops (it was accepted at start because a key could
 * sign then). Null only for a set with no private key at all.
 */
export function signingKeyForService<Key extends ScheduledKey>(keys: readonly Key[], at: number): Key | null {
  const chosen = signingKeyAt(keys, at);
  if (chosen) return chosen;
  let earliest: Key | null = null;
  for (const key of keys) {
    if (key.privateKey === null) continue;
    if (earliest === null || (key.signsFrom ?? -Infinity) < (earliest.signsFrom ?? -Infinity)) earliest = key;
  }
  return earliest;
}

/** The next moment after `at` at which the signing key changes, with the key that signs from then; null when none. */
export function nextSigningChange<Key extends ScheduledKey>(keys: readonly Key[], at: number): { at: number; key: Key } | null {
  const now = signingKeyAt(keys, at);
  let next: { at: number; key: Key } | null = null;
  for (const key of keys) {
    if (key.privateKey === null || key.signsFrom === null || key.signsFrom <= at) continue;
    if (next === null || key.signsFrom < next.at) next = { at: key.signsFrom, key: signingKeyAt(keys, key.signsFrom)! };
  }
  return next && next.key !== now ? next : next && nextSigningChange(keys, next.at);
}
