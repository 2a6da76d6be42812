// @vitest-environment node
// The durable job queue and the mail delivery log (issue 13, items 1–2; ADR 031), against real PostgreSQL and a real
// SMTP server in-process.
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JSONWebKeySet } from "jose";
import { getDatabase } from "../../app/db.server";
import { verifyConsentReceipt } from "../../app/domain/consent/records/receipts/consent-receipt-jws.server";
import { japanDate } from "../../app/domain/time";
import { loader as receiptJwksLoader } from "../../app/routes/public/consent-receipts.jwks[.]json";
import { enqueueJob } from "../../app/domain/jobs/enqueue-job.server";
import { enqueueMail } from "../../app/domain/mail/enqueue-mail.server";
import { closeMailTransport } from "../../app/domain/mail/send-mail.server";
import { resetEnvCache } from "../../app/env.server";
import { expectErrorLines } from "../support/captured-logs";
import { consentedParticipant } from "./dashboard-fixtures";
import { loader as participantLoader } from "../../app/routes/staff/staff.participants.$id._index";
import { action as jobsAction, loader as jobsLoader } from "../../app/routes/staff/staff.jobs";
import { createUser } from "../factories/user-factory";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTestDatabase } from "../support/database";
import { endRetryBackoff, queuedJobs, runDueJobs, runJobsUntilSettled } from "../support/jobs";

useTestDatabase();

const savedEnv = { ...process.env };

/** What the SMTP server answers to the next RCPT TO for an address: accept, or refuse with a code. */
type Answer = { code: number; message: string } | "accept";

