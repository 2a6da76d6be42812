import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { sixDigitCodeSchema } from "../kernel/index";
import { clearCount, takeAttempt, type AttemptLimit } from "../security/index.server";
import { verifyPassword } from "./password.server";
import { recordSignInFailure } from "./record-sign-in-failure.server";
import { accountKeyOf, beginSignInAttempt } from "./sign-in-rate-limit.server";
import { checkSecondFactor } from "./verify-second-factor.server";

/**
 * The coordinator's own proof, as re-authentication takes it (ADR 121): the authenticator app's code, which a patient
 * who watched it typed cannot use again, or the password. Either is counted by the sign-in limits first.
 */
export const KioskUnlockFactorSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("totp"), code: sixDigitCodeSchema() }),
  z.object({ method: z.literal("password"), password: z.string().min(1).max(1024) }),
]);

/** The lock the form was drawn for: an unlock replayed from an earlier lock names another and opens nothing. */
export const KioskUnlockSchema = z.intersection(KioskUnlockFactorSchema, z.object({ lockId: z.string().trim().min(1).max(64) }));
export type KioskUnlockInput = z.infer<typeof KioskUnlockSchema>;

/**
 * Tries on one locked tablet, on top of the sign-in limits the factor's check takes (which count per account and
 * address): five wrong proofs in fifteen minutes and the tablet waits, whoever is guessing.
 */
export const kioskUnlockLimit: AttemptLimit = { name: "kiosk-unlock:session", points: 5, durationSeconds: 15 * 60 };

export type KioskUnlockResult =
  | { ok: true; participantId: string }
  | { ok: false; reason: "stale_lock" | "wrong_password" | "wrong_code" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Unlocks a clinic tablet: the session's lock must be the one the form names, the kiosk's own limit and the sign-in
 * limits must allow another try, and the proof must be the session's own account's. The unlock is conditional on the
 * lock still being the one named, so two tabs sending it at once unlock once; its audit row is in the same transaction.
 */
export async function unlockKiosk(
  options: { sessionId: string; userId: string; input: KioskUnlockInput; request: RequestContext },
  db: Database = getDatabase(),
): Promise<KioskUnlockResult> {
  const input = KioskUnlockSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  const sessionIdPrefix = options.sessionId.slice(0, 6);
  const context: AuditContext = { actorUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  const refused = async (reason: "wrong_credential" | "rate_limited" | "stale_lock", participantId?: string) => {
    await recordAuditEvent(db, { type: "kiosk.unlock_refused", outcome: "failure", detail: { reason, sessionIdPrefix, ...(participantId ? { participantId } : {}) } }, context);
  };

  const held = await db.session.findUnique({ where: { id: options.sessionId }, select: { userId: true, kioskParticipantId: true, kioskLockId: true, kioskLockedAt: true } });
  if (!held || held.userId !== options.userId || !held.kioskParticipantId || held.kioskLockId !== input.lockId) {
    await refused("stale_lock", held?.kioskParticipantId ?? undefined);
    return { ok: false, reason: "stale_lock" };
  }
  const participantId = held.kioskParticipantId;

  const tablet = { limit: kioskUnlockLimit, key: [options.sessionId] } as const;
  const gate = await takeAttempt([tablet]);
  if (!gate.allowed) {
    await refused("rate_limited", participantId);
    return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
  }

  if (input.method === "password") {
    const user = await db.user.findUniqueOrThrow({ where: { id: options.userId }, select: { id: true, email: true, passwordHash: true } });
    const signIn = await beginSignInAttempt(db, { accountKey: accountKeyOf(user.email), userId: user.id, ipAddress: options.request.ipAddress, deviceToken: options.request.deviceToken });
    if (!signIn.allowed) {
      await recordSignInFailure(db, { userId: user.id, detail: { method: "password", reason: "rate_limited" }, request: options.request, now });
      await refused("rate_limited", participantId);
      return { ok: false, reason: "rate_limited", retryAfterSeconds: signIn.retryAfterSeconds };
    }
    if (!(await verifyPassword(user.passwordHash, input.password))) {
      await recordSignInFailure(db, { userId: user.id, detail: { method: "password", reason: "bad_credentials" }, request: options.request, now });
      await refused("wrong_credential", participantId);
      return { ok: false, reason: "wrong_password" };
    }
    await signIn.succeeded();
  } else {
    const result = await checkSecondFactor(db, { userId: options.userId, input: { method: "totp", code: input.code }, request: options.request });
    if (!result.ok) {
      await refused(result.reason === "rate_limited" ? "rate_limited" : "wrong_credential", participantId);
      return result;
    }
  }

  const unlocked = await db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id: options.sessionId, kioskLockId: input.lockId },
      data: { kioskParticipantId: null, kioskLockId: null, kioskLockedAt: null },
    });
    if (count === 0) return false;
    const lockedForSeconds = Math.max(0, Math.round((now.getTime() - (held.kioskLockedAt ?? now).getTime()) / 1000));
    await recordAuditEvent(tx, { type: "kiosk.unlocked", outcome: "success", detail: { participantId, method: input.method, lockedForSeconds, sessionIdPrefix } }, context);
    return true;
  });
  if (!unlocked) {
    await refused("stale_lock", participantId);
    return { ok: false, reason: "stale_lock" };
  }
  await clearCount(tablet);
  return { ok: true, participantId };
}
