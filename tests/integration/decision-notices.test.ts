// @vitest-environment node
// Told when it moves (issue 59 item 2; ADR 147) on PostgreSQL and the job queue: when a decision about what people
// said changes state, everyone who answered the consultation with an account is told once, in their language, as they
// chose on the one settings page — at once, in the weekly digest, or never (and never means no mail, even one already
// waiting) — and everyone who follows the decision by mail, once they confirmed (double opt-in), until they stop. An
// address that answered with an account is told as that account, not twice. Bad input is refused in words, nothing written.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { followDecision } from "../../app/domain/consultations/follow/follow-decision.server";
import { notifyDecisionChange } from "../../app/domain/consultations/follow/notify-decision-change.server";
import { changeDecisionState } from "../../app/domain/consultations/report/change-decision-state.server";
import { publishConsultationReport } from "../../app/domain/consultations/report/publish-consultation-report.server";
import { saveConsultationDecision } from "../../app/domain/consultations/report/save-consultation-decision.server";
import { saveConsultationReportDraft } from "../../app/domain/consultations/report/save-consultation-report-draft.server";
import { startConsultationReport } from "../../app/domain/consultations/report/start-consultation-report.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { sendNotificationDigests } from "../../app/domain/mail/send-notification-digests.server";
import { action as settingsAction } from "../../app/routes/account/account.notifications";
import { action as followAction, loader as followLoader } from "../../app/routes/public/consultations.$id_.decisions.$decisionId.follow";
import { action as followingAction, loader as followingLoader } from "../../app/routes/public/follow.$followerId";
import { answerConsultation, createPublishedConsultation, responderAccount } from "../factories/consultation-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

const text = (ja: string, jaEasy: string, en: string) => ({ ja, "ja-easy": jaEasy, en });
const empty = text("", "", "");
const afterClosing = () => ({ ...requestFrom(), now: new Date(Date.now() + 15 * 24 * 3600_000) });

/** The report published with one decision, as staff would after the consultation closed. */
async function reportWithDecision(consultationId: string, actorUserId: string): Promise<string> {
  const started = await startConsultationReport({ consultationId, actorUserId, request: afterClosing() });
  const draft = await getDatabase().consultationReportVersion.findUniqueOrThrow({ where: { consultationId_version: { consultationId, version: started.version } } });
  const saved = await saveConsultationReportDraft({
    consultationId,
    expectedUpdatedAt: draft.updatedAt,
    change: { kind: "summary", summary: text("監査を求める声が多くありました。", "チェックを 求める 声が 多く ありました。", "Many asked for audits."), changeNote: empty },
    actorUserId,
    request: afterClosing(),
  });
  const decision = await saveConsultationDecision({
    consultationId,
    decision: { themeId: null, text: text("外部の監査を毎年受けます。", "毎年 外の 人に チェックして もらいます。", "An outside audit every year."), reason: text("多くの方が求めたためです。", "多くの 人が 求めたからです。", "Most asked for it."), links: [] },
    actorUserId,
    request: afterClosing(),
  });
  const latest = await getDatabase().consultationReportVersion.findUniqueOrThrow({ where: { consultationId_version: { consultationId, version: started.version } }, select: { updatedAt: true } });
  expect(saved.updatedAt).toBeDefined();
  await publishConsultationReport({ consultationId, expectedUpdatedAt: latest.updatedAt, actorUserId, request: afterClosing() });
  return decision.id;
}

async function moveDecision(consultationId: string, decisionId: string, state: "adopted" | "done" | "partly", actorUserId: string) {
  const { version } = await getDatabase().consultationDecision.findUniqueOrThrow({ where: { id: decisionId }, select: { version: true } });
  await changeDecisionState({ consultationId, decisionId, expectedVersion: version, state, note: empty, actorUserId, request: afterClosing() });
  return (await getDatabase().consultationDecisionChange.findFirstOrThrow({ where: { decisionId, state }, orderBy: { changedAt: "desc" }, select: { id: true } })).id;
}

const movedMails = (changeId: string) => getDatabase().mailMessage.findMany({ where: { template: "what-moved", sourceKey: { startsWith: `decision-change:${changeId}:` } } });

async function follow(consultationId: string, decisionId: string, email: string) {
  // Asked from a page in English: the follower is told in English.
  const cookie = await cookieFor(null, "en");
  const answer = await settle(() => followAction({ request: formPost(`/consultations/${consultationId}/decisions/${decisionId}/follow`, { email }, cookie), context: { ...loadContext, clientAddress: "198.51.100.7" } as never, params: { id: consultationId, decisionId } }));
  expect(answer.status, email).toBe(302);
  const [mail] = (await listCapturedMail({ to: email.toLowerCase(), limit: 1 })).filter((one) => one.template === "account-notice");
  const link = /\/follow\/([0-9a-f-]{36})\?t=([0-9a-f]{64})/.exec(mail!.text)!;
  return { id: link[1]!, secret: link[2]! };
}

