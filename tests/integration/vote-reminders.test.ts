// @vitest-environment node
// Vote reminders (issue 27 item 7; ADR 040 amended 2026-12-02) through the job queue and a real SMTP server in-process:
// three days after a vote opened, one reminder to each seated member who has neither voted nor declared a conflict,
// in their language, naming the application by its reference and linking to it, nothing else of it; none to those
// who voted or are recused; none for a closed vote; none twice when the job runs twice; a reminder queued for a member
// who then votes, or whose vote is closed, is withheld when it would leave; a week after, the second and last.
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { openReview } from "../../app/domain/access/applications/open-review.server";
import { withdrawApplication } from "../../app/domain/access/applications/withdraw-application.server";
import { saveApplicationDraft } from "../../app/domain/access/applications/save-application-draft.server";
import { startApplication } from "../../app/domain/access/applications/start-application.server";
import { submitApplication } from "../../app/domain/access/applications/submit-application.server";
import { castVote } from "../../app/domain/access/committee/cast-vote.server";
import { closeVote } from "../../app/domain/access/committee/close-vote.server";
import { declareConflict } from "../../app/domain/access/committee/declare-conflict.server";
import { endMembership, loadCommittee, seatMember } from "../../app/domain/access/committee/manage-committee.server";
import { sendVoteReminders } from "../../app/domain/access/committee/send-vote-reminders.server";
import type { Role } from "../../app/domain/authz/roles";
import { enqueueJob } from "../../app/domain/jobs/enqueue-job.server";
import { closeMailTransport } from "../../app/domain/mail/send-mail.server";
import { getEnv, resetEnvCache } from "../../app/env.server";
import { translator } from "../../app/i18n/i18n";
import { applicationContent, createApplicant } from "../factories/data-access-factory";
import { createUser, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";

useTestDatabase();
const savedEnv = { ...process.env };
const received: { to: string[]; raw: Buffer }[] = [];
let smtp: SMTPServer;
const request = { ipAddress: "127.0.0.1", userAgent: "vitest" };
const day = 86_400_000;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(0, "127.0.0.1", () => resolve());
  });
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  resetEnvCache();
});

afterAll(async () => {
  closeMailTransport();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  process.env = savedEnv;
  resetEnvCache();
});

const complete = applicationContent({
  titleJa: "秘密の研究計画 X-17",
  purposeCodes: ["HMB"],
  diseases: [],
  ethicsCommittee: "照合大学 倫理審査委員会",
  ethicsNumber: "R-2026-001",
  ethicsApprovedOn: "2026-04-01",
  securityMeasures: "閉域網、二要素認証、アクセス記録。",
  keepingAndDisposal: "鍵付きサーバ室、終了後に消去し証明書を提出。",
  trackRecord: "がんゲノム解析の論文 20 報。",
  dataScopeJustification: "変異の頻度を推定するのに必要な最小限です。",
  periodMonths: 24,
  publicationPlan: "制限期間の後に論文で公表します。",
  funding: "科研費",
  coiStatement: "なし",
  noIdentificationPledge: true,
});

type Seat = "chair" | "expert" | "panel";
const seatRole: Record<Seat, Role> = { chair: "dac_chair", expert: "dac_expert", panel: "panel_member" };
type Language = "ja" | "ja_easy" | "en";

async function seatCommittee(seats: [Seat, Language][]): Promise<{ secretariat: CreatedUser; members: (CreatedUser & { email: string })[] }> {
  const secretariat = await createUser({ role: "dac_secretariat", withTotp: true });
  for (const member of (await loadCommittee()).members) await endMembership({ memberId: member.id, actorUserId: secretariat.id, request });
  const members: (CreatedUser & { email: string })[] = [];
  for (const [index, [seat, language]] of seats.entries()) {
    const user = await createUser({ role: seatRole[seat], withTotp: seat === "chair" });
    const { email } = await getDatabase().user.update({ where: { id: user.id }, data: { preferredLanguage: language }, select: { email: true } });
    await seatMember({ userId: user.id, seat, sex: index % 2 ? "male" : "female", expertise: "", endsOn: null, actorUserId: secretariat.id, request });
    members.push({ ...user, email });
  }
  return { secretariat, members };
}

