import { randomInt } from "node:crypto";
import { getDatabase, type Database } from "../../db.server";
import { fromStoredLanguage } from "../../i18n/languages";
import { usesEmailLinks, type Role } from "../authz";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { sendMail } from "../mail/index.server";
import { keyedCodeHash, keyedCodeHashMatches, takeAttempt, type AttemptLimit } from "../security/index.server";
import { generateSecureRandomString } from "@tsunagi/service-kit/secure-random.server";

/** A mailed code proves again for ten minutes' worth of reading time at most (ADR 141). */
export const proofCodeLifetimeMinutes = 10;
/** Five wrong tries and the code is spent: a million guesses are not reached by five. */
export const proofCodeMaxFailures = 5;
/** Codes one account may be sent per 15 minutes: a lost mail and a retry, not an inbox flood. */
export const proofCodesPerAccountLimit: AttemptLimit = { name: "proof-code:account", points: 5, durationSeconds: 15 * 60 };

/**
 * Who may prove themselves with a code by mail: those who may sign in with a link to the same inbox (participants and
 * the people around them). Staff prove with their password, their authenticator or a passkey: a mailbox is not a
 * second factor for those who hold others' records.
 */
export function mayProveByMail(user: { role: Role; additionalRoles?: readonly Role[] | null }): boolean {
  return usesEmailLinks(user);
}

function preimage(codeId: string, code: string): string {
  return `proof-code:${codeId}:${code}`;
}

/**
 * Mails a six-digit code bound to this session. A newer code replaces the older ones (they stop working), so the
 * code in the latest mail is the one that works. The answer is the same when the limit holds the mail back: the
 * page says a code was sent and when to ask again.
 */
export async function sendProofCode(
  options: { sessionId: string; userId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ sent: true } | { sent: false; reason: "not_allowed" } | { sent: false; reason: "rate_limited"; retryAfterSeconds: number }> {
  const now = options.request.now ?? new Date();
  const user = await db.user.findUniqueOrThrow({ where: { id: options.userId } });
  const context = { actorUserId: user.id, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  if (!mayProveByMail(user)) return { sent: false, reason: "not_allowed" };

  const decision = await takeAttempt([{ limit: proofCodesPerAccountLimit, key: [user.id] }]);
  if (!decision.allowed) {
    await recordAuditEvent(db, { type: "auth.proof_code_sent", outcome: "rate_limited", detail: {} }, context);
    return { sent: false, reason: "rate_limited", retryAfterSeconds: decision.retryAfterSeconds };
  }

  const id = generateSecureRandomString();
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await db.$transaction(async (tx) => {
    await tx.proofCode.updateMany({ where: { sessionId: options.sessionId, usedAt: null }, data: { usedAt: now } });
    await tx.proofCode.create({
      data: { id, sessionId: options.sessionId, codeHash: keyedCodeHash("proof-code", preimage(id, code)), createdAt: now, expiresAt: new Date(now.getTime() + proofCodeLifetimeMinutes * 60_000) },
    });
    await recordAuditEvent(tx, { type: "auth.proof_code_sent", outcome: "success", detail: {} }, context);
  });
  await sendMail({ to: user.email, language: fromStoredLanguage(user.preferredLanguage), template: "account-notice", props: { kind: "proof_code", code, minutes: proofCodeLifetimeMinutes } });
  return { sent: true };
}

/**
 * Spends the session's live code if `code` is it. A wrong code counts against the code (five and it is gone); a right
 * one is taken by a compare-and-set on `usedAt`, so two submits of one code prove once.
 */
export async function spendProofCode(db: Database, options: { sessionId: string; code: string; now: Date }): Promise<boolean> {
  const live = await db.proofCode.findFirst({
    where: { sessionId: options.sessionId, usedAt: null, expiresAt: { gt: options.now } },
    orderBy: { createdAt: "desc" },
  });
  if (!live) return false;
  if (!keyedCodeHashMatches(live.codeHash, "proof-code", preimage(live.id, options.code))) {
    await db.proofCode.updateMany({
      where: { id: live.id, usedAt: null },
      data: live.failedAttempts + 1 >= proofCodeMaxFailures ? { failedAttempts: { increment: 1 }, usedAt: options.now } : { failedAttempts: { increment: 1 } },
    });
    return false;
  }
  const { count } = await db.proofCode.updateMany({ where: { id: live.id, usedAt: null }, data: { usedAt: options.now } });
  return count === 1;
}
