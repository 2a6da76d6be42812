import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { AppError } from "../../app/domain/kernel/app-error";
import { finishPasskeyAuthentication } from "../../app/domain/auth/passkeys/finish-passkey-authentication.server";
import { finishPasskeyRegistration } from "../../app/domain/auth/passkeys/finish-passkey-registration.server";
import { listPasskeys } from "../../app/domain/auth/passkeys/list-passkeys.server";
import { challengeLifetimeMs } from "../../app/domain/auth/passkeys/passkey-challenge.server";
import { reauthenticateWithPasskey } from "../../app/domain/auth/passkeys/reauthenticate-with-passkey.server";
import { removePasskey } from "../../app/domain/auth/passkeys/remove-passkey.server";
import { startPasskeyAuthentication } from "../../app/domain/auth/passkeys/start-passkey-authentication.server";
import { startPasskeyReauthentication } from "../../app/domain/auth/passkeys/start-passkey-reauthentication.server";
import { startPasskeyRegistration } from "../../app/domain/auth/passkeys/start-passkey-registration.server";
import { maxFailuresPerAccount } from "../../app/domain/auth/sign-in-rate-limit.server";
import { signInWithPassword } from "../../app/domain/auth/sign-in-with-password.server";
import type { Role } from "../../app/domain/authz/roles";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { createSession } from "../../app/domain/session/create-session.server";
import { validateSessionToken } from "../../app/domain/session/validate-session-token.server";
import { SoftAuthenticator } from "../factories/soft-authenticator";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

const minute = 60_000;

/** A signed-in session row; `ageMs` makes it older than the 10-minute "recently authenticated" window. */
async function sessionFor(user: { id: string; role: Role }, ageMs = 0) {
  const now = new Date(Date.now() - ageMs);
  const { session } = await createSession(getDatabase(), { userId: user.id, role: user.role, secondFactorVerified: true, now });
  return session;
}

/** A user with one passkey on a software authenticator, registered through the real domain functions. */
async function userWithPasskey(role: Role = "participant") {
  const user = await createUser({ role });
  const session = await sessionFor(user);
  const authenticator = new SoftAuthenticator();
  const request = requestFrom();
  const { challengeId, options } = await startPasskeyRegistration({ session, request });
  const passkey = await finishPasskeyRegistration({ session, input: { challengeId, name: "My phone", response: authenticator.register(options) }, request });
  return { user, session, authenticator, passkey };
}

async function signInWith(authenticator: SoftAuthenticator, options: { counter?: number; now?: Date; ipAddress?: string } = {}) {
  const request = { ...requestFrom(options.ipAddress), now: options.now };
  const start = await startPasskeyAuthentication({ request });
  const response = authenticator.authenticate(start.options, { counter: options.counter });
  return finishPasskeyAuthentication({ input: { challengeId: start.challengeId, response }, request });
}

async function auditRows(userId: string) {
  const rows = await getDatabase().auditEvent.findMany({ where: { OR: [{ actorUserId: userId }, { subjectUserId: userId }] }, orderBy: { id: "asc" } });
  return rows.map((row) => ({ type: row.type, outcome: row.outcome, detail: row.detail }));
}

describe("passkey registration", () => {
  it("stores the credential with its name and counter, audits it and mails the owner", async () => {
    const { user, authenticator, passkey } = await userWithPasskey();
    const row = await getDatabase().passkey.findUniqueOrThrow({ where: { id: authenticator.id } });
    expect(row).toMatchObject({ userId: user.id, name: "My phone", counter: 0n, transports: ["internal"], deviceType: "singleDevice", backedUp: false });
    expect(passkey).toEqual({ id: authenticator.id, name: "My phone" });
    expect(await auditRows(user.id)).toContainEqual({ type: "auth.factor_changed", outcome: "success", detail: { factor: "passkey", change: "added", credentialName: "My phone" } });
    await runJobsUntilSettled();
    const [mail] = await listCapturedMail({ to: user.email, limit: 1 });
    expect(mail?.template).toBe("second-factor-changed");
  });

  it("asks for residentKey and user verification, and excludes passkeys the account already has", async () => {
    const { user, session, authenticator } = await userWithPasskey();
    const { options } = await startPasskeyRegistration({ session, request: requestFrom() });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.attestation).toBe("none");
    expect(options.excludeCredentials?.map((credential) => credential.id)).toEqual([authenticator.id]);
    expect(options.user.name).toBe(user.email);
    expect(Buffer.from(options.user.id, "base64url").toString("utf8")).toBe(user.id);
  });

  it("needs a recent sign-in or re-authentication", async () => {
    const user = await createUser();
    const stale = await sessionFor(user, 11 * minute);
    await expect(startPasskeyRegistration({ session: stale, request: requestFrom() })).rejects.toEqual(new AppError("reauthentication_required"));
  });

  it("names the passkey after the browser when no name is given", async () => {
    const user = await createUser();
    const session = await sessionFor(user);
    const request = { ...requestFrom(), userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36" };
    const { challengeId, options } = await startPasskeyRegistration({ session, request });
    const passkey = await finishPasskeyRegistration({ session, input: { challengeId, response: new SoftAuthenticator().register(options) }, request });
    expect(passkey.name).toBe("Passkey (Chrome on Android)");
  });

  it("refuses an authenticator that did not verify the user", async () => {
    const user = await createUser();
    const session = await sessionFor(user);
    const { challengeId, options } = await startPasskeyRegistration({ session, request: requestFrom() });
    const response = new SoftAuthenticator().register(options, { userVerified: false });
    await expect(finishPasskeyRegistration({ session, input: { challengeId, response }, request: requestFrom() })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await listPasskeys(user.id)).toEqual([]);
  });
});

