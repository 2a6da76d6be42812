import { getDatabase, type Database } from "../../db.server";
import { constantTimeEqual, sha256 } from "@tsunagi/service-kit/secure-random.server";
import { completeSignIn, type CompletedSignIn } from "./complete-sign-in.server";
import { notifyNewDevice } from "./notify-new-device.server";
import type { RequestContext } from "../kernel/index";
import { recordSignInFailure } from "./record-sign-in-failure.server";
import { accountKeyOf, beginSignInAttempt } from "./sign-in-rate-limit.server";

export type LinkSignInResult =
  | ({ ok: true } & CompletedSignIn)
  | { ok: false; reason: "link_invalid" | "link_expired" | "link_used" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

const linkTokenPattern = /^([a-z2-9]{24})\.([a-z2-9]{24})$/;

/**
 * Redeems a sign-in link exactly once, within its 15 minutes. The secret is 120 random bits, so its plain
 * SHA-256 is as safe to store as a session's (no one can search 2^120 offline); the short codes are keyed (ADR 013).
 */
export async function signInWithLink(token: string, request: RequestContext, db: Database = getDatabase()): Promise<LinkSignInResult> {
  const now = request.now ?? new Date();
  const match = linkTokenPattern.exec(token);
  const link = match ? await db.signInLink.findUnique({ where: { id: match[1] }, include: { user: true } }) : null;
  const genuine = link && match && constantTimeEqual(sha256(match[2]!), new Uint8Array(link.tokenHash)) ? link : null;
  const accountKey = genuine ? accountKeyOf(genuine.user.email) : `link:${match?.[1] ?? "malformed"}`;
  const userId = genuine?.userId ?? null;

  const gate = await beginSignInAttempt(db, { accountKey, userId, ipAddress: request.ipAddress, deviceToken: request.deviceToken });
  const fail = async (reason: "link_invalid" | "link_expired" | "link_used") => {
    await recordSignInFailure(db, { userId, detail: { method: "email_link", reason }, request, now });
    return { ok: false as const, reason };
  };
  if (!gate.allowed) {
    await recordSignInFailure(db, { userId, detail: { method: "email_link", reason: "rate_limited" }, request, now });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
  }
  if (!genuine) return fail("link_invalid");
  if (genuine.usedAt) return fail("link_used");
  if (genuine.expiresAt <= now || genuine.user.disabledAt) return fail("link_expired");

  const completed = await db.$transaction(async (tx) => {
    // The conditional update is what makes the link single-use when two tabs redeem it at once, and what keeps a link
    // ended by a newer welcome link (its expiry set to then, ADR 042 amended) from being used a moment after.
    const { count } = await tx.signInLink.updateMany({ where: { id: genuine.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count !== 1) return null;
    return completeSignIn(tx, { user: genuine.user, method: "email_link", secondFactorSatisfied: false, request: { ...request, now } });
  });
  if (!completed) {
    const after = await db.signInLink.findUnique({ where: { id: genuine.id }, select: { usedAt: true } });
    return fail(after?.usedAt ? "link_used" : "link_expired");
  }
  if (!completed.secondFactorRequired) await gate.succeeded();
  if (completed.notifyNewDevice) await notifyNewDevice(genuine.user, request, now);
  return { ok: true, ...completed };
}
