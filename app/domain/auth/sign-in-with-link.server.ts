import { getDatabase, type Database } from "../../db.server";
import { constantTimeEqual, sha256 } from "../security/secure-random.server";
import { completeSignIn, type CompletedSignIn } from "./complete-sign-in.server";
import { notifyNewDevice } from "./notify-new-device.server";
import type { RequestContext } from "./request-context";
import { recordSignInFailure } from "./record-sign-in-failure.server";
import { accountKeyOf, isSignInAllowed } from "./sign-in-rate-limit.server";

export type LinkSignInResult =
  | ({ ok: true } & CompletedSignIn)
  | { ok: false; reason: "link_invalid" | "link_expired" | "link_used" | "rate_limited" };

const linkTokenPattern = /^([a-z2-9]{24})\.([a-z2-9]{24})$/;

/** Redeems a sign-in link exactly once, within its 15 minutes. */
export async function signInWithLink(token: string, request: RequestContext, db: Database = getDatabase()): Promise<LinkSignInResult> {
  const now = request.now ?? new Date();
  const match = linkTokenPattern.exec(token);
  const link = match ? await db.signInLink.findUnique({ where: { id: match[1] }, include: { user: true } }) : null;
  const genuine = link && match && constantTimeEqual(sha256(match[2]!), new Uint8Array(link.tokenHash));

  const fail = async (reason: "link_invalid" | "link_expired" | "link_used" | "rate_limited") => {
    const accountKey = genuine ? accountKeyOf(link.user.email) : `link:${match?.[1] ?? "malformed"}`;
    await recordSignInFailure(db, { accountKey, userId: genuine ? link.userId : null, detail: { method: "email_link", reason }, request, now });
    return { ok: false as const, reason };
  };

  if (!genuine) return fail("link_invalid");
  if (!(await isSignInAllowed(db, { accountKey: accountKeyOf(link.user.email), ipAddress: request.ipAddress, now }))) return fail("rate_limited");
  if (link.usedAt) return fail("link_used");
  if (link.expiresAt <= now || link.user.disabledAt) return fail("link_expired");

  const completed = await db.$transaction(async (tx) => {
    // The conditional update is what makes the link single-use when two tabs redeem it at once.
    const { count } = await tx.signInLink.updateMany({ where: { id: link.id, usedAt: null }, data: { usedAt: now } });
    if (count !== 1) return null;
    return completeSignIn(tx, { user: link.user, method: "email_link", secondFactorSatisfied: false, request: { ...request, now } });
  });
  if (!completed) return fail("link_used");
  if (completed.notifyNewDevice) await notifyNewDevice(link.user, request, now);
  return { ok: true, ...completed };
}
