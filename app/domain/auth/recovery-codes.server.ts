import { z } from "zod";
import type { Transaction } from "../../db.server";
import { compactCode, refusedAs } from "../kernel/index";
import { typedString } from "../kernel/index";
import { keyedCodeHash } from "../security/index.server";
import { generateSecureRandomString, secureRandomAlphabet } from "@tsunagi/service-kit/secure-random.server";

export const recoveryCodeCount = 10;

/**
 * Ten one-time codes like `k3m9p-x2q7r`, 50 bits each: few enough that a bare hash could be searched offline by
 * whoever copies the database, so they are stored as a keyed hash (ADR 013).
 */
export async function replaceRecoveryCodes(tx: Transaction, userId: string): Promise<string[]> {
  const codes = Array.from({ length: recoveryCodeCount }, () => {
    const raw = generateSecureRandomString(10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  // Two regenerations at once would each delete the old set and both insert: the lock makes the second wait, so
  // exactly one set of ten — the one shown last — is left.
  await tx.$queryRaw`SELECT 1 FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: recoveryCodeHash(code) })) });
  return codes;
}

export function normalizeRecoveryCode(input: string): string {
  const compact = compactCode(input).toLowerCase();
  return compact.length === 10 ? `${compact.slice(0, 5)}-${compact.slice(5)}` : compact;
}

/** Ten characters of the codes' own alphabet once spaces, hyphens and case are set aside; anything else is a slip. */
export function recoveryCodeSchema() {
  return typedString("code")
    .pipe(z.string().max(40))
    .refine((value) => new RegExp(`^[${secureRandomAlphabet}]{10}$`).test(value.toLowerCase()), refusedAs("recoveryCodeShape"));
}

/** Deterministic, so the code can be looked up (and spent) in one conditional UPDATE. */
export function recoveryCodeHash(typed: string): Uint8Array<ArrayBuffer> {
  return keyedCodeHash("recovery-code", normalizeRecoveryCode(typed));
}
