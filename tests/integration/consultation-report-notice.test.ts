// @vitest-environment node
// "You said, we did" reaches the people who answered (issue 28 item 5; ADR 063), on real PostgreSQL and the job
// queue: once a consultation's report is published, everyone who answered with an account is sent one mail in their
// own language — not the public (no address was kept), not one who withdrew their answers, not a disabled account —
// and a job run twice sends nothing twice. A participant who withdraws their consent with "no further contact" while
// the mail waits is not mailed; a family member is. A correction is announced as one.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { notifyReportResponders } from "../../app/domain/consultations/report/notify-report-responders.server";
import { publishConsultationReport } from "../../app/domain/consultations/report/publish-consultation-report.server";
import { saveConsultationReportDraft } from "../../app/domain/consultations/report/save-consultation-report-draft.server";
import { startConsultationReport } from "../../app/domain/consultations/report/start-consultation-report.server";
import { newResponderToken } from "../../app/domain/consultations/responder-key.server";
import { withdrawConsultationResponse } from "../../app/domain/consultations/withdraw-consultation-response.server";
import { contactStillAllowed } from "../../app/wiring/contact-still-allowed.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { answerConsultation, createPublishedConsultation, responderAccount } from "../factories/consultation-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { useTempDataDir } from "../support/temp-data-dir";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant } from "./dashboard-fixtures";

useTestDatabase();
useTempDataDir();

const text = (ja: string, jaEasy: string, en: string) => ({ ja, "ja-easy": jaEasy, en });
// The factory's consultation closes in 14 days: the report is written after that.
const afterClosing = () => ({ ...requestFrom(), now: new Date(Date.now() + 15 * 24 * 3600_000) });

/** Starts the report (or its correction), writes what publishing requires, and publishes it, as staff would. */
async function publishReport(consultationId: string, actorUserId: string) {
  const started = await startConsultationReport({ consultationId, actorUserId, request: afterClosing() });
  const draft = await getDatabase().consultationReportVersion.findUniqueOrThrow({ where: { consultationId_version: { consultationId, version: started.version } } });
  const saved = await saveConsultationReportDraft({
    consultationId,
    expectedUpdatedAt: draft.updatedAt,
    change: {
      kind: "summary",
      summary: text("多くの方が監査を求めました。", "たくさんの 人が チェックを 求めました。", "Many asked for audits."),
      changeNote: text("数を直しました。", "数を 直しました。", "A count was corrected."),
    },
    actorUserId,
    request: afterClosing(),
  });
  const published = await publishConsultationReport({ consultationId, expectedUpdatedAt: saved.updatedAt, actorUserId, request: afterClosing() });
  expect(published.published).toBe(true);
  return published.version;
}

const reportMails = (consultationId: string) =>
  getDatabase().mailMessage.findMany({ where: { template: "consultation-report", sourceKey: { startsWith: `consultation-report:${consultationId}:` } }, orderBy: { createdAt: "asc" } });

