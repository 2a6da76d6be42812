import { randomUUID } from "node:crypto";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import { getDatabase, type Database, type Transaction } from "../../db.server";
import { getEnv } from "../../env.server";
import { fromStoredLanguage, toStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import type { Role } from "../authz";
import { AppError, uuidPattern } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { sendMail } from "../mail/index.server";
import { takeAttempt, type AttemptLimit } from "../security/index.server";
import { applicationPath, applicationSecretOf, applicationTokenHash } from "./panel-application-links.server";
import { panelCallState, type ApplyFields, type PanelApplicationState, type PanelConnection, type PanelDecision } from "./panel-call-forms";
import { callTextIn, lockPanelCall } from "./panel-calls.server";

const log = serviceLogger("app");

/** As the desk's and the sessions' (ADRs 145, 148): a household's worth per network address, a person's per address. */
export const applicationsPerAddress: AttemptLimit = { name: "panel-application:address", points: 20, durationSeconds: 60 * 60 };
export const applicationsPerEmail: AttemptLimit = { name: "panel-application:email", points: 5, durationSeconds: 24 * 60 * 60 };

/** Whether the account says who the applicant says they are: a participant's account, or a proxy's or family's. */
export function connectionShownBy(roles: readonly Role[], connection: PanelConnection): boolean {
  if (connection === "participant") return roles.includes("participant");
  if (connection === "family") return roles.includes("proxy") || roles.includes("family");
  return false;
}

/** The acknowledgement with the application's own page, sent at once (it carries a secret; never queued). */
async function sendAcknowledgement(application: { id: string; email: string; language: SupportedLanguage; submittedAt: Date }, title: string): Promise<void> {
  const appUrl = getEnv().APP_URL;
  try {
    await sendMail({ to: application.email, language: application.language, template: "panel-application-notice", props: { kind: "received", title, pageUrl: new URL(applicationPath(application), appUrl).toString() } });
  } catch (error) {
    log.warn({ applicationId: application.id, error: errorText(error) }, "panel application acknowledgement could not be mailed");
  }
}

export type ApplyResult = { ok: true; applicationId: string } | { ok: false; retryAfterSeconds: number };

/**
 * Anyone applies to an open call (issue 59 item 3; ADR 151), signed in or not; once per address per call — the same
 * address again is sent its page again, and changes nothing. Checked under the call's row lock: not before it opens,
 * not after it closes. A signed-in applicant's connection is `verified` when their account shows it.
 */
export async function applyToPanelCall(
  options: { callId: string; input: ApplyFields; userId: string | null; roles: readonly Role[]; language: SupportedLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<ApplyResult> {
  const { input } = options;
  const email = input.email.toLowerCase();
  const allowed = await takeAttempt([
    { limit: applicationsPerAddress, key: [options.request.ipAddress ?? "unknown"] },
    { limit: applicationsPerEmail, key: [email] },
  ]);
  if (!allowed.allowed) return { ok: false, retryAfterSeconds: allowed.retryAfterSeconds };
  const now = options.request.now ?? new Date();
  const outcome = await db.$transaction(async (tx) => {
    const call = await lockPanelCall(tx, options.callId);
    if (panelCallState(call, now) !== "open") throw new AppError("panel_call_closed");
    const known = await tx.panelApplication.findUnique({ where: { callId_email: { callId: call.id, email } }, select: { id: true, submittedAt: true, language: true } });
    if (known) return { application: { id: known.id, email, language: fromStoredLanguage(known.language), submittedAt: known.submittedAt }, title: call.title };
    const id = randomUUID();
    await tx.panelApplication.create({
      data: {
        id,
        callId: call.id,
        userId: options.userId,
        name: input.name,
        email,
        language: toStoredLanguage(options.language),
        connection: input.connection,
        verified: options.userId !== null && connectionShownBy(options.roles, input.connection),
        diseaseArea: input.diseaseArea,
        prefecture: input.prefecture,
        ageBand: input.ageBand,
        motivation: input.motivation.trim(),
        needs: input.needs?.trim() ? input.needs.trim() : null,
        tokenHash: applicationTokenHash(applicationSecretOf({ id, submittedAt: now })),
        submittedAt: now,
      },
    });
    await recordAuditEvent(tx, { type: "panel.application_changed", outcome: "success", detail: { callId: call.id, applicationId: id, change: "received" } }, { actorUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
    return { application: { id, email, language: options.language, submittedAt: now }, title: call.title };
  });
  await sendAcknowledgement(outcome.application, callTextIn(outcome.title, outcome.application.language));
  return { ok: true, applicationId: outcome.application.id };
}

async function applicationByLink(applicationId: string, secret: string, db: Database | Transaction) {
  if (!uuidPattern.test(applicationId) || !/^[0-9a-f]{64}$/.test(secret)) return null;
  const row = await db.panelApplication.findUnique({ where: { tokenHash: applicationTokenHash(secret) }, select: { id: true, callId: true, name: true, state: true, reason: true, submittedAt: true, decidedAt: true } });
  return row && row.id === applicationId ? row : null;
}

export interface ApplicationView {
  id: string;
  name: string;
  state: PanelApplicationState;
  /** Why, once decided: the words staff wrote for the applicant. */
  reason: string | null;
  callId: string;
  title: string;
  submittedAt: string;
  decidedAt: string | null;
  withdrawable: boolean;
}

/** The page behind the application's link: a wrong secret reads as no page. */
export async function readPanelApplication(options: { applicationId: string; secret: string; language: SupportedLanguage }, db: Database = getDatabase()): Promise<ApplicationView> {
  const row = await applicationByLink(options.applicationId, options.secret, db);
  if (!row) throw new AppError("not_found");
  const call = await db.panelCall.findUniqueOrThrow({ where: { id: row.callId }, select: { title: true } });
  return {
    id: row.id,
    name: row.name,
    state: row.state as PanelApplicationState,
    reason: row.reason,
    callId: row.callId,
    title: callTextIn(call.title, options.language),
    submittedAt: row.submittedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    withdrawable: row.state === "received" || row.state === "reserve" || row.state === "selected",
  };
}

/**
 * The applicant withdraws (by their link), at any point: before a decision, from the reserve list, or from a seat they
 * were given (which frees it, and ends the panel role the seat gave their account unless another seat holds it). Once:
 * a second press finds it withdrawn.
 */
export async function withdrawPanelApplication(options: { applicationId: string; secret: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  await db.$transaction(async (tx) => {
    const found = await applicationByLink(options.applicationId, options.secret, tx);
    if (!found) throw new AppError("not_found");
    await lockPanelCall(tx, found.callId);
    const seat = await tx.panelApplication.findUniqueOrThrow({ where: { id: found.id }, select: { state: true, userId: true } });
    const { count } = await tx.panelApplication.updateMany({ where: { id: found.id, state: { in: ["received", "reserve", "selected"] } }, data: { state: "withdrawn", ...(seat.state === "selected" ? { leftAt: options.request.now ?? new Date() } : {}) } });
    if (count === 0) throw new AppError("request_already_answered");
    if (seat.state === "selected" && seat.userId) await endSeatRole(tx, seat.userId);
    await recordAuditEvent(tx, { type: "panel.application_changed", outcome: "success", detail: { callId: found.callId, applicationId: found.id, change: "withdrawn" } }, { actorUserId: null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
  });
}

/** A seat given up: the account's panel role goes with it, unless it is the account's own role or another seat holds it. */
async function endSeatRole(tx: Transaction, userId: string): Promise<void> {
  const others = await tx.panelApplication.count({ where: { userId, state: "selected" } });
  if (others > 0) return;
  const user = await tx.user.findUnique({ where: { id: userId }, select: { additionalRoles: true } });
  if (!user?.additionalRoles.includes("panel_member")) return;
  await tx.user.update({ where: { id: userId }, data: { additionalRoles: user.additionalRoles.filter((role) => role !== "panel_member") } });
}

export type { PanelDecision };
