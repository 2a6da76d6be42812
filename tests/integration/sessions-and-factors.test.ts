import { describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import { getSession, requirePermission } from "../../app/auth/guards.server";
import { setSessionCookie } from "../../app/auth/session-cookie.server";
import { getDatabase } from "../../app/db.server";
import { disableAccount } from "../../app/domain/account/disable-account.server";
import { listUsers } from "../../app/domain/account/list-users.server";
import { listAuditEvents } from "../../app/domain/audit/list-audit-events.server";
import { AppError } from "../../app/domain/kernel/app-error";
import { changePassword } from "../../app/domain/auth/change-password.server";
import { beginTotpEnrolment, confirmTotpEnrolment, readPendingTotpEnrolment } from "../../app/domain/auth/enrol-totp.server";
import { signInWithPassword } from "../../app/domain/auth/sign-in-with-password.server";
import { currentTotpCode } from "../../app/domain/auth/totp.server";
import { verifySecondFactor } from "../../app/domain/auth/verify-second-factor.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { endSession } from "../../app/domain/session/end-session.server";
import { signOutOtherSessions } from "../../app/domain/session/sign-out-other-sessions.server";
import { validateSessionToken } from "../../app/domain/session/validate-session-token.server";
import { createUser, requestFrom, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

async function signIn(user: CreatedUser, now?: Date) {
  const result = await signInWithPassword({ email: user.email, password: user.password }, { ...requestFrom(), now });
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return result;
}

async function sessionEndReasons(userId: string) {
  const rows = await getDatabase().auditEvent.findMany({ where: { subjectUserId: userId, type: "session.ended" }, orderBy: { id: "asc" } });
  return rows.map((row) => (row.detail as { reason: string }).reason);
}

describe("sessions", () => {
  it("a page's loaders share one check of the session, and no other request, cookie or form submission reuses it", async () => {
    const [first, second] = [await createUser(), await createUser()];
    const [a, b] = [await signIn(first), await signIn(second)];
    const cookieOf = async (token: string) => (await setSessionCookie(token, new Date(Date.now() + 86_400_000))).split(";")[0]!;
    const get = async (token: string, method = "GET") => new Request("http://localhost/home", { method, headers: { Cookie: await cookieOf(token) } });
    const page = { cspNonce: "", clientAddress: "127.0.0.1", requestScope: {} } satisfies AppLoadContext;
    // Two loaders of one page (Remix gives each its own copy of the Request) get the one answer.
    const [root, route] = [getSession(await get(a.sessionToken), page), getSession(await get(a.sessionToken), page)];
    expect(route).toBe(root);
    expect((await route)?.user.id).toBe(first.id);
    // Another cookie in the same scope is checked for itself.
    expect((await getSession(await get(b.sessionToken), page))?.user.id).toBe(second.id);

    // Ended: the next request (its own scope) no longer has it, and neither does a submission in the old one.
    const session = (await validateSessionToken(a.sessionToken))!;
    await endSession({ sessionId: session.id, userId: first.id, reason: "sign_out", context: requestFrom() });
    expect(await getSession(await get(a.sessionToken), { ...page, requestScope: {} })).toBeNull();
    expect(await getSession(await get(a.sessionToken, "POST"), page)).toBeNull();
  });

  it("sign-out ends the session on the server, so the old token is worthless", async () => {
    const user = await createUser();
    const { sessionToken } = await signIn(user);
    const session = await validateSessionToken(sessionToken);
    await endSession({ sessionId: session!.id, userId: user.id, reason: "sign_out", context: requestFrom() });
    expect(await validateSessionToken(sessionToken)).toBeNull();
    expect(await sessionEndReasons(user.id)).toEqual(["sign_out"]);
  });

  it("a password change leaves no other session alive", async () => {
    const user = await createUser();
    const others = [await signIn(user), await signIn(user), await signIn(user)];
    const current = await signIn(user);
    const session = (await validateSessionToken(current.sessionToken))!;
    const { endedSessions } = await changePassword({
      session,
      input: { currentPassword: user.password, newPassword: "a brand new passphrase", confirmPassword: "a brand new passphrase" },
      request: requestFrom(),
    });
    expect(endedSessions).toBe(3);
    for (const other of others) expect(await validateSessionToken(other.sessionToken)).toBeNull();
    expect(await validateSessionToken(current.sessionToken)).not.toBeNull();
    expect(await getDatabase().session.count({ where: { userId: user.id } })).toBe(1);
    expect(await sessionEndReasons(user.id)).toEqual(["password_changed"]);
    const types = await getDatabase().auditEvent.findMany({ where: { actorUserId: user.id, type: "auth.factor_changed" } });
    expect(types.map((row) => row.detail)).toEqual([{ factor: "password", change: "changed" }]);
    // The old password no longer signs in; the new one does.
    expect(await signInWithPassword({ email: user.email, password: user.password }, requestFrom())).toMatchObject({ ok: false });
    expect(await signInWithPassword({ email: user.email, password: "a brand new passphrase" }, requestFrom())).toMatchObject({ ok: true });
  });

  it("a password change needs the current password", async () => {
    const user = await createUser();
    const session = (await validateSessionToken((await signIn(user)).sessionToken))!;
    await expect(
      changePassword({ session, input: { currentPassword: "wrong", newPassword: "another long phrase", confirmPassword: "another long phrase" }, request: requestFrom() }),
    ).rejects.toThrow(new AppError("wrong_password"));
    expect(await getDatabase().session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("disabling an account ends all of its sessions", async () => {
    const admin = await createUser({ role: "admin", withTotp: true });
    const user = await createUser();
    const first = await signIn(user);
    const second = await signIn(user);
    await disableAccount({ actorUserId: admin.id, userId: user.id, request: requestFrom() });
    expect(await validateSessionToken(first.sessionToken)).toBeNull();
    expect(await validateSessionToken(second.sessionToken)).toBeNull();
    expect(await sessionEndReasons(user.id)).toEqual(["account_disabled"]);
    const disabled = await getDatabase().auditEvent.findFirst({ where: { subjectUserId: user.id, type: "account.disabled" } });
    expect(disabled?.actorUserId).toBe(admin.id);
  });

  it("'sign out everywhere else' keeps only the current session", async () => {
    const user = await createUser();
    const other = await signIn(user);
    const current = await signIn(user);
    const session = (await validateSessionToken(current.sessionToken))!;
    expect(await signOutOtherSessions({ userId: user.id, currentSessionId: session.id, context: requestFrom() })).toBe(1);
    expect(await validateSessionToken(other.sessionToken)).toBeNull();
    expect(await validateSessionToken(current.sessionToken)).not.toBeNull();
  });

  it("reads a session alike inside a caller's transaction and on the plain pool", async () => {
    const staff = await createUser({ role: "coordinator", withTotp: true });
    const token = (await signIn(staff)).sessionToken;
    const now = new Date();
    const onPool = await validateSessionToken(token, { now });
    const inTransaction = await getDatabase().$transaction((tx) => validateSessionToken(token, { now }, tx as unknown as ReturnType<typeof getDatabase>));
    expect(onPool?.user).toMatchObject({ id: staff.id, role: "coordinator", totpEnabled: true, hasPassword: true });
    expect(inTransaction).toEqual(onPool);
  });

  it("signs staff out after 30 idle minutes but not participants", async () => {
    const staff = await createUser({ role: "coordinator", withTotp: true });
    const participant = await createUser();
    const start = new Date();
    const staffToken = (await signIn(staff, start)).sessionToken;
    const participantToken = (await signIn(participant, start)).sessionToken;
    const after29 = new Date(start.getTime() + 29 * 60_000);
    expect(await validateSessionToken(staffToken, { now: after29 })).not.toBeNull();
    // Activity at minute 29 slides the window: minute 58 is still within 30 minutes of it.
    expect(await validateSessionToken(staffToken, { now: new Date(start.getTime() + 58 * 60_000) })).not.toBeNull();
    expect(await validateSessionToken(staffToken, { now: new Date(start.getTime() + 89 * 60_000) })).toBeNull();
    expect(await sessionEndReasons(staff.id)).toEqual(["idle_timeout"]);
    expect(await validateSessionToken(participantToken, { now: new Date(start.getTime() + 89 * 60_000) })).not.toBeNull();
  });
});

describe("second factor", () => {
  it("accepts a TOTP code once and refuses the same code again", async () => {
    const staff = await createUser({ role: "elsi_staff", withTotp: true });
    const signedIn = await signIn(staff);
    const session = (await validateSessionToken(signedIn.sessionToken))!;
    const code = currentTotpCode(staff.totpKey!);
    expect(await verifySecondFactor({ sessionId: session.id, userId: staff.id, input: { method: "totp", code }, request: requestFrom() })).toMatchObject({ ok: true });
    expect((await validateSessionToken(signedIn.sessionToken))?.secondFactorAt).not.toBeNull();
    const again = await signIn(staff);
    const secondSession = (await validateSessionToken(again.sessionToken))!;
    expect(await verifySecondFactor({ sessionId: secondSession.id, userId: staff.id, input: { method: "totp", code }, request: requestFrom() })).toEqual({ ok: false, reason: "wrong_code" });
  });

  it("enrols TOTP with a code from the app, issues ten single-use recovery codes, audits and mails", async () => {
    const staff = await createUser({ role: "counsellor" });
    const signedIn = await signIn(staff);
    expect(signedIn.secondFactorRequired).toBe(true);
    const session = (await validateSessionToken(signedIn.sessionToken))!;
    const enrolment = beginTotpEnrolment({ id: staff.id, email: staff.email });
    const key = readPendingTotpEnrolment(enrolment.pendingKey, { id: staff.id, email: staff.email })!.key;
    await expect(confirmTotpEnrolment({ session, input: { pendingKey: enrolment.pendingKey, code: "000000" === currentTotpCode(key) ? "111111" : "000000" }, request: requestFrom() })).rejects.toThrow(AppError);

    const { recoveryCodes } = await confirmTotpEnrolment({ session, input: { pendingKey: enrolment.pendingKey, code: currentTotpCode(key) }, request: requestFrom() });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await validateSessionToken(signedIn.sessionToken))?.secondFactorAt).not.toBeNull();

    const next = (await validateSessionToken((await signIn(staff)).sessionToken))!;
    expect(await verifySecondFactor({ sessionId: next.id, userId: staff.id, input: { method: "recovery_code", code: recoveryCodes[0]!.toUpperCase() }, request: requestFrom() })).toMatchObject({ ok: true });
    const later = (await validateSessionToken((await signIn(staff)).sessionToken))!;
    expect(await verifySecondFactor({ sessionId: later.id, userId: staff.id, input: { method: "recovery_code", code: recoveryCodes[0]! }, request: requestFrom() })).toEqual({ ok: false, reason: "wrong_code" });

    const changes = await getDatabase().auditEvent.findMany({ where: { actorUserId: staff.id, type: "auth.factor_changed" }, orderBy: { id: "asc" } });
    expect(changes.map((row) => row.detail)).toEqual([
      { factor: "totp", change: "added" },
      { factor: "recovery_codes", change: "regenerated" },
    ]);
    await runJobsUntilSettled();
    const mail = await listCapturedMail({ to: staff.email });
    expect(mail.map((message) => message.template)).toContain("second-factor-changed");
  });

  it("refuses a pending key made for someone else or tampered with", async () => {
    const staff = await createUser({ role: "coordinator" });
    const other = await createUser({ role: "coordinator" });
    const enrolment = beginTotpEnrolment({ id: other.id, email: other.email });
    expect(readPendingTotpEnrolment(enrolment.pendingKey, { id: staff.id, email: staff.email })).toBeNull();
    const tampered = `${enrolment.pendingKey.slice(0, -2)}${enrolment.pendingKey.endsWith("A") ? "BB" : "AA"}`;
    expect(readPendingTotpEnrolment(tampered, { id: other.id, email: other.email })).toBeNull();
  });

  it("a participant adding TOTP to an old session must re-authenticate first", async () => {
    const participant = await createUser();
    const hourAgo = new Date(Date.now() - 60 * 60_000);
    const session = { id: "unused", userId: participant.id, createdAt: hourAgo, reauthenticatedAt: null, secondFactorAt: hourAgo };
    const enrolment = beginTotpEnrolment({ id: participant.id, email: participant.email });
    const key = readPendingTotpEnrolment(enrolment.pendingKey, { id: participant.id, email: participant.email })!.key;
    await expect(confirmTotpEnrolment({ session, input: { pendingKey: enrolment.pendingKey, code: currentTotpCode(key) }, request: requestFrom() })).rejects.toThrow(
      new AppError("reauthentication_required"),
    );
    expect((await getDatabase().user.findUniqueOrThrow({ where: { id: participant.id } })).totpEnabledAt).toBeNull();
  });

  it("replacing an enrolled factor needs a recent sign-in", async () => {
    const staff = await createUser({ role: "coordinator", withTotp: true });
    const hourAgo = new Date(Date.now() - 60 * 60_000);
    const session = { id: "unused", userId: staff.id, createdAt: hourAgo, reauthenticatedAt: null, secondFactorAt: hourAgo };
    const enrolment = beginTotpEnrolment({ id: staff.id, email: staff.email });
    const key = readPendingTotpEnrolment(enrolment.pendingKey, { id: staff.id, email: staff.email })!.key;
    await expect(confirmTotpEnrolment({ session, input: { pendingKey: enrolment.pendingKey, code: currentTotpCode(key) }, request: requestFrom() })).rejects.toThrow(
      new AppError("reauthentication_required"),
    );
  });
});

describe("permissions", () => {
  it("refuses and audits a participant asking for the audit log", async () => {
    const user = await createUser();
    const { sessionToken } = await signIn(user);
    const cookie = (await setSessionCookie(sessionToken, new Date(Date.now() + 3600_000))).split(";")[0]!;
    const request = new Request("http://localhost:3000/admin/audit", { headers: { Cookie: cookie, "User-Agent": "vitest" } });
    const context = { cspNonce: "", clientAddress: "203.0.113.9" } satisfies AppLoadContext;
    const refusal = await requirePermission(request, context, "audit:read").catch((thrown: unknown) => thrown);
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(403);
    const denial = await getDatabase().auditEvent.findFirstOrThrow({ where: { actorUserId: user.id, type: "authz.permission_denied" } });
    expect(denial).toMatchObject({ outcome: "denied", ipAddress: "203.0.113.9", userAgent: "vitest", detail: { permission: "audit:read", path: "/admin/audit" } });
  });

  it("logs who read identifiable data, when, what and why", async () => {
    const admin = await createUser({ role: "admin", withTotp: true });
    const reader = { actorUserId: admin.id, ipAddress: "198.51.100.20", userAgent: "vitest" };
    const users = await listUsers({ reader });
    await listAuditEvents({ reader, limit: 5 });
    const reads = await getDatabase().auditEvent.findMany({ where: { actorUserId: admin.id, type: "data.identifiable_read" }, orderBy: { id: "asc" } });
    expect(reads.map((row) => row.detail)).toEqual([
      { resource: "user_list", purpose: "account_administration", rows: users.length },
      { resource: "audit_log", purpose: "security_review", rows: 5 },
    ]);
    expect(reads.every((row) => row.ipAddress === "198.51.100.20" && row.occurredAt instanceof Date)).toBe(true);
  });
});