async function press(link: { id: string; secret: string }, intent: string) {
  return settle(() => followingAction({ request: formPost(`/follow/${link.id}`, { intent, t: link.secret }, ""), context: loadContext, params: { followerId: link.id } }));
}

async function settingsPost(user: Parameters<typeof cookieFor>[0], fields: Record<string, string>, language = "en") {
  const cookie = await cookieFor(user, language);
  const answer = await settle(() => settingsAction({ request: formPost("/account/notifications", { intent: "settings", ...fields }, cookie), context: loadContext, params: {} }));
  return { status: answer.status, errors: answer.status === 400 ? replyErrors(await answer.json()) : [] };
}

describe("[responder, follower] a decision changes state", () => {
  it("tells each account as it chose and each confirmed follower, once, in their language; never is never", { timeout: 120_000 }, async () => {
    const consultation = await createPublishedConsultation({ audiences: ["participants", "families", "public"] });
    const staff = await createUser({ role: "elsi_staff", password: null });
    const atOnce = await responderAccount("participant", "ja");
    const english = await responderAccount("family", "en");
    const weekly = await responderAccount("participant", "ja_easy");
    const never = await responderAccount("family", "ja");
    for (const user of [atOnce, english, weekly, never]) await answerConsultation(consultation, user.responder);
    // The settings page, one form for every kind.
    expect(await settingsPost(weekly, { decision_changes: "weekly", consultation_reports: "at_once" })).toMatchObject({ status: 302 });
    expect(await settingsPost(never, { decision_changes: "never", consultation_reports: "never" })).toMatchObject({ status: 302 });
    const decisionId = await reportWithDecision(consultation.id, staff.id);

    // Followers by mail: one confirms, one never does, one confirms and stops, one is an account that answered.
    const confirmed = await follow(consultation.id, decisionId, "Follower.One@test.tsunagi.test");
    const unconfirmed = await follow(consultation.id, decisionId, "follower.two@test.tsunagi.test");
    const stopping = await follow(consultation.id, decisionId, "follower.three@test.tsunagi.test");
    const alsoAccount = await follow(consultation.id, decisionId, english.email);
    for (const link of [confirmed, stopping, alsoAccount]) expect((await press(link, "confirm")).status).toBe(302);
    expect((await press(confirmed, "confirm")).status).toBe(302);
    expect((await press(stopping, "stop")).status).toBe(302);
    const page = async (link: { id: string; secret: string }) =>
      ((await (await settle(() => followingLoader({ request: pageGet(`/follow/${link.id}?t=${link.secret}`, ""), context: loadContext, params: { followerId: link.id } }), { phase: "loader" })).json()) as { follow: { state: string } }).follow.state;
    expect([await page(confirmed), await page(unconfirmed), await page(stopping)]).toEqual(["following", "waiting", "stopped"]);
    expect(await getDatabase().auditEvent.count({ where: { type: "decision.follow_changed", detail: { path: ["followerId"], equals: confirmed.id } } })).toBe(2);

    const adopted = await moveDecision(consultation.id, decisionId, "adopted", staff.id);
    await runJobsUntilSettled();
    const mails = await movedMails(adopted);
    const to = new Map(mails.map((mail) => [mail.toAddress.toLowerCase(), mail]));
    expect([...to.keys()].sort()).toEqual([atOnce.email, english.email, "follower.one@test.tsunagi.test"].map((address) => address.toLowerCase()).sort());
    expect(to.get(atOnce.email.toLowerCase())).toMatchObject({ language: "ja", state: "sent" });
    expect(to.get(english.email.toLowerCase())).toMatchObject({ language: "en", state: "sent", userId: english.id });
    // The job retried: nothing more.
    expect(await notifyDecisionChange({ changeId: adopted })).toEqual({ mailed: 0, digested: 0 });

    const inbox = async (address: string) => (await listCapturedMail({ to: address.toLowerCase() })).filter((mail) => mail.template === "what-moved");
    expect((await inbox(english.email)).map((mail) => mail.subject)).toEqual([`A decision has moved: “Companies using genome data”`]);
    expect((await inbox(atOnce.email))[0]!.subject).toBe(`決定の状況が変わりました：「ゲノムデータの企業利用について」`);
    expect((await inbox(atOnce.email))[0]!.text).toContain("採用");
    const followerMail = (await inbox("follower.one@test.tsunagi.test"))[0]!;
    expect(followerMail.text).toContain(`/follow/${confirmed.id}?t=${confirmed.secret}`);
    expect(followerMail.text).toContain("Adopted");
    for (const address of [weekly.email, never.email, "follower.two@test.tsunagi.test", "follower.three@test.tsunagi.test"]) expect(await inbox(address)).toEqual([]);

    // The weekly digest carries it to the one who chose weekly, in their language, once.
    expect(await getDatabase().notificationDigestItem.count({ where: { userId: weekly.id, sentAt: null } })).toBe(1);
    expect(await getDatabase().notificationDigestItem.count({ where: { userId: never.id } })).toBe(0);
    const monday = new Date(Date.now() + 16 * 24 * 3600_000);
    expect(await sendNotificationDigests({ now: monday })).toEqual({ queued: 1 });
    expect(await sendNotificationDigests({ now: monday })).toEqual({ queued: 0 });
    await runJobsUntilSettled();
    const digest = await inbox(weekly.email);
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toBe("【Tsunagi】今週の お知らせ（1こ）");
    expect(digest[0]!.text).toContain("とりいれる");

    // Another move: the English account chooses "never" while its mail waits — it is withheld, not sent; and the
    // follower who stopped, and the one who stops now, hear nothing more.
    expect((await press(confirmed, "stop")).status).toBe(302);
    const done = await moveDecision(consultation.id, decisionId, "done", staff.id);
    await notifyDecisionChange({ changeId: done });
    expect(await settingsPost(english, { decision_changes: "never", consultation_reports: "at_once" })).toMatchObject({ status: 302 });
    await runJobsUntilSettled();
    const second = new Map((await movedMails(done)).map((mail) => [mail.toAddress.toLowerCase(), [mail.state, mail.lastError]]));
    expect(second.get(english.email.toLowerCase())).toEqual(["withheld", "notification_switched_off"]);
    expect(second.get(atOnce.email.toLowerCase())).toEqual(["sent", null]);
    expect(second.has("follower.one@test.tsunagi.test")).toBe(false);
    expect(await inbox(english.email)).toHaveLength(1);
    expect(await inbox(never.email)).toEqual([]);
  });

  it("refuses a follow, a link or a setting that is none in words, with nothing written; two presses make one follow", { timeout: 60_000 }, async () => {
    const consultation = await createPublishedConsultation({ audiences: ["participants", "families", "public"] });
    const staff = await createUser({ role: "elsi_staff", password: null });
    const decisionId = await reportWithDecision(consultation.id, staff.id);
    const path = `/consultations/${consultation.id}/decisions/${decisionId}/follow`;
    const before = await getDatabase().decisionFollower.count();
    for (const fields of [{} as Record<string, string>, { email: "" }, { email: `${"a".repeat(300)}@example.jp` }, { email: "not an address" }, { email: "a\u202e@example.jp" }, { email: "\u0000" }]) {
      const answer = await settle(() => followAction({ request: formPost(path, fields, ""), context: loadContext, params: { id: consultation.id, decisionId } }));
      expect(answer.status, JSON.stringify(fields).slice(0, 40)).toBe(400);
      expect(replyErrors(await answer.json()).length).toBeGreaterThan(0);
    }
    expect(await getDatabase().decisionFollower.count()).toBe(before);
    // A decision of a consultation with no report, or under another consultation's id, is no page.
    const other = await createPublishedConsultation();
    expect((await settle(() => followLoader({ request: pageGet(`/consultations/${other.id}/decisions/${decisionId}/follow`, ""), context: loadContext, params: { id: other.id, decisionId } }), { phase: "loader" })).status).toBe(404);

    // Two presses at once: one row, and the page says the same either way.
    const request = (email: string) => followDecision({ consultationId: consultation.id, decisionId, input: { email }, language: "ja", request: requestFrom() });
    const [first, second] = await Promise.all([request("twice@test.tsunagi.test"), request("twice@test.tsunagi.test")]);
    expect([first, second]).toEqual([{ ok: true }, { ok: true }]);
    expect(await getDatabase().decisionFollower.count({ where: { email: "twice@test.tsunagi.test" } })).toBe(1);

    const link = await follow(consultation.id, decisionId, "link@test.tsunagi.test");
    for (const fields of [{ intent: "confirm", t: "0".repeat(64) } as Record<string, string>, { intent: "subscribe", t: link.secret }, { intent: "confirm" }, { intent: "stop", t: `${link.secret}\u202e` }]) {
      const answer = await settle(() => followingAction({ request: formPost(`/follow/${link.id}`, fields, ""), context: loadContext, params: { followerId: link.id } }));
      expect([400, 404], JSON.stringify(fields).slice(0, 40)).toContain(answer.status);
    }
    expect(await getDatabase().decisionFollower.findUniqueOrThrow({ where: { id: link.id }, select: { confirmedAt: true, stoppedAt: true } })).toEqual({ confirmedAt: null, stoppedAt: null });

    const user = await responderAccount("participant", "ja");
    for (const fields of [{} as Record<string, string>, { decision_changes: "daily", consultation_reports: "never" }, { decision_changes: "never" }, { decision_changes: "never\u202e", consultation_reports: "never" }]) {
      const refused = await settingsPost(user, fields, "ja");
      expect(refused.status).toBe(400);
      expect(refused.errors.length).toBeGreaterThan(0);
      for (const error of refused.errors) expect(error).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect(await getDatabase().notificationSetting.count({ where: { userId: user.id } })).toBe(0);
  });
});
