import type { Transaction } from "../../db.server";
import { generateSecureRandomString, sha256 } from "../security/secure-random.server";

export const recoveryCodeCount = 10;

/** Ten one-time codes like `k3m9p-x2q7r`. 50 bits each: a plain SHA-256 is enough to store them. */
export async function replaceRecoveryCodes(tx: Transaction, userId: string): Promise<string[]> {
  const codes = Array.from({ length: recoveryCodeCount }, () => {
    const raw = generateSecureRandomString(10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: sha256(code) })) });
  return codes;
}

export function normalizeRecoveryCode(input: string): string {
  const compact = input.trim().toLowerCase().replace(/[\s-]/g, "");
  return compact.length === 10 ? `${compact.slice(0, 5)}-${compact.slice(5)}` : compact;
}
