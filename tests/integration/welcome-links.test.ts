// Issue 27 item 7: a welcome link sent again (ADR 042 amended) — by an administrator for an account they made, and by
// an applicant for themselves from the sign-up pages. The new link works, every earlier one stops, an account that
// already has its own way in gets none (the admin is told why, the applicant's page says the same as always), and an
// audit row records each. Through the routes' own loaders and actions, with the mail delivered over real SMTP to a
// server on loopback and read back as a mail client would.
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import { getDatabase } from "../../app/db.server";
import { signInWithLink } from "../../app/domain/auth/sign-in-with-link.server";
import { closeMailTransport } from "../../app/domain/mail/send-mail.server";
import { resetEnvCache } from "../../app/env.server";
import { translator } from "../../app/i18n/i18n";
import { action as newAccountAction } from "../../app/routes/admin/admin.users_.new";
import { action as welcomeAction, loader as welcomeLoader } from "../../app/routes/admin/admin.users_.$id.welcome-link";
import { action as applicantWelcomeAction } from "../../app/routes/applicant/applications.sign-up_.welcome-link";
import { action as signUpAction } from "../../app/routes/applicant/applications.sign-up";
import { createUser, requestFrom, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

const db = () => getDatabase();

// ─── A mailbox on loopback: every message the app hands to SMTP, parsed ─────────────────────────────────────────

interface Delivered {
  to: string;
  subject: string;
  text: string;
}
const delivered: Delivered[] = [];
const pending: Promise<void>[] = [];
let smtp: SMTPServer;
const savedEnv = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const parsed = simpleParser(stream).then((mail) => {
        const to = [mail.to ?? []].flat().flatMap((field) => field.value.map((mailbox) => mailbox.address ?? ""));
        for (const address of to) delivered.push({ to: address.toLowerCase(), subject: mail.subject ?? "", text: mail.text ?? "" });
      });
      pending.push(parsed);
      parsed.then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(0, "127.0.0.1", () => resolve());
  });
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  process.env.MAIL_FROM = "Tsunagi <no-reply@tsunagi.test>";
  resetEnvCache();
  closeMailTransport();
});

