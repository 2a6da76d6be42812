import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { requestSignInLink } from "../../app/domain/auth/request-sign-in-link.server";
import { signInWithLink } from "../../app/domain/auth/sign-in-with-link.server";
import { signInWithPassword } from "../../app/domain/auth/sign-in-with-password.server";
import { validateSessionToken } from "../../app/domain/session/validate-session-token.server";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

async function auditTypes(userId: string) {
  const rows = await getDatabase().auditEvent.findMany({ where: { OR: [{ actorUserId: userId }, { subjectUserId: userId }] }, orderBy: { id: "asc" } });
  return rows.map((row) => `${row.type}:${row.outcome}`);
}

async function linkFromMail(email: string): Promise<string> {
  const [mail] = await listCapturedMail({ to: email, limit: 1 });
  const match = mail?.text.match(/\/sign-in\/link\/([a-z2-9]{24}\.[a-z2-9]{24})/);
  if (!match?.[1]) throw new Error(`no sign-in link mailed to ${email}`);
  return match[1];
}

describe("password sign-in", () => {
  it("stores only the SHA-256 of the session secret, never the token", async () => {
    const user = await createUser();
    const result = await signInWithPassword({ email: user.email, password: user.password }, requestFrom());
    if (!result.ok) throw new Error("sign-in failed");
    const [id, secret] = result.sessionToken.split(".") as [string, string];
    const row = await getDatabase().session.findUniqueOrThrow({ where: { id } });
    const stored = Buffer.from(row.secretHash);
    expect(stored.length).toBe(32);
    expect(stored.toString("hex")).toBe((await import("node:crypto")).createHash("sha256").update(secret).digest("hex"));
    const everyColumn = JSON.stringify(row, (_key, value) => (value instanceof Uint8Array ? Buffer.from(value).toString("hex") : value));
    expect(everyColumn).not.toContain(secret);
    expect(everyColumn).not.toContain(result.sessionToken);
    expect(await validateSessionToken(result.sessionToken)).toMatchObject({ userId: user.id });
    expect(await validateSessionToken(`${id}.${"a".repeat(24)}`)).toBeNull();
  });

  it("answers the same for an unknown address, a wrong password and a disabled account", async () => {
    const user = await createUser();
    const disabled = await createUser();
    await getDatabase().user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    const unknown = await signInWithPassword({ email: "nobody-here@test.tsunagi.test", password: "x" }, requestFrom());
    const wrong = await signInWithPassword({ email: user.email, password: "not-the-password" }, requestFrom());
    const off = await signInWithPassword({ email: disabled.email, password: disabled.password }, requestFrom());
    expect([unknown, wrong, off]).toEqual([
      { ok: false, reason: "invalid_credentials" },
      { ok: false, reason: "invalid_credentials" },
      { ok: false, reason: "invalid_credentials" },
    ]);
  });

  // The limits (how many attempts, from where, and who is exempt) are tested in sign-in-limits.test.ts.

  it("audits successes and failures with time, address and user agent", async () => {
    const user = await createUser();
    await signInWithPassword({ email: user.email, password: "wrong" }, requestFrom("198.51.100.5"));
    await signInWithPassword({ email: user.email, password: user.password }, requestFrom("198.51.100.5"));
    expect(await auditTypes(user.id)).toEqual(["auth.sign_in_failed:failure", "auth.sign_in:success"]);
    const rows = await getDatabase().auditEvent.findMany({ where: { subjectUserId: user.id } });
    for (const row of rows) {
      expect(row.ipAddress).toBe("198.51.100.5");
      expect(row.userAgent).toBe("vitest");
      expect(row.occurredAt).toBeInstanceOf(Date);
      expect(JSON.stringify(row.detail)).not.toContain(user.password);
    }
  });

  it("asks staff for their second factor before the session is usable", async () => {
    const staff = await createUser({ role: "coordinator", withTotp: true });
    const result = await signInWithPassword({ email: staff.email, password: staff.password }, requestFrom());
    expect(result).toMatchObject({ ok: true, secondFactorRequired: true });
    if (!result.ok) return;
    expect((await validateSessionToken(result.sessionToken))?.secondFactorAt).toBeNull();
  });
});

describe("new device notice", () => {
  it("mails the person when they sign in from a browser not seen before, and not when it is known", async () => {
    const user = await createUser();
    const first = await signInWithPassword({ email: user.email, password: user.password }, requestFrom());
    if (!first.ok) throw new Error("sign-in failed");
    await runJobsUntilSettled();
    expect(await listCapturedMail({ to: user.email })).toEqual([]);

    const again = await signInWithPassword({ email: user.email, password: user.password }, { ...requestFrom(), deviceToken: first.deviceToken });
    expect(again).toMatchObject({ ok: true, notifyNewDevice: false });
    await runJobsUntilSettled();
    expect(await listCapturedMail({ to: user.email })).toEqual([]);

    const elsewhere = await signInWithPassword({ email: user.email, password: user.password }, { ipAddress: "203.0.113.50", userAgent: "Other browser" });
    expect(elsewhere).toMatchObject({ ok: true, notifyNewDevice: true });
    await runJobsUntilSettled();
    const [mail] = await listCapturedMail({ to: user.email });
    expect(mail?.template).toBe("new-device-sign-in");
    expect(mail?.text).toContain("203.0.113.50");
  });
});

describe("email sign-in link", () => {
  it("works once, and only within 15 minutes", async () => {
    const user = await createUser({ password: null });
    await requestSignInLink({ email: user.email, language: "ja" }, requestFrom());
    const token = await linkFromMail(user.email);
    expect(await signInWithLink(token, requestFrom())).toMatchObject({ ok: true, secondFactorRequired: false });
    expect(await signInWithLink(token, requestFrom())).toEqual({ ok: false, reason: "link_used" });

    await requestSignInLink({ email: user.email, language: "en" }, requestFrom());
    const second = await linkFromMail(user.email);
    const sixteenMinutesLater = new Date(Date.now() + 16 * 60_000);
    expect(await signInWithLink(second, { ...requestFrom(), now: sixteenMinutesLater })).toEqual({ ok: false, reason: "link_expired" });
    expect(await signInWithLink(second.replace(/.$/, (c) => (c === "a" ? "b" : "a")), requestFrom())).toEqual({ ok: false, reason: "link_invalid" });
  });

  it("mails the link in the language the person was reading", async () => {
    const user = await createUser({ password: null });
    await requestSignInLink({ email: user.email, language: "en" }, requestFrom());
    const [mail] = await listCapturedMail({ to: user.email, limit: 1 });
    expect(mail?.language).toBe("en");
    expect(mail?.subject).toMatch(/sign/i);
  });

  it("sends nothing to staff or unknown addresses, and says nothing different", async () => {
    const staff = await createUser({ role: "admin", withTotp: true });
    await requestSignInLink({ email: staff.email, language: "ja" }, requestFrom());
    await requestSignInLink({ email: "unknown-person@test.tsunagi.test", language: "ja" }, requestFrom());
    expect(await listCapturedMail({ to: staff.email })).toEqual([]);
    expect(await listCapturedMail({ to: "unknown-person@test.tsunagi.test" })).toEqual([]);
    expect(await auditTypes(staff.id)).toEqual(["auth.sign_in_link_requested:ignored"]);
  });
});
