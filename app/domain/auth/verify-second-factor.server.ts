import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { recordAuditEvent } from "../audit/record-audit-event.server";
import { open } from "../security/secret-box.server";
import { sha256 } from "../security/secure-random.server";
import { normalizeRecoveryCode } from "./recovery-codes.server";
import type { RequestContext } from "./request-context";
import { recordSignInFailure } from "./record-sign-in-failure.server";
import { accountKeyOf, isSignInAllowed } from "./sign-in-rate-limit.server";
import { matchTotpCode } from "./totp.server";

export const SecondFactorSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("totp"), code: z.string().trim().regex(/^\d{3}\s?\d{3}$/) }),
  z.object({ method: z.literal("recovery_code"), code: z.string().trim().min(10).max(20) }),
]);
export type SecondFactorInput = z.infer<typeof SecondFactorSchema>;

export const totpKeyPurpose = "totp-key";

export function decodeTotpKey(cipher: string): Uint8Array | null {
  const base64 = open(cipher, totpKeyPurpose);
  return base64 ? new Uint8Array(Buffer.from(base64, "base64")) : null;
}

/**
 * Checks a TOTP code (never the same one twice) or spends a recovery code. Shared by the sign-in second step
 * and by re-authentication; failures count towards the same per-account limit as passwords.
 */
export async function checkSecondFactor(
  db: Database,
  options: { userId: string; input: SecondFactorInput; request: RequestContext },
): Promise<{ ok: true } | { ok: false; reason: "wrong_code" | "rate_limited" }> {
  const now = options.request.now ?? new Date();
  const user = await db.user.findUniqueOrThrow({ where: { id: options.userId } });
  const accountKey = accountKeyOf(user.email);
  const fail = async (reason: "wrong_code" | "rate_limited") => {
    const detail = { method: options.input.method, reason: reason === "rate_limited" ? ("rate_limited" as const) : ("second_factor_wrong" as const) };
    await recordSignInFailure(db, { accountKey, userId: user.id, detail, request: options.request, now });
    return { ok: false as const, reason };
  };

  if (!(await isSignInAllowed(db, { accountKey, ipAddress: options.request.ipAddress, now }))) return fail("rate_limited");

  if (options.input.method === "totp") {
    const key = user.totpSecretCipher ? decodeTotpKey(user.totpSecretCipher) : null;
    const step = key ? matchTotpCode(key, options.input.code, now) : null;
    if (step === null) return fail("wrong_code");
    // Conditional on the last step so two requests racing with one code cannot both pass.
    const { count } = await db.user.updateMany({
      where: { id: user.id, OR: [{ totpLastUsedStep: null }, { totpLastUsedStep: { lt: step } }] },
      data: { totpLastUsedStep: step },
    });
    return count === 1 ? { ok: true } : fail("wrong_code");
  }

  const { count } = await db.recoveryCode.updateMany({
    where: { userId: user.id, codeHash: sha256(normalizeRecoveryCode(options.input.code)), usedAt: null },
    data: { usedAt: now },
  });
  return count === 1 ? { ok: true } : fail("wrong_code");
}

/** The second step of a staff sign-in: marks the session as having passed its second factor. */
export async function verifySecondFactor(
  options: { sessionId: string; userId: string; input: SecondFactorInput; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ ok: true } | { ok: false; reason: "wrong_code" | "rate_limited" }> {
  const input = SecondFactorSchema.parse(options.input);
  const result = await checkSecondFactor(db, { userId: options.userId, input, request: options.request });
  if (!result.ok) return result;
  const now = options.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    await tx.session.update({ where: { id: options.sessionId }, data: { secondFactorAt: now, reauthenticatedAt: now } });
    await recordAuditEvent(
      tx,
      { type: "auth.second_factor_passed", outcome: "success", detail: { method: input.method } },
      { actorUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
  });
  return { ok: true };
}
