import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { sixDigitCodeSchema } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { open } from "../security/index.server";
import { recognizeDevice } from "./recognize-device.server";
import { recoveryCodeHash, recoveryCodeSchema } from "./recovery-codes.server";
import type { RequestContext } from "../kernel/index";
import { recordSignInFailure } from "./record-sign-in-failure.server";
import { accountKeyOf, beginSignInAttempt } from "./sign-in-rate-limit.server";
import { matchTotpCode } from "./totp.server";

export const SecondFactorSchema = z.discriminatedUnion("method", [
  // Only a code of the right shape is counted as an attempt (beginSignInAttempt): a slip in typing is refused
  // with a sentence saying what a code looks like, before the limits are touched.
  z.object({ method: z.literal("totp"), code: sixDigitCodeSchema() }),
  z.object({ method: z.literal("recovery_code"), code: recoveryCodeSchema() }),
]);
export type SecondFactorInput = z.infer<typeof SecondFactorSchema>;

export const totpKeyPurpose = "totp-key";

export function decodeTotpKey(cipher: string): Uint8Array | null {
  const base64 = open(cipher, totpKeyPurpose);
  return base64 ? new Uint8Array(Buffer.from(base64, "base64")) : null;
}

export type SecondFactorResult = { ok: true } | { ok: false; reason: "wrong_code" } | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks a TOTP code (never the same one twice) or spends a recovery code. Shared by the sign-in second step
 * and by re-authentication; each attempt is counted by the sign-in limits before the code is looked at.
 */
export async function checkSecondFactor(
  db: Database,
  options: { userId: string; input: SecondFactorInput; request: RequestContext },
): Promise<SecondFactorResult> {
  const now = options.request.now ?? new Date();
  const user = await db.user.findUniqueOrThrow({ where: { id: options.userId } });
  const accountKey = accountKeyOf(user.email);
  const wrong = async (): Promise<SecondFactorResult> => {
    await recordSignInFailure(db, { userId: user.id, detail: { method: options.input.method, reason: "second_factor_wrong" }, request: options.request, now });
    return { ok: false, reason: "wrong_code" };
  };

  const gate = await beginSignInAttempt(db, { accountKey, userId: user.id, ipAddress: options.request.ipAddress, deviceToken: options.request.deviceToken });
  if (!gate.allowed) {
    await recordSignInFailure(db, { userId: user.id, detail: { method: options.input.method, reason: "rate_limited" }, request: options.request, now });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
  }

  if (options.input.method === "totp") {
    const key = user.totpSecretCipher ? decodeTotpKey(user.totpSecretCipher) : null;
    const step = key ? matchTotpCode(key, options.input.code, now) : null;
    if (step === null) return wrong();
    // Conditional on the last step so two requests racing with one code cannot both pass.
    const { count } = await db.user.updateMany({
      where: { id: user.id, OR: [{ totpLastUsedStep: null }, { totpLastUsedStep: { lt: step } }] },
      data: { totpLastUsedStep: step },
    });
    if (count !== 1) return wrong();
  } else {
    // One conditional update finds and spends the code: of two requests racing with it, one changes the row.
    const { count } = await db.recoveryCode.updateMany({
      where: { userId: user.id, codeHash: recoveryCodeHash(options.input.code), usedAt: null },
      data: { usedAt: now },
    });
    if (count !== 1) return wrong();
  }
  await gate.succeeded();
  return { ok: true };
}

/** The second step of a staff sign-in: marks the session as having passed its second factor. */
export async function verifySecondFactor(
  options: { sessionId: string; userId: string; input: SecondFactorInput; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ ok: true; deviceToken: string } | Exclude<SecondFactorResult, { ok: true }>> {
  const input = SecondFactorSchema.parse(options.input);
  const result = await checkSecondFactor(db, { userId: options.userId, input, request: options.request });
  if (!result.ok) return result;
  const now = options.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    await tx.session.update({ where: { id: options.sessionId }, data: { secondFactorAt: now, reauthenticatedAt: now } });
    // Only now, with both factors passed, does this browser become one the account knows (ADR 013). The owner was
    // told of a new browser when the password was accepted.
    const device = await recognizeDevice(tx, { userId: options.userId, deviceToken: options.request.deviceToken, userAgent: options.request.userAgent, now });
    await recordAuditEvent(
      tx,
      { type: "auth.second_factor_passed", outcome: "success", detail: { method: input.method } },
      { actorUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    return { ok: true as const, deviceToken: device.deviceToken };
  });
}
