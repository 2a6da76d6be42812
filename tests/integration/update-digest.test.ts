// @vitest-environment node
// The weekly digest of programme updates (issue 14 item 4; ADR 038), against real PostgreSQL, the job queue and a
// real SMTP server in-process: switched on from /updates, mailed once a week in the reader's language with the RFC
// 8058 headers, not mailed to a participant who withdrew with "no further contact", and switched off by a mail
// client's one-click POST through the real app server, with no session and from another site.
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { closeMailTransport } from "../../app/domain/mail/send-mail.server";
import { createProgrammeUpdate } from "../../app/domain/updates/create-programme-update.server";
import { digestInterval, sendUpdateDigests } from "../../app/domain/updates/send-update-digests.server";
import { publishProgrammeUpdate } from "../../app/domain/updates/publish-programme-update.server";
import { getEnv, resetEnvCache } from "../../app/env.server";
import { action as updatesAction, loader as updatesLoader } from "../../app/routes/public/updates._index";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { cookieFor, formPost, loadContext, pageGet, settle } from "../support/route-requests";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant } from "./dashboard-fixtures";

useTestDatabase();
const app = useAppServer();
const savedEnv = { ...process.env };
const received: { to: string[]; raw: Buffer }[] = [];
let smtp: SMTPServer;

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

/** The digests delivered to an address (consent notices go to the same addresses; a digest has List-Unsubscribe). */
async function digestsTo(address: string): Promise<(ParsedMail & { rawHeaders: string })[]> {
  const digests = received.filter((mail) => mail.to.includes(address.toLowerCase()) && /^List-Unsubscribe:/im.test(mail.raw.toString("utf8")));
  return Promise.all(digests.map(async (mail) => Object.assign(await simpleParser(mail.raw), { rawHeaders: mail.raw.toString("utf8").split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ") })));
}

async function publishFor(title: string, audiences: ("participants" | "families" | "public")[]) {
  const staff = await createUser({ role: "elsi_staff" });
  const { id } = await createProgrammeUpdate({
    update: { audiences, titleJa: `${title} 日本語`, titleJaEasy: `${title} やさしい`, titleEn: `${title} English`, bodyJa: "本文。", bodyJaEasy: "ほんぶん。", bodyEn: "Body." },
    actorUserId: staff.id,
  });
  await publishProgrammeUpdate({ updateId: id, publishAt: null, actorUserId: staff.id });
  return id;
}

describe("[participant] the weekly digest", () => {
  it("is switched on from /updates, mailed in the reader's language with one-click unsubscribe, and not to one who withdrew contact", async () => {
    const reader = await consentedParticipant({ language: "en" });
    const withdrawn = await consentedParticipant({ language: "ja" });
    for (const [participant, language] of [[reader, "en"], [withdrawn, "ja"]] as const) {
      const cookie = await cookieFor(participant.user!, language);
      const response = await settle(() => updatesAction({ request: formPost("/updates", { digest: "on" }, cookie), context: loadContext, params: {} }));
      expect(response.status).toBe(302);
      const page = await settle(() => updatesLoader({ request: pageGet("/updates", cookie), context: loadContext, params: {} }));
      expect(((await page.json()) as { digest: boolean }).digest).toBe(true);
    }
    // Switched on "now": the first digest covers what is published afterwards.
    const first = await publishFor("digest-1", ["participants"]);
    await publishFor("digest-2", ["public"]);
    await withdrawOnline(withdrawn, { level: "no_contact" });

    const inAWeek = new Date(Date.now() + digestInterval + 60_000);
    const sent = await sendUpdateDigests({ now: inAWeek });
    expect(sent.queued).toBeGreaterThanOrEqual(2);
    // Run again at once: nobody is due, nothing more is queued.
    expect((await sendUpdateDigests({ now: inAWeek })).queued).toBe(0);
    await runJobsUntilSettled();

    const [mail, ...more] = await digestsTo(reader.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe("2 new updates from the genome programme");
    expect(mail!.text).toContain("digest-1 English");
    expect(mail!.text).toContain(`/updates/${first}`);
    const unsubscribe = /^List-Unsubscribe: (.*)$/im.exec(mail!.rawHeaders)![1]!.trim();
    expect(unsubscribe).toMatch(/^<http.*\/updates\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
    expect(mail!.rawHeaders).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/im);

    // "No further contact": the digest is queued but withheld when it would leave, and never sent.
    expect(await digestsTo(withdrawn.email)).toEqual([]);
    const withheld = await getDatabase().mailMessage.findMany({ where: { userId: withdrawn.user!.id, template: "updates-digest" } });
    expect(withheld.map((message) => [message.state, message.lastError])).toEqual([["withheld", "consent_no_longer_allows"]]);

    // The mail client's one-click POST, from another site, with no cookie and no form token (RFC 8058).
    const path = new URL(unsubscribe.slice(1, -1)).pathname;
    const oneClick = await fetch(`${app.origin}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site", Origin: "https://mail.example" },
      body: "List-Unsubscribe=One-Click",
      redirect: "manual",
    });
    expect(oneClick.status).toBe(200);
    expect(await getDatabase().updateDigestSubscription.findUniqueOrThrow({ where: { userId: reader.user!.id } })).toMatchObject({ enabled: false });
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "update_digest.changed", subjectUserId: reader.user!.id }, orderBy: { occurredAt: "asc" } });
    expect(audit.map((row) => row.detail)).toEqual([{ enabled: true, via: "updates_page" }, { enabled: false, via: "unsubscribe_link" }]);
    // A second click changes nothing and says the same.
    expect((await fetch(`${app.origin}${path}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" })).status).toBe(200);
    expect(await getDatabase().auditEvent.count({ where: { type: "update_digest.changed", subjectUserId: reader.user!.id } })).toBe(2);
    // The GET shows a page with a button, and switches nothing by itself (link scanners follow links).
    const page = await fetch(`${app.origin}${path}`);
    expect(page.status).toBe(200);
    // Exactly this path is let through: another site's POST to /updates is still refused at the edge.
    const crossSite = await fetch(`${app.origin}/updates`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site" }, body: "digest=on", redirect: "manual" });
    expect(crossSite.status).toBe(403);
    // A week later, nothing is mailed to the reader who unsubscribed.
    received.length = 0;
    await publishFor("digest-3", ["participants"]);
    await sendUpdateDigests({ now: new Date(inAWeek.getTime() + digestInterval + 60_000) });
    await runJobsUntilSettled();
    expect(await digestsTo(reader.email)).toEqual([]);
    expect(getEnv().SMTP_URL).toBeDefined();
  });
});
