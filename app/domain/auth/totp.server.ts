import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import { randomBytes } from "node:crypto";
import { constantTimeEqual } from "@tsunagi/service-kit/secure-random.server";

const periodSeconds = 30;
const digits = 6;

export function generateTotpKey(): Uint8Array {
  return new Uint8Array(randomBytes(20));
}

export function totpKeyUri(accountName: string, key: Uint8Array): string {
  return createTOTPKeyURI("Tsunagi", accountName, key, periodSeconds, digits);
}

/** The key as people type it into an authenticator app by hand, in groups of four. */
export function formatTotpKeyForHumans(key: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(key).replace(/(.{4})(?=.)/g, "$1 ");
}

export function totpStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / periodSeconds);
}

/**
 * Accepts the code of the current 30-second step or its neighbours (clock drift on phones), and returns the
 * step it matched so the caller can refuse the same code twice.
 */
export function matchTotpCode(key: Uint8Array, code: string, now: Date): number | null {
  const normalized = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(normalized)) return null;
  const current = totpStepAt(now);
  for (const step of [current - 1, current, current + 1]) {
    const expected = generateHOTP(key, BigInt(step), digits);
    if (constantTimeEqual(new TextEncoder().encode(expected), new TextEncoder().encode(normalized))) return step;
  }
  return null;
}

/** For tests and the demo file: the code an authenticator app would show now. */
export function currentTotpCode(key: Uint8Array, now: Date = new Date()): string {
  return generateHOTP(key, BigInt(totpStepAt(now)), digits);
}
