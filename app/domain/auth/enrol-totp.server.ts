import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { sixDigitCodeSchema } from "../kernel/index";
import { open, seal } from "../security/index.server";
import { notifyFactorChange } from "./notify-factor-change.server";
import { isRecentlyAuthenticated } from "./recent-authentication";
import { recognizeDevice } from "./recognize-device.server";
import { replaceRecoveryCodes } from "./recovery-codes.server";
import type { RequestContext } from "../kernel/index";
import { formatTotpKeyForHumans, generateTotpKey, matchTotpCode, totpKeyUri } from "./totp.server";
import { totpKeyPurpose } from "./verify-second-factor.server";

const pendingPurpose = "totp-enrolment";

/**
 * Starts enrolment. The new key travels in a sealed (encrypted, authenticated) form field bound to this user,
 * so nothing is stored until the person proves their app shows the right code, and a tampered field fails.
 */
export function beginTotpEnrolment(user: { id: string; email: string }) {
  const key = generateTotpKey();
  const base64 = Buffer.from(key).toString("base64");
  return {
    pendingKey: seal(JSON.stringify({ userId: user.id, key: base64 }), pendingPurpose),
    keyUri: totpKeyUri(user.email, key),
    manualKey: formatTotpKeyForHumans(key),
  };
}

export function readPendingTotpEnrolment(pendingKey: string, user: { id: string; email: string }) {
  const opened = open(pendingKey, pendingPurpose);
  if (!opened) return null;
  const parsed = z.object({ userId: z.string(), key: z.string() }).safeParse(safeJson(opened));
  if (!parsed.success || parsed.data.userId !== user.id) return null;
  const key = new Uint8Array(Buffer.from(parsed.data.key, "base64"));
  return { pendingKey, keyUri: totpKeyUri(user.email, key), manualKey: formatTotpKeyForHumans(key), key };
}

export const ConfirmTotpSchema = z.object({
  pendingKey: z.string().min(20).max(400),
  code: sixDigitCodeSchema(),
});

/** Confirms enrolment with a code from the app; returns the recovery codes, shown to the person exactly once. */
export async function confirmTotpEnrolment(
  options: {
    session: { id: string; userId: string; createdAt: Date; reauthenticatedAt: Date | null; secondFactorAt: Date | null };
    input: z.infer<typeof ConfirmTotpSchema>;
    request: RequestContext;
  },
  db: Database = getDatabase(),
): Promise<{ recoveryCodes: string[] }> {
  const input = ConfirmTotpSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  const user = await db.user.findUniqueOrThrow({ where: { id: options.session.userId } });
  // Adding or replacing a factor on a fully signed-in session needs a fresh proof of identity (someone at an
  // unlocked, unattended session must not bind their own app). Staff enrolling their mandatory factor in the
  // middle of signing in have a session that can do nothing else, so the password they just typed suffices.
  const midSignIn = options.session.secondFactorAt === null && !user.totpEnabledAt;
  if (!midSignIn && !isRecentlyAuthenticated(options.session, now)) throw new AppError("reauthentication_required");
  const pending = readPendingTotpEnrolment(input.pendingKey, user);
  if (!pending) throw new AppError("invalid_input");
  const step = matchTotpCode(pending.key, input.code, now);
  if (step === null) throw new AppError("wrong_code");

  const recoveryCodes = await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { totpSecretCipher: seal(Buffer.from(pending.key).toString("base64"), totpKeyPurpose), totpEnabledAt: now, totpLastUsedStep: step },
    });
    await tx.session.update({ where: { id: options.session.id }, data: { secondFactorAt: now } });
    // Enrolling in the middle of signing in finishes that sign-in: the browser becomes one the account knows.
    if (midSignIn) await recognizeDevice(tx, { userId: user.id, deviceToken: options.request.deviceToken, userAgent: options.request.userAgent, now });
    const codes = await replaceRecoveryCodes(tx, user.id);
    const context = { actorUserId: user.id, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
    await recordAuditEvent(tx, { type: "auth.factor_changed", outcome: "success", detail: { factor: "totp", change: user.totpEnabledAt ? "changed" : "added" } }, context);
    await recordAuditEvent(tx, { type: "auth.factor_changed", outcome: "success", detail: { factor: "recovery_codes", change: "regenerated" } }, context);
    return codes;
  });
  await notifyFactorChange(user, "totp_enrolled", now);
  return { recoveryCodes };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
