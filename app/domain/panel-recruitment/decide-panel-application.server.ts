import { getDatabase, type Database } from "../../db.server";
import { getEnv } from "../../env.server";
import { fromStoredLanguage } from "../../i18n/languages";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { enqueueMail } from "../mail/index.server";
import { applicationPath } from "./panel-application-links.server";
import { panelCallState, type DecideFields } from "./panel-call-forms";
import { callTextIn, lockPanelCall } from "./panel-calls.server";

/**
 * Staff decide an application (issue 59 item 3; ADR 151) — selected, reserve, or not selected — with a reason the
 * applicant reads, after the call has closed. Under the call's row lock, so the seats are never overfilled however
 * many decide at once; a decision may be changed (a reserve given a seat someone gave up), each change audited and told.
 * A seat given to someone with an account adds the panel role to it (effective on their next request); without one,
 * the staff page says an administrator must make the account. The applicant is mailed in their language, with the
 * reason and their page.
 */
export async function decidePanelApplication(options: { callId: string; input: DecideFields; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const { input } = options;
  const now = options.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const call = await lockPanelCall(tx, options.callId);
    if (panelCallState(call, now) !== "closed") throw new AppError("panel_call_open");
    const application = await tx.panelApplication.findFirst({ where: { id: input.applicationId, callId: call.id }, select: { id: true, state: true, userId: true, email: true, language: true, submittedAt: true } });
    if (!application) throw new AppError("not_found");
    if (application.state === "withdrawn") throw new AppError("request_already_answered");
    if (input.decision === "selected" && application.state !== "selected") {
      const taken = await tx.panelApplication.count({ where: { callId: call.id, state: "selected" } });
      if (taken >= call.seats) throw new AppError("panel_seats_full");
    }
    const reason = input.reason.trim();
    // The seat's dates, for the make-up as it stood at a month's end: given now, or given up now.
    const seat = input.decision === "selected" && application.state !== "selected" ? { seatedAt: now, leftAt: null } : application.state === "selected" && input.decision !== "selected" ? { leftAt: now } : {};
    await tx.panelApplication.update({ where: { id: application.id }, data: { state: input.decision, reason, decidedAt: now, decidedById: options.actorUserId, ...seat } });
    const context = { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
    if (application.userId) {
      const user = await tx.user.findUnique({ where: { id: application.userId }, select: { role: true, additionalRoles: true } });
      const holds = user ? user.role === "panel_member" || user.additionalRoles.includes("panel_member") : true;
      if (user && input.decision === "selected" && !holds) {
        await tx.user.update({ where: { id: application.userId }, data: { additionalRoles: [...user.additionalRoles, "panel_member"] } });
        await recordAuditEvent(tx, { type: "account.roles_changed", outcome: "success", detail: { added: ["panel_member"], removed: [], additionalRoles: [...user.additionalRoles, "panel_member"] } }, { ...context, subjectUserId: application.userId });
      }
      if (user && application.state === "selected" && input.decision !== "selected" && user.additionalRoles.includes("panel_member")) {
        const others = await tx.panelApplication.count({ where: { userId: application.userId, state: "selected", id: { not: application.id } } });
        if (others === 0) {
          const kept = user.additionalRoles.filter((role) => role !== "panel_member");
          await tx.user.update({ where: { id: application.userId }, data: { additionalRoles: kept } });
          await recordAuditEvent(tx, { type: "account.roles_changed", outcome: "success", detail: { added: [], removed: ["panel_member"], additionalRoles: kept } }, { ...context, subjectUserId: application.userId });
        }
      }
    }
    await recordAuditEvent(tx, { type: "panel.application_changed", outcome: "success", detail: { callId: call.id, applicationId: application.id, change: input.decision } }, context);
    const language = fromStoredLanguage(application.language);
    await enqueueMail(
      {
        to: application.email,
        language,
        template: "panel-application-notice",
        props: { kind: input.decision, title: callTextIn(call.title, language), reason, pageUrl: new URL(applicationPath(application), getEnv().APP_URL).toString() },
        userId: application.userId,
        sourceKey: `panel-application:${application.id}:${now.toISOString()}`,
      },
      tx,
    );
  });
}