afterAll(async () => {
  closeMailTransport();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

beforeEach(() => {
  delivered.length = 0;
});

async function mailTo(address: string): Promise<Delivered[]> {
  await Promise.all(pending);
  return delivered.filter((mail) => mail.to === address.toLowerCase());
}

const tokenOf = (mail: Delivered) => /\/sign-in\/link\/([a-z2-9]{24}\.[a-z2-9]{24})/.exec(mail.text)![1]!;
const tokensTo = async (address: string) => (await mailTo(address)).map(tokenOf);

const resent = (userId: string) => db().auditEvent.findMany({ where: { type: "account.welcome_link_resent", subjectUserId: userId }, orderBy: { id: "asc" } });
const linksOf = (userId: string) => db().signInLink.count({ where: { userId } });

/** Each test its own address on loopback, so the address-keyed limits of one test do not reach the next. */
let visitor = 10;
const contextFrom = () => ({ ...loadContext, clientAddress: `127.0.3.${visitor++}` }) as AppLoadContext;

// ─── The administrator ───────────────────────────────────────────────────────────────────────────────────────────

async function adminCookie(language = "ja"): Promise<string> {
  return cookieFor(await createUser({ role: "admin", withTotp: true }), language);
}

const resend = (userId: string, cookie: string, fields: Record<string, string> = { intent: "resend" }) =>
  settle(() => welcomeAction({ request: formPost(`/admin/users/${userId}/welcome-link`, fields, cookie), context: loadContext, params: { id: userId } }));
const welcomePage = (userId: string, cookie: string) =>
  settle(() => welcomeLoader({ request: pageGet(`/admin/users/${userId}/welcome-link`, cookie), context: loadContext, params: { id: userId } }));

async function accountMadeByAdmin(cookie: string, role = "dac_expert"): Promise<{ id: string; email: string }> {
  const email = `welcome-${randomUUID().slice(0, 8)}@example.jp`;
  const response = await settle(() =>
    newAccountAction({ request: formPost("/admin/users/new", { email, displayName: "山田 花子", preferredLanguage: "en", role }, cookie), context: loadContext, params: {} }),
  );
  expect(response.status).toBe(302);
  return { id: (await db().user.findUniqueOrThrow({ where: { email } })).id, email };
}

describe("[admin] sends a welcome link again", () => {
  it("a fresh link for 72 hours works; the first one is refused from then on; the audit row counts the link it ended", async () => {
    const cookie = await adminCookie();
    const account = await accountMadeByAdmin(cookie);
    const [first] = await tokensTo(account.email);
    expect(first).toBeTruthy();

    const before = await welcomePage(account.id, cookie);
    expect(await before.json()).toMatchObject({ account: { id: account.id, refusal: null, lastLink: { usedAt: null } } });
    const response = await resend(account.id, cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/admin/users/${account.id}/welcome-link?sent=1`);

    const mails = await mailTo(account.email);
    expect(mails).toHaveLength(2);
    const second = tokenOf(mails[1]!);
    expect(mails[1]!.subject).toBe(translator("en", "admin")("mail.accountCreated.subject"));
    expect(mails[1]!.text).toContain(translator("en", "admin")("mail.accountCreated.replacesEarlier"));
    const [audit] = await resent(account.id);
    expect(audit).toMatchObject({ outcome: "success", detail: { by: "admin", replacedLinks: 1 } });
    const link = await db().signInLink.findFirstOrThrow({ where: { userId: account.id }, orderBy: { createdAt: "desc" } });
    expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBe(72 * 3_600_000);

    expect(await signInWithLink(first!, requestFrom())).toEqual({ ok: false, reason: "link_expired" });
    expect(await signInWithLink(second, requestFrom())).toMatchObject({ ok: true });
    // Replayed, the new one is used up like any other.
    expect(await signInWithLink(second, requestFrom())).toEqual({ ok: false, reason: "link_used" });
  });

  it("a staff account whose link was used but who never set up a password and a second factor may be sent one", async () => {
    const cookie = await adminCookie();
    const account = await accountMadeByAdmin(cookie, "dac_secretariat");
    const [first] = await tokensTo(account.email);
    expect(await signInWithLink(first!, requestFrom())).toMatchObject({ ok: true, secondFactorRequired: true });
    expect(await (await welcomePage(account.id, cookie)).json()).toMatchObject({ account: { refusal: null } });
    expect((await resend(account.id, cookie)).status).toBe(302);
    expect(await tokensTo(account.email)).toHaveLength(2);
  });

  it("no link to an account already set up, disabled, or not the admin's to welcome: the page and the refusal say why, nothing is written", async () => {
    const cookie = await adminCookie("en");
    const staff = await createUser({ role: "coordinator", withTotp: true });
    const expertSignedIn = await createUser({ role: "dac_expert", password: null });
    await db().signInLink.create({ data: { id: randomUUID().replace(/-/g, "").slice(0, 24), tokenHash: new Uint8Array(32), userId: expertSignedIn.id, expiresAt: new Date(), usedAt: new Date() } });
    const withPassword = await createUser({ role: "applicant" });
    const disabled = await createUser({ role: "dac_expert", password: null });
    await db().user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    const participant = await createUser({ role: "participant", password: null });
    const cases: [CreatedUser, string][] = [
      [staff, "welcome_set_up_factors"],
      [expertSignedIn, "welcome_set_up_signed_in"],
      [withPassword, "welcome_set_up_signed_in"],
      [disabled, "welcome_disabled"],
      [participant, "welcome_not_from_admin"],
    ];
    for (const [user, refusal] of cases) {
      const links = await linksOf(user.id);
      const page = await welcomePage(user.id, cookie);
      expect(await page.json(), refusal).toMatchObject({ account: { refusal } });
      const response = await resend(user.id, cookie, { intent: "resend", email: user.email });
      expect(response.status, refusal).toBe(409);
      // The sentence the page shows, in the admin's language, names the account.
      expect(replyErrors(await response.json())).toEqual([translator("en", "admin")(`refusals.${refusal}`, { email: user.email })]);
      expect(translator("en", "admin")(`refusals.${refusal}`, { email: user.email })).toContain(user.email);
      expect(await linksOf(user.id), refusal).toBe(links);
      expect(await resent(user.id), refusal).toEqual([]);
      expect(await mailTo(user.email), refusal).toEqual([]);
    }
  });

  it("two sends at once: both answered, and exactly one link works — the later one", async () => {
    const cookie = await adminCookie();
    const account = await accountMadeByAdmin(cookie);
    const answers = await Promise.all([resend(account.id, cookie), resend(account.id, cookie)]);
    expect(answers.map((answer) => answer.status)).toEqual([302, 302]);
    const tokens = await tokensTo(account.email);
    expect(tokens).toHaveLength(3);
    const audits = await resent(account.id);
    expect(audits.map((row) => (row.detail as { replacedLinks: number }).replacedLinks)).toEqual([1, 1]);
    // Each send ended every open link under the account's lock, so the one left open is the one the later send made.
    const open = await db().signInLink.findMany({ where: { userId: account.id, usedAt: null, expiresAt: { gt: new Date() } } });
    expect(open).toHaveLength(1);
    const outcomes = await Promise.all(tokens.map((token) => signInWithLink(token, requestFrom())));
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(tokens[outcomes.findIndex((outcome) => outcome.ok)]!.startsWith(`${open[0]!.id}.`)).toBe(true);
  });

  it("bad input: an unknown or malformed account is not found, a form without its intent is refused; nothing written", async () => {
    const cookie = await adminCookie();
    const account = await accountMadeByAdmin(cookie);
    const links = await linksOf(account.id);
    for (const id of ["00000000-0000-4000-8000-000000000000", "x'<b>..", "\u202Eabc", "a".repeat(5000)]) {
      expect((await resend(id, cookie)).status, id.slice(0, 20)).toBe(404);
      expect((await welcomePage(id, cookie)).status, id.slice(0, 20)).toBe(404);
    }
    for (const fields of [{}, { intent: "delete" }, { intent: "resend\u0000" }, { intent: "再送" }] as Record<string, string>[]) {
      const response = await resend(account.id, cookie, fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(replyErrors(await response.json())).toEqual([translator("ja", "admin")("refusals.invalid")]);
    }
    expect(await linksOf(account.id)).toBe(links);
    expect(await resent(account.id)).toEqual([]);
    // Only administrators: anyone else is refused at the door.
    const coordinator = await cookieFor(await createUser({ role: "coordinator", withTotp: true }));
    expect((await resend(account.id, coordinator)).status).toBe(403);
    expect(await linksOf(account.id)).toBe(links);
  });
});

// ─── The applicant ───────────────────────────────────────────────────────────────────────────────────────────────

async function signUp(email: string, context = contextFrom()) {
  const response = await settle(() =>
    signUpAction({ request: formPost("/applications/sign-up", { email, displayName: "Taro Kenkyu", institution: "照合大学", country: "JP" }, ""), context, params: {} }),
  );
  expect(response.status).toBe(200);
  return (await db().user.findUniqueOrThrow({ where: { email } })).id;
}

const askAgain = (email: string, context: AppLoadContext, language = "ja") =>
  cookieFor(null, language).then((cookie) =>
    settle(() => applicantWelcomeAction({ request: formPost("/applications/sign-up/welcome-link", { email }, cookie), context, params: {} })),
  );

describe("[applicant] asks for the sign-up link again", () => {
  it("a fresh link; the one from signing up is refused from then on; the audit row says so", async () => {
    const email = `applicant-${randomUUID().slice(0, 8)}@example.jp`;
    const userId = await signUp(email);
    const [first] = await tokensTo(email);
    const response = await askAgain(email.toUpperCase(), contextFrom());
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ sent: true });
    const mails = await mailTo(email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text).toContain(translator("ja", "email")("signInLink.replacesEarlier"));
    const [audit] = await resent(userId);
    expect(audit).toMatchObject({ outcome: "success", actorUserId: userId, detail: { by: "self", replacedLinks: 1 } });
    expect(await signInWithLink(first!, requestFrom())).toEqual({ ok: false, reason: "link_expired" });
    expect(await signInWithLink(tokenOf(mails[1]!), requestFrom())).toMatchObject({ ok: true });
  });

  it("the same answer for an unknown address, an account already used, a disabled one and one that is not an applicant's — and no mail", async () => {
    const used = `used-${randomUUID().slice(0, 8)}@example.jp`;
    const usedId = await signUp(used);
    expect(await signInWithLink((await tokensTo(used))[0]!, requestFrom())).toMatchObject({ ok: true });
    const disabledEmail = `disabled-${randomUUID().slice(0, 8)}@example.jp`;
    const disabledId = await signUp(disabledEmail);
    await db().user.update({ where: { id: disabledId }, data: { disabledAt: new Date() } });
    const expert = await createUser({ role: "dac_expert", password: null });
    const participant = await createUser({ role: "participant", password: null });
    const unknown = `nobody-${randomUUID().slice(0, 8)}@example.jp`;
    delivered.length = 0;
    const cases: [string, string | null, string][] = [
      [unknown, null, "no_account"],
      [used, usedId, "set_up"],
      [disabledEmail, disabledId, "disabled"],
      [expert.email, expert.id, "not_an_applicant"],
      [participant.email, participant.id, "not_an_applicant"],
    ];
    for (const [email, userId, reason] of cases) {
      const response = await askAgain(email, contextFrom());
      expect(response.status, reason).toBe(200);
      expect(await response.json(), reason).toMatchObject({ sent: true });
      const rows = await db().auditEvent.findMany({ where: { type: "account.welcome_link_resent", AND: [{ detail: { path: ["attemptedEmail"], equals: email.toLowerCase() } }] } });
      expect(rows.map((row) => [row.outcome, (row.detail as { reason: string }).reason, row.subjectUserId]), reason).toEqual([["ignored", reason, userId]]);
    }
    expect(delivered).toEqual([]);
  });

  it("counted: per address, a translated refusal with when to try again; per account, silently nothing more", async () => {
    const context = contextFrom();
    for (let index = 0; index < 10; index++) expect((await askAgain(`nobody-${index}-${randomUUID().slice(0, 6)}@example.jp`, context)).status).toBe(200);
    const refused = await askAgain(`nobody-${randomUUID().slice(0, 6)}@example.jp`, context, "en");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(replyErrors(await refused.json())[0]).toMatch(/minute/);

    const email = `applicant-${randomUUID().slice(0, 8)}@example.jp`;
    const userId = await signUp(email);
    delivered.length = 0;
    for (let index = 0; index < 4; index++) expect((await askAgain(email, contextFrom())).status).toBe(200);
    expect(await mailTo(email)).toHaveLength(3);
    expect((await resent(userId)).map((row) => row.outcome)).toEqual(["success", "success", "success", "rate_limited"]);
  });

  it("two requests at once: exactly one link works, the later one", async () => {
    const email = `applicant-${randomUUID().slice(0, 8)}@example.jp`;
    const userId = await signUp(email);
    delivered.length = 0;
    const answers = await Promise.all([askAgain(email, contextFrom()), askAgain(email, contextFrom())]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const tokens = await tokensTo(email);
    expect(tokens).toHaveLength(2);
    const open = await db().signInLink.findMany({ where: { userId, usedAt: null, expiresAt: { gt: new Date() } } });
    expect(open).toHaveLength(1);
    const outcomes = await Promise.all(tokens.map((token) => signInWithLink(token, requestFrom())));
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(tokens[outcomes.findIndex((outcome) => outcome.ok)]!.startsWith(`${open[0]!.id}.`)).toBe(true);
  });

  it("bad input is refused with a translated error, and nothing is looked up, written or sent", async () => {
    const before = await db().auditEvent.count({ where: { type: "account.welcome_link_resent" } });
    for (const email of ["", "not-an-address", `${"a".repeat(250)}@example.jp`, "taro\u202E@example.jp", "taro@exa\u0000mple.jp"]) {
      const response = await askAgain(email, contextFrom());
      expect(response.status, email.slice(0, 20)).toBe(400);
      const errors = replyErrors(await response.json());
      expect(errors.length, email.slice(0, 20)).toBeGreaterThan(0);
      for (const error of errors) expect(error).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect(await db().auditEvent.count({ where: { type: "account.welcome_link_resent" } })).toBe(before);
    expect(delivered).toEqual([]);
  });
});