/** An application whose vote the secretariat opened `daysAgo` days ago. */
async function voteOpened(secretariat: CreatedUser, daysAgo: number): Promise<{ id: string; reference: string; applicantId: string }> {
  const applicant = await createApplicant({ displayName: "申請 秘密太郎" });
  const { id, reference } = await startApplication({ applicantId: applicant.user.id, request });
  await saveApplicationDraft({ applicantId: applicant.user.id, applicationId: id, content: complete, request });
  await submitApplication({ applicantId: applicant.user.id, applicationId: id, request });
  await openReview({ applicationId: id, actorUserId: secretariat.id, request: { ...request, now: new Date(Date.now() - daysAgo * day - 3_600_000) } });
  return { id, reference, applicantId: applicant.user.id };
}

async function remindersTo(address: string): Promise<ParsedMail[]> {
  const mails = received.filter((mail) => mail.to.includes(address.toLowerCase()));
  const parsed = await Promise.all(mails.map((mail) => simpleParser(mail.raw)));
  return parsed.filter((mail) => /DA-\d{4}-\d+/.test(mail.subject ?? "") && (mail.text ?? "").includes("/committee/applications/"));
}

/** The reminder job as the queue runs it (the same handler the hourly cron starts), then every mail it queued. */
async function runReminderJob(): Promise<void> {
  await getDatabase().$transaction((tx) => enqueueJob(tx, "committee.vote-reminders", {}));
  await runJobsUntilSettled();
}

const languageOf = { ja: "ja", ja_easy: "ja-easy", en: "en" } as const;
/** The plain-text part wraps long lines: compare words, not line breaks. */
const words = (text: string | false | undefined) => (text || "").replace(/\s+/g, " ");