describe("passkey sign-in", () => {
  it("signs in without an e-mail, moves the counter forward and audits the method", async () => {
    const { user, authenticator } = await userWithPasskey();
    const result = await signInWith(authenticator);
    if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
    expect(result.secondFactorRequired).toBe(false);
    expect(await validateSessionToken(result.sessionToken)).toMatchObject({ userId: user.id });
    const row = await getDatabase().passkey.findUniqueOrThrow({ where: { id: authenticator.id } });
    expect(row.counter).toBe(1n);
    expect(row.lastUsedAt).not.toBeNull();
    expect(await auditRows(user.id)).toContainEqual({ type: "auth.sign_in", outcome: "success", detail: { method: "passkey", secondFactorPending: false } });
  });

  it("counts as both factors for staff: no TOTP step, and the second factor is audited as passed", async () => {
    const { user, authenticator } = await userWithPasskey("coordinator");
    const result = await signInWith(authenticator);
    if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
    expect(result.secondFactorRequired).toBe(false);
    expect((await validateSessionToken(result.sessionToken))?.secondFactorAt).not.toBeNull();
    expect(await auditRows(user.id)).toContainEqual({ type: "auth.second_factor_passed", outcome: "success", detail: { method: "passkey" } });
  });

  it("uses each challenge once", async () => {
    const { user, authenticator } = await userWithPasskey();
    const request = requestFrom();
    const start = await startPasskeyAuthentication({ request });
    const first = await finishPasskeyAuthentication({ input: { challengeId: start.challengeId, response: authenticator.authenticate(start.options) }, request });
    const replay = await finishPasskeyAuthentication({ input: { challengeId: start.challengeId, response: authenticator.authenticate(start.options) }, request });
    expect(first.ok).toBe(true);
    expect(replay).toEqual({ ok: false, reason: "passkey_invalid" });
    const failures = (await auditRows(user.id)).filter((row) => row.type === "auth.sign_in_failed");
    expect(failures).toEqual([{ type: "auth.sign_in_failed", outcome: "failure", detail: { method: "passkey", reason: "passkey_invalid" } }]);
  });

  it("lets only one of two requests racing with the same challenge and assertion sign in", async () => {
    const { user, authenticator } = await userWithPasskey();
    const request = requestFrom();
    const start = await startPasskeyAuthentication({ request });
    const response = authenticator.authenticate(start.options);
    const results = await Promise.all(Array.from({ length: 5 }, () => finishPasskeyAuthentication({ input: { challengeId: start.challengeId, response }, request })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual(Array.from({ length: 4 }, () => ({ ok: false, reason: "passkey_invalid" })));
    expect(await getDatabase().session.count({ where: { userId: user.id } })).toBe(2); // the registration's and this one
  });

  it("refuses a challenge older than five minutes", async () => {
    const { authenticator } = await userWithPasskey();
    const startedAt = new Date();
    const request = requestFrom();
    const start = await startPasskeyAuthentication({ request: { ...request, now: startedAt } });
    const late = new Date(startedAt.getTime() + challengeLifetimeMs + 1000);
    const result = await finishPasskeyAuthentication({ input: { challengeId: start.challengeId, response: authenticator.authenticate(start.options) }, request: { ...request, now: late } });
    expect(result).toEqual({ ok: false, reason: "passkey_invalid" });
  });

  it("refuses a signature counter that went backwards (a cloned authenticator) and keeps the stored one", async () => {
    const { user, authenticator } = await userWithPasskey();
    expect((await signInWith(authenticator, { counter: 10 })).ok).toBe(true);
    expect(await signInWith(authenticator, { counter: 5 })).toEqual({ ok: false, reason: "passkey_invalid" });
    expect(await signInWith(authenticator, { counter: 10 })).toEqual({ ok: false, reason: "passkey_invalid" });
    expect((await getDatabase().passkey.findUniqueOrThrow({ where: { id: authenticator.id } })).counter).toBe(10n);
    const failures = (await auditRows(user.id)).filter((row) => row.type === "auth.sign_in_failed");
    expect(failures).toHaveLength(2);
  });

  it("refuses a disabled account, and an unknown credential, with the same answer", async () => {
    const { user, authenticator } = await userWithPasskey();
    await getDatabase().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await signInWith(authenticator)).toEqual({ ok: false, reason: "passkey_invalid" });
    expect(await signInWith(new SoftAuthenticator())).toEqual({ ok: false, reason: "passkey_invalid" });
    expect(await auditRows(user.id)).toContainEqual({ type: "auth.sign_in_failed", outcome: "failure", detail: { method: "passkey", reason: "account_disabled" } });
  });

  it("shares the password limit: after 10 failures from one address even a good passkey from there is refused", async () => {
    const { user, authenticator } = await userWithPasskey();
    const ipAddress = "192.0.2.1";
    for (let attempt = 0; attempt < maxFailuresPerAccount; attempt += 1) {
      expect(await signInWithPassword({ email: user.email, password: `wrong-${attempt}` }, requestFrom(ipAddress))).toEqual({ ok: false, reason: "invalid_credentials" });
    }
    expect(await signInWith(authenticator, { ipAddress })).toMatchObject({ ok: false, reason: "rate_limited" });
    expect((await signInWith(authenticator)).ok).toBe(true);
  });
});

describe("passkey management", () => {
  it("lists the account's passkeys without key material", async () => {
    const { user, authenticator } = await userWithPasskey();
    const list = await listPasskeys(user.id);
    expect(list).toEqual([{ id: authenticator.id, name: "My phone", createdAt: expect.any(Date), lastUsedAt: null, backedUp: false }]);
  });

  it("removal needs a recent sign-in or re-authentication", async () => {
    const { user, authenticator } = await userWithPasskey();
    const stale = await sessionFor(user, 11 * minute);
    await expect(removePasskey({ session: stale, passkeyId: authenticator.id, request: requestFrom() })).rejects.toEqual(new AppError("reauthentication_required"));
    expect(await listPasskeys(user.id)).toHaveLength(1);
  });

  it("removes the passkey, audits its name and mails the owner", async () => {
    const { user, session, authenticator } = await userWithPasskey();
    await removePasskey({ session, passkeyId: authenticator.id, request: requestFrom() });
    expect(await listPasskeys(user.id)).toEqual([]);
    expect(await auditRows(user.id)).toContainEqual({ type: "auth.factor_changed", outcome: "success", detail: { factor: "passkey", change: "removed", credentialName: "My phone" } });
    await runJobsUntilSettled();
    expect((await listCapturedMail({ to: user.email })).length).toBe(2);
    expect(await signInWith(authenticator)).toEqual({ ok: false, reason: "passkey_invalid" });
  });

  it("cannot remove someone else's passkey", async () => {
    const owner = await userWithPasskey();
    const other = await createUser();
    const session = await sessionFor(other);
    await expect(removePasskey({ session, passkeyId: owner.authenticator.id, request: requestFrom() })).rejects.toEqual(new AppError("not_found"));
    expect(await listPasskeys(owner.user.id)).toHaveLength(1);
  });
});

describe("re-authentication with a passkey", () => {
  it("marks a stale session as recently authenticated, so a factor can change again", async () => {
    const { user, authenticator } = await userWithPasskey();
    const stale = await sessionFor(user, 11 * minute);
    const request = requestFrom();
    const start = await startPasskeyReauthentication({ session: stale, request });
    expect(start.options.allowCredentials?.map((credential) => credential.id)).toEqual([authenticator.id]);
    const result = await reauthenticateWithPasskey({ session: stale, input: { challengeId: start.challengeId, response: authenticator.authenticate(start.options) }, request });
    expect(result).toEqual({ ok: true });
    const refreshed = await getDatabase().session.findUniqueOrThrow({ where: { id: stale.id } });
    await removePasskey({ session: refreshed, passkeyId: authenticator.id, request });
    expect(await auditRows(user.id)).toContainEqual({ type: "auth.reauthenticated", outcome: "success", detail: { method: "passkey" } });
  });

  it("does not accept another account's passkey", async () => {
    const owner = await userWithPasskey();
    const other = await userWithPasskey();
    const request = requestFrom();
    const start = await startPasskeyReauthentication({ session: other.session, request });
    const response = owner.authenticator.authenticate(start.options);
    expect(await reauthenticateWithPasskey({ session: other.session, input: { challengeId: start.challengeId, response }, request })).toEqual({ ok: false, reason: "passkey_invalid" });
  });
});
