import { sha256 } from "@tsunagi/service-kit/secure-random.server";
import { keyedDigestHex } from "../security/index.server";

/**
 * A registration's manage link (ADR 148): its secret is the app's keyed hash of the row and the moment it was asked
 * for, so the confirmation, the reminder and a place offered from the waiting list can all carry it while only its
 * SHA-256 is stored; registering again after cancelling makes a new one.
 */
export function registrationSecretOf(registration: { id: string; registeredAt: Date }): string {
  return keyedDigestHex("briefing-registration", `briefing:${registration.id}:${registration.registeredAt.toISOString()}`);
}

export function registrationTokenHash(secret: string): Uint8Array<ArrayBuffer> {
  return sha256(secret);
}

export function registrationPath(registration: { id: string; registeredAt: Date }): string {
  return `/briefings/registrations/${registration.id}?t=${registrationSecretOf(registration)}`;
}