describe("[responder] the consultation's report is published", () => {
  it("mails each account responder once in their language, no one else, never twice, and not a participant who withdrew contact", { timeout: 60_000 }, async () => {
    const consultation = await createPublishedConsultation({ audiences: ["participants", "families", "public"] });
    const staff = await createUser({ role: "elsi_staff", password: null });

    const stays = await consentedParticipant({ language: "ja" });
    const leaves = await consentedParticipant({ language: "en" });
    const family = await responderAccount("family", "en");
    const easy = await responderAccount("participant", "ja_easy");
    const withdrewAnswers = await responderAccount("participant", "ja");
    const disabled = await responderAccount("family", "ja");
    for (const participant of [stays, leaves]) await answerConsultation(consultation, { kind: "account", userId: participant.user!.id, roles: ["participant"] });
    for (const user of [family, easy, withdrewAnswers, disabled]) await answerConsultation(consultation, user.responder);
    await answerConsultation(consultation, { kind: "public", browserToken: newResponderToken() });
    await withdrawConsultationResponse({ consultationId: consultation.id, responder: withdrewAnswers.responder, request: requestFrom() });
    await getDatabase().user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });

    // A draft is not published: nobody is told anything yet.
    await startConsultationReport({ consultationId: consultation.id, actorUserId: staff.id, request: afterClosing() });
    expect(await notifyReportResponders({ consultationId: consultation.id, version: 1 })).toEqual({ queued: 0 });

    const version = await publishReport(consultation.id, staff.id);
    expect(version).toBe(1);
    expect(await notifyReportResponders({ consultationId: consultation.id, version })).toEqual({ queued: 4 });
    // The job retried, or run twice: nothing more.
    expect(await notifyReportResponders({ consultationId: consultation.id, version })).toEqual({ queued: 0 });

    const reportPath = `/consultations/${consultation.id}/report`;
    const queued = await reportMails(consultation.id);
    const byUser = new Map(queued.map((mail) => [mail.userId, mail]));
    expect(queued).toHaveLength(4);
    expect([...byUser.keys()].sort()).toEqual([stays.user!.id, leaves.user!.id, family.id, easy.id].sort());
    expect(byUser.get(stays.user!.id)).toMatchObject({ language: "ja", toAddress: stays.user!.email, props: { title: "ゲノムデータの企業利用について", version: 1, reportPath } });
    expect(byUser.get(leaves.user!.id)).toMatchObject({ language: "en", props: { title: "Companies using genome data" } });
    expect(byUser.get(family.id)).toMatchObject({ language: "en", toAddress: family.email, props: { title: "Companies using genome data", version: 1, reportPath } });
    expect(byUser.get(easy.id)).toMatchObject({ language: "ja-easy", props: { title: "ゲノムの データを 会社が 使う こと" } });
    // Each mail asks again when it leaves (ADR 147): the account, a participant's consent, and the holder's setting for
    // reports (a family member has no consent to ask, but may choose "never").
    for (const user of [stays.user!, easy, family]) expect(byUser.get(user.id)!.contactCheck).toEqual({ kind: "notification", userId: user.id, kinds: ["consultation_reports"] });

    // While the mail waits, a participant withdraws with "no further contact".
    await withdrawOnline(leaves, { level: "no_contact" });
    expect(await contactStillAllowed({ kind: "consultation_report", userId: leaves.user!.id })).toEqual({ allowed: false, reason: "consent_no_longer_allows" });
    expect(await contactStillAllowed({ kind: "consultation_report", userId: family.id })).toEqual({ allowed: true });
    expect(await contactStillAllowed({ kind: "consultation_report", userId: stays.user!.id })).toEqual({ allowed: true });
    expect(await contactStillAllowed({ kind: "consultation_report", userId: disabled.id })).toEqual({ allowed: false, reason: "contact_subject_gone" });
    expect(await contactStillAllowed({ kind: "consultation_report", userId: randomUUID() })).toEqual({ allowed: false, reason: "contact_subject_gone" });

    // The queue runs: the publication's own job (which finds everything queued already) and the deliveries.
    await runJobsUntilSettled();
    expect(await reportMails(consultation.id)).toHaveLength(4);
    const delivered = new Map((await reportMails(consultation.id)).map((mail) => [mail.userId, [mail.state, mail.lastError]]));
    expect(delivered.get(leaves.user!.id)).toEqual(["withheld", "consent_no_longer_allows"]);
    for (const userId of [stays.user!.id, family.id, easy.id]) expect(delivered.get(userId)).toEqual(["sent", null]);

    const inbox = async (address: string) => (await listCapturedMail({ to: address })).filter((mail) => mail.template === "consultation-report");
    expect((await inbox(stays.user!.email)).map((mail) => mail.subject)).toEqual(["意見募集「ゲノムデータの企業利用について」の結果を公開しました"]);
    expect((await inbox(family.email)).map((mail) => mail.subject)).toEqual(["Consultation results published: “Companies using genome data”"]);
    expect((await inbox(easy.email)).map((mail) => mail.subject)).toEqual(["「ゲノムの データを 会社が 使う こと」の 結果を 出しました"]);
    expect((await inbox(family.email))[0]!.text).toContain(reportPath);
    for (const address of [leaves.user!.email, withdrewAnswers.email, disabled.email]) expect(await inbox(address)).toEqual([]);

    // A correction is announced again, as a correction, to the same people.
    const correction = await publishReport(consultation.id, staff.id);
    expect(correction).toBe(2);
    await runJobsUntilSettled();
    const second = (await reportMails(consultation.id)).filter((mail) => mail.sourceKey!.includes(":2:"));
    expect(second.map((mail) => mail.userId).sort()).toEqual([stays.user!.id, leaves.user!.id, family.id, easy.id].sort());
    expect((await inbox(family.email)).map((mail) => mail.subject)).toContain("Consultation report corrected: “Companies using genome data”");
    expect(await inbox(leaves.user!.email)).toEqual([]);
  });
});
