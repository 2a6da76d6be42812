import { sha256 } from "@tsunagi/service-kit/secure-random.server";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { getEnv } from "../../../env.server";
import { toStoredLanguage, type SupportedLanguage } from "../../../i18n/languages";
import { AppError, uuidPattern } from "../../kernel/index";
import { FollowDecisionSchema } from "./follow-schema";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import type { ContactCheckVerdict } from "../../mail";
import { sendMail } from "../../mail/index.server";
import { keyedDigestHex, takeAttempt, type AttemptLimit } from "../../security/index.server";
import type { LocalizedText } from "../consultation-model";
import type { DecisionState } from "../consultation-report";
import { textIn } from "../list-consultations.server";

const log = serviceLogger("app");

/** Per network address and per e-mail address, as the consultation desk's (ADR 145): a waiting room's worth, not a flood. */
export const followsPerAddress: AttemptLimit = { name: "decision-follow:address", points: 20, durationSeconds: 60 * 60 };
export const followsPerEmail: AttemptLimit = { name: "decision-follow:email", points: 5, durationSeconds: 24 * 60 * 60 };


/**
 * The link's secret: derived from the follower's row and the moment it was (last) asked for with the app's keyed hash,
 * so a notice can carry the stop link without the secret being stored anywhere but as its SHA-256, and asking again
 * makes a new link (the old one stops working).
 */
export function followSecretOf(follower: { id: string; requestedAt: Date }): string {
  return keyedDigestHex("decision-follow", `follow:${follower.id}:${follower.requestedAt.toISOString()}`);
}

export function followPath(follower: { id: string; requestedAt: Date }): string {
  return `/follow/${follower.id}?t=${followSecretOf(follower)}`;
}

/** A decision anyone may read: its consultation has a published report, where decisions are shown (ADR 063). */
async function publicDecision(consultationId: string, decisionId: string, db: Database) {
  if (!uuidPattern.test(consultationId) || !uuidPattern.test(decisionId)) return null;
  const decision = await db.consultationDecision.findFirst({
    where: { id: decisionId, consultationId, consultation: { reportVersions: { some: { status: "published" } } } },
    select: { id: true, text: true, state: true, consultation: { select: { id: true, title: true } } },
  });
  return decision;
}

export interface FollowableDecision {
  consultationId: string;
  consultationTitle: string;
  decision: string;
  state: DecisionState;
}

export async function loadFollowableDecision(options: { consultationId: string; decisionId: string; language: SupportedLanguage }, db: Database = getDatabase()): Promise<FollowableDecision> {
  const decision = await publicDecision(options.consultationId, options.decisionId, db);
  if (!decision) throw new AppError("not_found");
  return {
    consultationId: decision.consultation.id,
    consultationTitle: textIn(decision.consultation.title, options.language),
    decision: (decision.text as unknown as LocalizedText)[options.language] || (decision.text as unknown as LocalizedText).ja,
    state: decision.state as DecisionState,
  };
}

export type FollowDecisionResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Anyone asks by mail to hear when a decision moves (issue 59 item 2; ADR 147). Double opt-in: nothing is sent but a
 * confirmation link, at once and not through the queue (it holds the secret), until the address's holder confirms. The
 * answer is the same whether the address already follows, is waiting, or is new: the page never says who follows what.
 * An address already following is not mailed again; one waiting or stopped gets a new link.
 */
