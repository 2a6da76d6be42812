import { randomInt } from "node:crypto";

// Crockford base32: no I, L, O or U, so a code read aloud or copied from paper is hard to get wrong.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function randomCrockford(length: number): string {
  let out = "";
  for (let index = 0; index < length; index += 1) out += crockford[randomInt(crockford.length)];
  return out;
}

/** What the pipeline, FHIR clients and the bridge see instead of a name: `TGP-XXXX-XXXX`. */
export function newPseudonym(): string {
  return `TGP-${randomCrockford(4)}-${randomCrockford(4)}`;
}

/** A sample's label: random, so it says nothing about the person or the order of enrolment. */
export function newSampleCode(): string {
  return `S-${randomCrockford(10)}`;
}

/** The code the coordinator hands over at the clinic: 10 characters (50 bits), shown as `XXXXX-XXXXX`. */
export function newInvitationCode(): string {
  return randomCrockford(10);
}

export function formatInvitationCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * Reads a typed code the way Crockford intends: case, spaces and hyphens do not matter, and the look-alikes
 * I/L and O stand for 1 and 0. Full-width characters from a Japanese keyboard are folded first.
 */
export function normalizeInvitationCode(typed: string): string {
  return typed
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-‐－ー―]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
}

export const invitationCodePattern = /^[0-9A-HJKMNP-TV-Z]{10}$/;