describe("[committee member] is reminded of a vote that waits on them", () => {
  it("once per member who has not voted, in their language, none to those who voted or are recused, none twice; then the last one a week after", async () => {
    const { secretariat, members } = await seatCommittee([
      ["chair", "en"],
      ["expert", "ja"],
      ["expert", "ja_easy"],
      ["expert", "ja"],
      ["panel", "ja_easy"],
    ]);
    const [chair, voter, undeclared, recused, panel] = members as [CreatedUser & { email: string }, ...(CreatedUser & { email: string })[]];
    const { id, reference } = await voteOpened(secretariat, 3);
    for (const member of [chair, voter!, panel!]) await declareConflict({ userId: member.id, applicationId: id, conflicted: false, note: "", request });
    await declareConflict({ userId: recused!.id, applicationId: id, conflicted: true, note: "共同研究者", request });
    await castVote({ userId: voter!.id, applicationId: id, choice: "approve", rationale: "妥当", conditions: "", request });
    // Another vote opened two days ago: nothing is due for it yet.
    const young = await voteOpened(secretariat, 2);

    await runReminderJob();
    // Run again, by the queue and by hand: nothing more is queued, nothing more sent.
    await runReminderJob();
    expect((await sendVoteReminders()).queued).toBe(0);
    await runJobsUntilSettled();

    for (const member of [chair, undeclared!, panel!]) {
      const mails = await remindersTo(member.email);
      expect(mails, member.email).toHaveLength(1);
      const [mail] = mails;
      const language = (await getDatabase().user.findUniqueOrThrow({ where: { id: member.id } })).preferredLanguage;
      const t = translator(languageOf[language], "email");
      expect(mail!.subject).toBe(t("voteReminder.subject", { reference }));
      expect(words(mail!.text)).toContain(words(t("voteReminder.intro.first", { reference, days: 3 })));
      expect(mail!.html).toContain(`href="${getEnv().APP_URL.replace(/\/$/, "")}/committee/applications/${id}"`);
      // Nothing of the application beyond its reference: not its title, not who applies.
      expect(mail!.text).not.toContain("秘密");
      expect(mail!.html).not.toContain("秘密");
      expect(mail!.text).not.toContain(young.reference);
    }
    for (const member of [voter!, recused!]) expect(await remindersTo(member.email), member.email).toEqual([]);
    const rows = await getDatabase().mailMessage.findMany({ where: { template: "vote-reminder" } });
    expect(rows.map((row) => row.state)).toEqual(["sent", "sent", "sent"]);

    // A week after the vote opened, the second and last, to those still not voting — once, however often the job runs.
    // The younger application is withdrawn meanwhile: its members are not reminded of it.
    await withdrawApplication({ applicantId: young.applicantId, applicationId: young.id, reason: null, request });
    await castVote({ userId: panel!.id, applicationId: id, choice: "approve", rationale: "賛成", conditions: "", request });
    const aWeekOn = new Date(Date.now() + 4 * day);
    expect((await sendVoteReminders({ now: aWeekOn })).queued).toBe(2);
    expect((await sendVoteReminders({ now: aWeekOn })).queued).toBe(0);
    expect((await sendVoteReminders({ now: new Date(Date.now() + 30 * day) })).queued).toBe(0);
    await runJobsUntilSettled();
    for (const member of [chair, undeclared!]) {
      const mails = await remindersTo(member.email);
      expect(mails, member.email).toHaveLength(2);
      const t = translator(member === chair ? "en" : "ja-easy", "email");
      expect(words(mails[1]!.text)).toContain(words(t("voteReminder.intro.second", { reference, days: 7 })));
    }
    expect(await remindersTo(panel!.email)).toHaveLength(1);
  });

  it("none for a closed vote; one queued and then voted on, declared against or closed is withheld when it would leave", async () => {
    const { secretariat, members } = await seatCommittee([
      ["chair", "ja"],
      ["expert", "en"],
      ["expert", "ja"],
      ["panel", "ja"],
    ]);
    const [chair, laterVoter, laterRecused, panel] = members as (CreatedUser & { email: string })[];
    // The first test's vote is still open; it is not this test's.
    const open = await getDatabase().dataAccessApplication.findMany({ where: { state: "in_review" }, select: { id: true, applicantId: true } });
    for (const application of open) await withdrawApplication({ applicantId: application.applicantId, applicationId: application.id, reason: null, request });
    const before = received.length;

    // Closed before the job ran: nobody is reminded.
    const closed = await voteOpened(secretariat, 4);
    await declareConflict({ userId: chair!.id, applicationId: closed.id, conflicted: false, note: "", request });
    await closeVote({ userId: chair!.id, applicationId: closed.id, request });
    expect((await sendVoteReminders()).queued).toBe(0);

    // Queued, then the vote moves on before the mails leave: each is asked again when it would be sent.
    const moving = await voteOpened(secretariat, 4);
    const other = await voteOpened(secretariat, 4);
    expect((await sendVoteReminders()).queued).toBe(8);
    await declareConflict({ userId: laterVoter!.id, applicationId: moving.id, conflicted: false, note: "", request });
    await castVote({ userId: laterVoter!.id, applicationId: moving.id, choice: "abstain", rationale: "判断できません", conditions: "", request });
    await declareConflict({ userId: laterRecused!.id, applicationId: moving.id, conflicted: true, note: "", request });
    await declareConflict({ userId: chair!.id, applicationId: other.id, conflicted: false, note: "", request });
    await closeVote({ userId: chair!.id, applicationId: other.id, request });
    await runJobsUntilSettled();

    const states = async (applicationId: string) =>
      Object.fromEntries(
        (await getDatabase().mailMessage.findMany({ where: { template: "vote-reminder", sourceKey: { startsWith: `vote-reminder:${applicationId}:` } } })).map((row) => [row.userId, [row.state, row.lastError]]),
      );
    expect(await states(moving.id)).toEqual({
      [chair!.id]: ["sent", null],
      [laterVoter!.id]: ["withheld", "vote_no_longer_waiting"],
      [laterRecused!.id]: ["withheld", "vote_no_longer_waiting"],
      [panel!.id]: ["sent", null],
    });
    expect(Object.values(await states(other.id))).toEqual(Array.from({ length: 4 }, () => ["withheld", "vote_no_longer_waiting"]));
    expect(await states(closed.id)).toEqual({});
    const sent = received.slice(before);
    expect(sent.map((mail) => mail.to).flat().sort()).toEqual([chair!.email, panel!.email].map((address) => address.toLowerCase()).sort());
  });
});