describe("the job queue and the mail delivery log", () => {
  const received: { to: string[]; raw: Buffer }[] = [];
  const answers = new Map<string, Answer[]>();
  let server: SMTPServer;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        const queue = answers.get(address.address.toLowerCase());
        const answer = queue?.shift() ?? "accept";
        if (answer === "accept") return callback();
        const error = Object.assign(new Error(answer.message), { responseCode: answer.code });
        return callback(error);
      },
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
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.server.address() as AddressInfo;
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    process.env.MAIL_FROM = "Tsunagi <no-reply@tsunagi.test>";
    resetEnvCache();
  });

  afterAll(async () => {
    closeMailTransport();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    process.env = savedEnv;
    resetEnvCache();
  });

  beforeEach(() => {
    received.length = 0;
    answers.clear();
  });

  const deliveredTo = (address: string) => received.filter((mail) => mail.to.includes(address.toLowerCase()));

  function newDevice(to: string) {
    return { to, language: "en" as const, template: "new-device-sign-in" as const, props: { occurredAt: new Date("2026-11-20T01:02:03Z"), userAgent: "Firefox on Linux", ipAddress: "192.0.2.7" } };
  }

  it("a job enqueued in a transaction that rolls back never exists, so never runs", async () => {
    const db = getDatabase();
    const address = `rolled-back-${Date.now()}@example.test`;
    await expect(
      db.$transaction(async (tx) => {
        await enqueueMail(newDevice(address), tx);
        throw new Error("the change this mail reports was refused");
      }),
    ).rejects.toThrow("refused");
    await runDueJobs();
    expect(deliveredTo(address)).toHaveLength(0);
    expect(await db.mailMessage.count({ where: { toAddress: address } })).toBe(0);
    expect((await queuedJobs()).filter((job) => job.task === "mail.deliver")).toHaveLength(0);
  });

  it("a job committed with its transaction runs once the worker looks", async () => {
    const db = getDatabase();
    const address = `committed-${Date.now()}@example.test`;
    const id = await db.$transaction((tx) => enqueueMail(newDevice(address), tx));
    expect(await db.mailMessage.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ state: "queued", attempts: 0 });
    expect(deliveredTo(address)).toHaveLength(0);
    await runDueJobs();
    expect(deliveredTo(address)).toHaveLength(1);
    const parsed = await simpleParser(deliveredTo(address)[0]!.raw);
    expect(parsed.text).toContain("Firefox on Linux");
    expect(parsed.html).toBeTruthy();
  });

  it("a server that refuses twice (451) then accepts gets the message exactly once, and the row ends sent after 3 attempts", async () => {
    const db = getDatabase();
    const address = `greylisted-${Date.now()}@example.test`;
    answers.set(address, [
      { code: 451, message: "4.7.1 Greylisted, try again later" },
      { code: 451, message: "4.7.1 Greylisted, try again later" },
    ]);
    const id = (await enqueueMail(newDevice(address)))!;

    await runDueJobs();
    const afterFirst = await db.mailMessage.findUniqueOrThrow({ where: { id } });
    expect(afterFirst).toMatchObject({ state: "retrying", attempts: 1 });
    expect(afterFirst.lastError).toContain("451");
    expect(afterFirst.lastError).not.toContain(address);
    // The retry waits out its backoff: running again at once sends nothing.
    await runDueJobs();
    expect((await db.mailMessage.findUniqueOrThrow({ where: { id } })).attempts).toBe(1);

    await endRetryBackoff();
    await runDueJobs();
    expect(await db.mailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "retrying", attempts: 2 });
    await endRetryBackoff();
    await runDueJobs();

    const row = await db.mailMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ state: "sent", attempts: 3, props: null });
    expect(row.providerMessageId).toBeTruthy();
    expect(deliveredTo(address)).toHaveLength(1);
    expect((await queuedJobs()).filter((job) => job.task === "mail.deliver")).toHaveLength(0);
  });

  it("a 550 marks the message bounced and the address undeliverable, and is not retried", async () => {
    const db = getDatabase();
    const address = `No-Such-User-${Date.now()}@example.test`;
    answers.set(address.toLowerCase(), [{ code: 550, message: `5.1.1 <${address}>: Recipient address rejected` }]);
    const id = (await enqueueMail(newDevice(address)))!;
    await runJobsUntilSettled();

    const row = await db.mailMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ state: "bounced", attempts: 1, props: null });
    expect(row.lastError).toContain("550");
    expect(row.lastError).not.toContain(address);
    expect(deliveredTo(address)).toHaveLength(0);
    expect((await queuedJobs()).filter((job) => job.task === "mail.deliver")).toHaveLength(0);
    const undeliverable = await db.undeliverableAddress.findUniqueOrThrow({ where: { address: address.toLowerCase() } });
    expect(undeliverable.mailMessageId).toBe(id);

    // A later message to the same address that is accepted clears the mark.
    await enqueueMail(newDevice(address));
    await runJobsUntilSettled();
    expect(deliveredTo(address)).toHaveLength(1);
    expect(await db.undeliverableAddress.findUnique({ where: { address: address.toLowerCase() } })).toBeNull();
  });

  it("a message that keeps failing is parked, never dropped: its job stays with attempts and last error, the row says failed", async () => {
    const db = getDatabase();
    const address = `always-busy-${Date.now()}@example.test`;
    answers.set(address, Array.from({ length: 20 }, () => ({ code: 421, message: "4.3.2 Service shutting down" })));
    // The last attempt parks the job: that is an error line for operators, and expected here.
    expectErrorLines();
    const id = await db.$transaction(async (tx) => {
      const message = await tx.mailMessage.create({ data: { toAddress: address, template: "new-device-sign-in", language: "en", props: { occurredAt: { $date: "2026-11-20T01:02:03.000Z" }, userAgent: "x", ipAddress: "192.0.2.1" } } });
      await enqueueJob(tx, "mail.deliver", { mailMessageId: message.id }, { maxAttempts: 3 });
      return message.id;
    });
    await runJobsUntilSettled();
    const row = await db.mailMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ state: "failed", attempts: 3 });
    const [job] = (await queuedJobs()).filter((candidate) => candidate.task === "mail.deliver");
    expect(job).toMatchObject({ attempts: 3, maxAttempts: 3 });
    expect(job!.lastError).toContain("421");
    expect(job!.lastError).not.toContain(address);
    expect(deliveredTo(address)).toHaveLength(0);
  });

  it("a payload that does not match its task's schema is refused before anything is written", async () => {
    const db = getDatabase();
    const before = (await queuedJobs()).length;
    await expect(db.$transaction((tx) => enqueueJob(tx, "mail.deliver", { mailMessageId: "not-a-uuid" }))).rejects.toThrow();
    expect((await queuedJobs()).length).toBe(before);
  });

  it("a consent verb returns at commit without rendering the PDF; the worker then stores it and mails the notice with it attached", async () => {
    const db = getDatabase();
    const participant = await consentedParticipant({ language: "en", runFollowUp: false });
    // The verb has returned: the event is committed, its follow-up is a job, and no copy exists yet.
    expect(await db.consentEvent.count({ where: { id: participant.grant.id } })).toBe(1);
    expect(await db.consentDocument.count({ where: { eventId: participant.grant.id } })).toBe(0);
    expect((await queuedJobs()).map((job) => job.task)).toContain("consent.follow-up");
    expect(deliveredTo(participant.email)).toHaveLength(0);

    await runJobsUntilSettled();

    const copy = await db.consentDocument.findUniqueOrThrow({ where: { eventId: participant.grant.id } });
    const [mail] = deliveredTo(participant.email);
    expect(deliveredTo(participant.email)).toHaveLength(1);
    const parsed = await simpleParser(mail!.raw);
    expect(parsed.subject).toBe("Your consent has been recorded (copy attached)");
    expect(parsed.text).toBeTruthy();
    expect(parsed.attachments.map((attachment) => attachment.contentType)).toEqual(["application/pdf", "application/jose"]);
    expect(Buffer.from(parsed.attachments[0]!.content).equals(Buffer.from(copy.pdf))).toBe(true);
    // The signed receipt of the same change (ADR 108), checked as anyone would: against the published keys.
    expect(parsed.attachments[1]!.filename).toBe(`tsunagi-consent-receipt-${japanDate(participant.grant.occurredAt)}-${participant.grant.verificationCode}.jws`);
    const receipt = await verifyConsentReceipt(parsed.attachments[1]!.content.toString("utf8"), (await receiptJwksLoader().then((response) => response.json())) as JSONWebKeySet);
    expect(receipt).toMatchObject({ ok: true, receipt: { "dpv:hasRecordOfActivity": { "dct:identifier": participant.grant.id, "dpv:hasDataSubject": { "dct:identifier": participant.pseudonym } } } });
    expect(parsed.text).toContain("/consent-receipts/verify");
    const [row] = await db.mailMessage.findMany({ where: { participantId: participant.id } });
    expect(row).toMatchObject({ template: "consent-notice", language: "en", state: "sent", attempts: 1, props: null });
    // Running the queue again sends nothing more: the follow-up and the message are finished.
    await runJobsUntilSettled();
    expect(deliveredTo(participant.email)).toHaveLength(1);
  });

  describe("what staff see", () => {
    it("a consent notice refused with 550 shows on /staff/jobs (without the address) and as 'email undeliverable' on the participant's page", async () => {
      const participant = await consentedParticipant({ language: "ja", runFollowUp: false });
      answers.set(participant.email.toLowerCase(), [{ code: 550, message: "5.1.1 User unknown" }]);
      await runJobsUntilSettled();
      expect(deliveredTo(participant.email)).toHaveLength(0);

      const admin = await createUser({ role: "admin" });
      const adminCookie = await cookieFor(admin, "en");
      const listing = await settle(() => jobsLoader({ request: pageGet("/staff/jobs", adminCookie), context: loadContext, params: {} }));
      expect(listing.status).toBe(200);
      const body = await listing.text();
      const { messages } = JSON.parse(body) as { messages: { template: string; state: string; attempts: number; lastError: string; participantPseudonym: string }[] };
      expect(messages.find((message) => message.participantPseudonym === participant.pseudonym)).toMatchObject({ template: "consent-notice", state: "bounced", attempts: 1 });
      expect(body).not.toContain(participant.email);

      const coordinator = await createUser({ role: "coordinator" });
      const coordinatorCookie = await cookieFor(coordinator);
      const page = await settle(() => participantLoader({ request: pageGet(`/staff/participants/${participant.id}`, coordinatorCookie), context: loadContext, params: { id: participant.id } }));
      expect(page.status).toBe(200);
      const { record } = (await page.json()) as { record: { undeliverable: { address: string; since: string; lastError: string }[] } };
      expect(record.undeliverable).toEqual([{ address: participant.email.toLowerCase(), since: expect.any(String), lastError: expect.stringContaining("550") }]);
    });

    it("an administrator retries a parked job: it runs again, the mail is delivered, and the retry is audited", async () => {
      const db = getDatabase();
      const address = `parked-then-fixed-${Date.now()}@example.test`;
      answers.set(address, [{ code: 421, message: "4.3.2 try later" }, { code: 421, message: "4.3.2 try later" }]);
      expectErrorLines();
      const mailMessageId = await db.$transaction(async (tx) => {
        const message = await tx.mailMessage.create({ data: { toAddress: address, template: "new-device-sign-in", language: "en", props: { occurredAt: { $date: "2026-11-20T01:02:03.000Z" }, userAgent: "x", ipAddress: "192.0.2.1" } } });
        await enqueueJob(tx, "mail.deliver", { mailMessageId: message.id }, { maxAttempts: 2 });
        return message.id;
      });
      await runJobsUntilSettled();
      expect(await db.mailMessage.findUniqueOrThrow({ where: { id: mailMessageId } })).toMatchObject({ state: "failed", attempts: 2 });
      const parked = (await queuedJobs()).find((job) => job.task === "mail.deliver" && job.attempts === 2 && job.maxAttempts === 2);
      expect(parked).toBeTruthy();

      const admin = await createUser({ role: "admin" });
      const cookie = await cookieFor(admin, "en");
      const listing = JSON.parse(await (await settle(() => jobsLoader({ request: pageGet("/staff/jobs", cookie), context: loadContext, params: {} }))).text()) as { jobs: { id: string; parked: boolean }[] };
      expect(listing.jobs).toContainEqual(expect.objectContaining({ id: parked!.id, parked: true }));

      const response = await settle(() => jobsAction({ request: formPost("/staff/jobs", { intent: "retry", jobId: parked!.id }, cookie), context: loadContext, params: {} }));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/staff/jobs?notice=retried");
      expect(await db.mailMessage.findUniqueOrThrow({ where: { id: mailMessageId } })).toMatchObject({ state: "queued" });
      const audit = await db.auditEvent.findFirstOrThrow({ where: { type: "job.retried", actorUserId: admin.id } });
      expect(audit.detail).toEqual({ jobId: parked!.id, task: "mail.deliver", attempts: 2, mailMessageId });

      // Retrying again at once: the job is no longer parked.
      const again = await settle(() => jobsAction({ request: formPost("/staff/jobs", { intent: "retry", jobId: parked!.id }, cookie), context: loadContext, params: {} }));
      // The job is one the form sent: said in words above the list, with the 404 status (ADR 131).
      expect(again.status).toBe(404);
      expect(replyErrors(await again.json())).toEqual(["That job is not parked any more: it may be running, still retrying on its own, or already retried."]);

      // Retried, it has failed nothing since: off the page, and still off it while the worker has it (the worker counts
      // an attempt when it takes a job; CI's browser test saw the retried row come back mid-run).
      const listed = async () => (JSON.parse(await (await settle(() => jobsLoader({ request: pageGet("/staff/jobs", cookie), context: loadContext, params: {} }))).text()) as { jobs: { id: string }[] }).jobs.map((job) => job.id);
      expect(await listed()).not.toContain(parked!.id);
      await db.$executeRaw`UPDATE graphile_worker._private_jobs SET attempts = attempts + 1, locked_at = now(), locked_by = 'a worker taking it' WHERE id = ${BigInt(parked!.id)}`;
      expect(await listed()).not.toContain(parked!.id);
      await db.$executeRaw`UPDATE graphile_worker._private_jobs SET attempts = 0, locked_at = NULL, locked_by = NULL WHERE id = ${BigInt(parked!.id)}`;

      await runJobsUntilSettled();
      expect(await db.mailMessage.findUniqueOrThrow({ where: { id: mailMessageId } })).toMatchObject({ state: "sent", attempts: 3 });
      expect(deliveredTo(address)).toHaveLength(1);
    });

    it("bad input to the retry is refused with a translated error and writes nothing", async () => {
      const db = getDatabase();
      const admin = await createUser({ role: "admin" });
      const cookie = await cookieFor(admin, "en");
      const auditsBefore = await db.auditEvent.count({ where: { type: "job.retried" } });
      const jobsBefore = await queuedJobs();
      const cases: Record<string, string>[] = [
        {},
        { intent: "retry", jobId: "" },
        { intent: "retry", jobId: "9".repeat(5000) },
        { intent: "delete", jobId: "1" },
        { intent: "retry", jobId: "١٢٣" },
        { intent: "retry", jobId: "\u202E12\u0000" },
        { intent: "retry", jobId: "1; DROP TABLE graphile_worker._private_jobs" },
      ];
      for (const fields of cases) {
        const response = await settle(() => jobsAction({ request: formPost("/staff/jobs", fields, cookie), context: loadContext, params: {} }));
        expect(response.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
        expect(await response.json()).toMatchObject({ error: "retryInvalid" });
      }
      const unknown = await settle(() => jobsAction({ request: formPost("/staff/jobs", { intent: "retry", jobId: "999999999" }, cookie), context: loadContext, params: {} }));
      expect(unknown.status).toBe(404);
      expect(await db.auditEvent.count({ where: { type: "job.retried" } })).toBe(auditsBefore);
      expect(await queuedJobs()).toEqual(jobsBefore);
    });
  });
});