export async function followDecision(
  options: { consultationId: string; decisionId: string; input: unknown; language: SupportedLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<FollowDecisionResult> {
  const { email: typed } = FollowDecisionSchema.parse(options.input);
  const email = typed.toLowerCase();
  const decision = await publicDecision(options.consultationId, options.decisionId, db);
  if (!decision) throw new AppError("not_found");
  const allowed = await takeAttempt([
    { limit: followsPerAddress, key: [options.request.ipAddress ?? "unknown"] },
    { limit: followsPerEmail, key: [email] },
  ]);
  if (!allowed.allowed) return { ok: false, retryAfterSeconds: allowed.retryAfterSeconds };
  const now = options.request.now ?? new Date();
  const made = await db.$transaction(async (tx) => {
    // Two presses at once wait for each other here: one row, one link.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`decision-follow:${decision.id}:${email}`}, 0))`;
    const known = await tx.decisionFollower.findUnique({ where: { decisionId_email: { decisionId: decision.id, email } }, select: { id: true, confirmedAt: true, stoppedAt: true } });
    if (known?.confirmedAt && !known.stoppedAt) return null;
    const id = known?.id ?? crypto.randomUUID();
    const follower = { id, requestedAt: now };
    const tokenHash = sha256(followSecretOf(follower));
    if (known) await tx.decisionFollower.update({ where: { id }, data: { tokenHash, requestedAt: now, confirmedAt: null, stoppedAt: null, language: toStoredLanguage(options.language) } });
    else await tx.decisionFollower.create({ data: { id, decisionId: decision.id, email, language: toStoredLanguage(options.language), tokenHash, requestedAt: now } });
    await recordAuditEvent(tx, { type: "decision.follow_changed", outcome: "success", detail: { followerId: id, decisionId: decision.id, change: "requested" } }, { actorUserId: null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
    return follower;
  });
  if (made) {
    try {
      await sendMail({ to: email, language: options.language, template: "account-notice", props: { kind: "decision_follow_confirm", url: new URL(followPath(made), getEnv().APP_URL).toString() } });
    } catch (error) {
      // Nothing follows without the confirmation; asking again sends a new link.
      log.warn({ followerId: made.id, error: errorText(error) }, "decision follow confirmation could not be mailed");
    }
  }
  return { ok: true };
}

export interface FollowView {
  state: "waiting" | "following" | "stopped";
  consultationId: string;
  consultationTitle: string;
  decision: string;
  decisionState: DecisionState;
}

async function followerByLink(followerId: string, secret: string, db: Database | Transaction) {
  if (!uuidPattern.test(followerId) || !/^[0-9a-f]{64}$/.test(secret)) return null;
  const follower = await db.decisionFollower.findUnique({
    where: { tokenHash: sha256(secret) },
    select: { id: true, confirmedAt: true, stoppedAt: true, decision: { select: { text: true, state: true, consultation: { select: { id: true, title: true } } } } },
  });
  return follower && follower.id === followerId ? follower : null;
}

/** The page behind the link: what is followed and where it stands; a wrong secret reads as no page at all. */
export async function readFollow(options: { followerId: string; secret: string; language: SupportedLanguage }, db: Database = getDatabase()): Promise<FollowView> {
  const follower = await followerByLink(options.followerId, options.secret, db);
  if (!follower) throw new AppError("not_found");
  const text = follower.decision.text as unknown as LocalizedText;
  return {
    state: follower.stoppedAt ? "stopped" : follower.confirmedAt ? "following" : "waiting",
    consultationId: follower.decision.consultation.id,
    consultationTitle: textIn(follower.decision.consultation.title, options.language),
    decision: text[options.language] || text.ja,
    decisionState: follower.decision.state as DecisionState,
  };
}

/**
 * Confirms following, or stops it, from the link (a button on the page, never the GET a mail scanner makes). Each is
 * a compare-and-set on the row: pressed twice, the second changes nothing and is not an error.
 */
export async function setFollowing(options: { followerId: string; secret: string; intent: "confirm" | "stop"; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = options.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const follower = await followerByLink(options.followerId, options.secret, tx);
    if (!follower) throw new AppError("not_found");
    const { count } =
      options.intent === "confirm"
        ? await tx.decisionFollower.updateMany({ where: { id: follower.id, confirmedAt: null, stoppedAt: null }, data: { confirmedAt: now } })
        : await tx.decisionFollower.updateMany({ where: { id: follower.id, stoppedAt: null }, data: { stoppedAt: now } });
    if (count === 1) {
      await recordAuditEvent(
        tx,
        { type: "decision.follow_changed", outcome: "success", detail: { followerId: follower.id, change: options.intent === "confirm" ? "confirmed" : "stopped" } },
        { actorUserId: null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
      );
    }
  });
}

/** A follower's notice, asked again when it leaves (contact-check.ts, `decision_follow`): still confirmed, not stopped. */
export async function followStillAllowed(followerId: string, db: Database = getDatabase()): Promise<ContactCheckVerdict> {
  const follower = await db.decisionFollower.findUnique({ where: { id: followerId }, select: { confirmedAt: true, stoppedAt: true } });
  if (!follower) return { allowed: false, reason: "contact_subject_gone" };
  return follower.confirmedAt && !follower.stoppedAt ? { allowed: true } : { allowed: false, reason: "follow_stopped" };
}
