// Issue 27 item 7: an applicant withdraws their own application before it is decided. Through the route's action as a
// browser posts it (the authorization matrix covers who may reach it; the browser test walks it in three languages).
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { isAppError } from "../../app/domain/kernel/app-error";
import { withdrawApplication } from "../../app/domain/access/applications/withdraw-application.server";
import { translator } from "../../app/i18n/i18n";
import { action as withdrawAction, loader as withdrawLoader } from "../../app/routes/applicant/applications.$id_.withdraw";
import { createApplicant, createApplication, type CreatedApplication } from "../factories/data-access-factory";
import { requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

const withdrawals = (applicationId: string) =>
  getDatabase().auditEvent.findMany({ where: { type: "access.application_changed", AND: [{ detail: { path: ["applicationId"], equals: applicationId } }, { detail: { path: ["change"], equals: "withdrawn" } }] } });

async function post(application: CreatedApplication, fields: Record<string, string>, user = application.applicant.user) {
  return settle(() => withdrawAction({ request: formPost(`/applications/${application.id}/withdraw`, fields, cookie.get(user.id) ?? ""), context: loadContext, params: { id: application.id } }));
}
const cookie = new Map<string, string>();
async function signedIn(application: CreatedApplication) {
  cookie.set(application.applicant.user.id, await cookieFor(application.applicant.user));
  return application;
}

describe("withdrawing an application", () => {
  it("from a draft, the secretariat's desk or the committee's review: withdrawn, with the state it left and the reason in the audit row", async () => {
    for (const state of ["draft", "submitted", "in_review"] as const) {
      const application = await signedIn(await createApplication({ state }));
      const page = await settle(() => withdrawLoader({ request: pageGet(`/applications/${application.id}/withdraw`, cookie.get(application.applicant.user.id)!), context: loadContext, params: { id: application.id } }));
      expect(await page.json()).toMatchObject({ withdrawable: true, state });
      const response = await post(application, { confirm: "yes", reason: "資金が得られなかったため" });
      expect(response.status, state).toBe(302);
      expect(response.headers.get("Location")).toBe(`/applications/${application.id}?notice=withdrawn`);
      expect((await getDatabase().dataAccessApplication.findUniqueOrThrow({ where: { id: application.id } })).state).toBe("withdrawn");
      const [audit] = await withdrawals(application.id);
      expect(audit).toMatchObject({ actorUserId: application.applicant.user.id, detail: { change: "withdrawn", from: state, note: "資金が得られなかったため" } });
    }
  });

  it("a review withdrawn takes no more votes: casting needs the review open", async () => {
    const application = await createApplication({ state: "in_review" });
    await withdrawApplication({ applicantId: application.applicant.user.id, applicationId: application.id, reason: null, request: requestFrom() });
    const { castVote } = await import("../../app/domain/access/committee/cast-vote.server");
    const refused = await castVote({ userId: application.applicant.user.id, applicationId: application.id, choice: "approve", rationale: "x", conditions: "", request: requestFrom() }).catch((error: unknown) => error);
    expect(isAppError(refused)).toBe(true);
  });

  it("not once decided or withdrawn: the page says why and a confirmed form is refused, nothing written", async () => {
    for (const state of ["approved", "rejected", "withdrawn"] as const) {
      const application = await signedIn(await createApplication({ state }));
      const page = await settle(() => withdrawLoader({ request: pageGet(`/applications/${application.id}/withdraw`, cookie.get(application.applicant.user.id)!), context: loadContext, params: { id: application.id } }));
      expect(await page.json()).toMatchObject({ withdrawable: false, state });
      const response = await post(application, { confirm: "yes" });
      expect(response.status, state).toBe(409);
      expect(replyErrors(await response.json())).toEqual([translator("ja", "errors")("application_not_withdrawable")]);
      expect((await getDatabase().dataAccessApplication.findUniqueOrThrow({ where: { id: application.id } })).state).toBe(state);
      expect(await withdrawals(application.id)).toHaveLength(0);
    }
  });

  it("another applicant's application is not found, and stays as it was", async () => {
    const application = await createApplication({ state: "submitted" });
    const other = await createApplicant();
    cookie.set(other.user.id, await cookieFor(other.user));
    const response = await post(application, { confirm: "yes" }, other.user);
    expect(response.status).toBe(404);
    expect((await getDatabase().dataAccessApplication.findUniqueOrThrow({ where: { id: application.id } })).state).toBe("submitted");
  });

  it("two withdrawals at once withdraw once; the second is told it is no longer possible", async () => {
    const application = await signedIn(await createApplication({ state: "in_review" }));
    const answers = await Promise.all([post(application, { confirm: "yes" }), post(application, { confirm: "yes" })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([302, 409]);
    expect(await withdrawals(application.id)).toHaveLength(1);
  });

  it("bad input is refused with a translated error and writes nothing: no confirmation, a wrong one, an oversized or hostile reason", async () => {
    const application = await signedIn(await createApplication({ state: "submitted" }));
    for (const fields of [{}, { confirm: "no" }, { confirm: "yes", reason: "あ".repeat(1001) }, { confirm: "yes", reason: "理由\u202Eです" }, { confirm: "yes", reason: "理由\u0000" }] as Record<string, string>[]) {
      const response = await post(application, fields);
      expect(response.status, JSON.stringify(fields).slice(0, 60)).toBe(400);
      const errors = replyErrors(await response.json());
      expect(errors.length, JSON.stringify(fields).slice(0, 60)).toBeGreaterThan(0);
      for (const error of errors) expect(error).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect((await getDatabase().dataAccessApplication.findUniqueOrThrow({ where: { id: application.id } })).state).toBe("submitted");
    expect(await withdrawals(application.id)).toHaveLength(0);
  });
});
