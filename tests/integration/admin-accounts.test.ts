// Accounts and the two-person second-factor reset (issue 15 item 3; ADR 042), on real PostgreSQL, through the admin
// pages' own actions as a browser posts them: an admin creates staff and committee accounts (the person is mailed a
// link), gives an account more roles, re-enables it; one admin asks for a reset of someone's lost second factor and a
// different one approves it — then the person's factors and sessions are gone and signing in asks for a new factor.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { AccountRefusal } from "../../app/domain/account/account-refusal";
import { approveSecondFactorReset } from "../../app/domain/account/approve-second-factor-reset.server";
import { disableAccount } from "../../app/domain/account/disable-account.server";
import { requestSecondFactorReset } from "../../app/domain/account/request-second-factor-reset.server";
import { setAccountRoles } from "../../app/domain/account/set-account-roles.server";
import { replaceRecoveryCodes } from "../../app/domain/auth/recovery-codes.server";
import { signInWithLink } from "../../app/domain/auth/sign-in-with-link.server";
import { signInWithPassword } from "../../app/domain/auth/sign-in-with-password.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { createSession } from "../../app/domain/session/create-session.server";
import { validateSessionToken } from "../../app/domain/session/validate-session-token.server";
import { translator } from "../../app/i18n/i18n";
import { supportedLanguages } from "../../app/i18n/languages";
import { action as resetsAction, loader as resetsLoader } from "../../app/routes/admin/admin.second-factor-resets";
import { action as newAccountAction } from "../../app/routes/admin/admin.users_.new";
import { action as usersAction, loader as usersLoader } from "../../app/routes/admin/admin.users";
import { loader as homeLoader } from "../../app/routes/participant/home";
import { sessionCookie } from "../../app/auth/session-cookie.server";
import { createUser, requestFrom, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";
import { randomBytes, randomUUID } from "node:crypto";

useTestDatabase();
useTempDataDir();

const db = () => getDatabase();
const newAccount = (fields: Record<string, string | string[]>, cookie: string) =>
  settle(() => newAccountAction({ request: formPost("/admin/users/new", fields, cookie), context: loadContext, params: {} }));
// The page reads its form itself (no parseForm), so the adapter learns the reader's language from the request given here.
const onUsers = (fields: Record<string, string | string[]>, cookie: string) => {
  const request = formPost("/admin/users", fields, cookie);
  return settle(() => usersAction({ request, context: loadContext, params: {} }), { request });
};
const onResets = (fields: Record<string, string | string[]>, cookie: string) =>
  settle(() => resetsAction({ request: formPost("/admin/second-factor-resets", fields, cookie), context: loadContext, params: {} }));
const home = (cookie: string) => settle(() => homeLoader({ request: pageGet("/home", cookie), context: loadContext, params: {} }));

async function cookieOfToken(token: string): Promise<string> {
  return (await sessionCookie().serialize(token)).split(";")[0]!;
}

/** Staff with everything a lost phone takes away: an authenticator key, recovery codes, a passkey, open sessions. */
async function staffWithFactors(role: "coordinator" | "admin" = "coordinator"): Promise<CreatedUser & { sessionTokens: string[] }> {
  const staff = await createUser({ role, withTotp: true });
  await db().$transaction((tx) => replaceRecoveryCodes(tx, staff.id));
  await db().passkey.create({
    data: { id: randomBytes(16).toString("base64url"), userId: staff.id, publicKey: randomBytes(77), counter: 0n, transports: ["internal"], deviceType: "singleDevice", backedUp: false, name: "phone" },
  });
  const sessionTokens: string[] = [];
  for (let index = 0; index < 2; index++) sessionTokens.push((await createSession(db(), { userId: staff.id, role, secondFactorVerified: true })).token);
  return { ...staff, sessionTokens };
}

async function factorsOf(userId: string) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecretCipher: true, totpEnabledAt: true } });
  return {
    totp: user.totpSecretCipher !== null && user.totpEnabledAt !== null,
    recoveryCodes: await db().recoveryCode.count({ where: { userId } }),
    passkeys: await db().passkey.count({ where: { userId } }),
    sessions: await db().session.count({ where: { userId } }),
  };
}

const locationOf = (response: Response) => response.headers.get("Location");

describe("[admin] creates accounts", () => {
  it("a panel member who is also a participant: one account, both roles, a mailed link that signs them in", async () => {
    const admin = await createUser({ role: "admin", withTotp: true });
    const cookie = await cookieFor(admin, "en");
    const email = `Panel.${randomUUID().slice(0, 8)}@Example.jp`;
    const response = await newAccount({ email, displayName: "山田 花子", preferredLanguage: "ja-easy", role: "panel_member", additionalRoles: ["participant"] }, cookie);
    expect(response.status).toBe(302);
    const created = await db().user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect(locationOf(response)).toBe(`/admin/users?created=${created.id}&mailed=1#user-${created.id}`);
    expect(created).toMatchObject({ role: "panel_member", additionalRoles: ["participant"], preferredLanguage: "ja_easy", passwordHash: null, disabledAt: null, displayName: "山田 花子" });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { type: "account.created", subjectUserId: created.id } });
    expect(audit).toMatchObject({ actorUserId: admin.id, detail: { role: "panel_member", additionalRoles: ["participant"], preferredLanguage: "ja_easy" } });

    // The list says so, in the admin's language, with both roles.
    const list = await settle(() => usersLoader({ request: pageGet(`/admin/users?created=${created.id}&mailed=1`, cookie), context: loadContext, params: {} }));
    const { users } = (await list.json()) as { users: { id: string; role: string; additionalRoles: string[] }[] };
    expect(users.find((user) => user.id === created.id)).toMatchObject({ role: "panel_member", additionalRoles: ["participant"] });

    // The mail, in やさしい日本語, carries a link that works once; a panel member needs no second factor.
    const [mail] = await listCapturedMail({ to: created.email });
    expect(mail).toMatchObject({ template: "account-created", language: "ja-easy", subject: translator("ja-easy", "admin")("mail.accountCreated.subject") });
    const token = /\/sign-in\/link\/([a-z2-9]{24}\.[a-z2-9]{24})/.exec(mail!.text)![1]!;
    const signedIn = await signInWithLink(token, requestFrom());
    expect(signedIn).toMatchObject({ ok: true, secondFactorRequired: false });
    expect(await signInWithLink(token, requestFrom())).toEqual({ ok: false, reason: "link_used" });
    const session = await validateSessionToken((signedIn as { sessionToken: string }).sessionToken);
    expect(session?.user.roles).toEqual(["panel_member", "participant"]);
  });

  it("a staff member's link leads to enrolling an authenticator before anything else", async () => {
    const admin = await createUser({ role: "admin", withTotp: true });
    const email = `secretariat-${randomUUID().slice(0, 8)}@example.jp`;
    const response = await newAccount({ email, displayName: "Taro Suzuki", preferredLanguage: "en", role: "dac_secretariat" }, await cookieFor(admin));
    expect(response.status).toBe(302);
    const [mail] = await listCapturedMail({ to: email });
    expect(mail?.language).toBe("en");
    expect(mail?.text).toContain(translator("en", "admin")("mail.accountCreated.secondFactor"));
    const token = /\/sign-in\/link\/([a-z2-9]{24}\.[a-z2-9]{24})/.exec(mail!.text)![1]!;
    const signedIn = await signInWithLink(token, requestFrom());
    expect(signedIn).toMatchObject({ ok: true, secondFactorRequired: true });
    const cookie = await cookieOfToken((signedIn as { sessionToken: string }).sessionToken);
    expect(locationOf(await home(cookie))).toBe("/account/two-factor/setup");
  });

  it("an address that already has an account (in any case) is refused, with a translated reason, and nothing is written", async () => {
    const admin = await createUser({ role: "admin", withTotp: true });
    const existing = await createUser({ role: "dac_expert" });
    for (const language of supportedLanguages) {
      const before = [await db().user.count(), await db().auditEvent.count({ where: { type: "account.created" } }), (await listCapturedMail({ limit: 1000 })).length];
      const response = await newAccount({ email: existing.email.toUpperCase(), displayName: "Someone Else", preferredLanguage: "en", role: "applicant" }, await cookieFor(admin, language));
      expect(response.status).toBe(409);
      expect(replyErrors(await response.json())).toEqual([translator(language, "admin")("refusals.email_taken")]);
      expect([await db().user.count(), await db().auditEvent.count({ where: { type: "account.created" } }), (await listCapturedMail({ limit: 1000 })).length]).toEqual(before);
    }
  });

  it("two admins creating the same address at once make one account", async () => {
    const [first, second] = [await createUser({ role: "admin", withTotp: true }), await createUser({ role: "admin", withTotp: true })];
    const email = `twice-${randomUUID().slice(0, 8)}@example.jp`;
    const fields = { email, displayName: "Hanako Sato", preferredLanguage: "ja", role: "dac_expert" };
    const answers = await Promise.all([newAccount(fields, await cookieFor(first)), newAccount(fields, await cookieFor(second))]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([302, 409]);
    expect(await db().user.count({ where: { email } })).toBe(1);
    expect(await db().auditEvent.count({ where: { type: "account.created", actorUserId: { in: [first.id, second.id] } } })).toBe(1);
  });

  it("bad input — empty, oversized, a role not offered, hostile Unicode — is refused field by field in each language, nothing written", async () => {
    const admin = await createUser({ role: "admin", withTotp: true });
    const good = { email: `good-${randomUUID().slice(0, 8)}@example.jp`, displayName: "山田 花子", preferredLanguage: "ja", role: "coordinator", additionalRoles: [] as string[] };
    for (const language of supportedLanguages) {
      const t = translator(language, "errors");
      const cases: [Record<string, string | string[]>, string, string][] = [
        [{ email: "" }, "email", t("field.required")],
        [{ displayName: "" }, "displayName", t("field.required")],
        [{ role: "" }, "role", t("field.required")],
        [{ email: `${"a".repeat(250)}@example.jp` }, "email", t("field.tooLong", { max: 254 })],
        [{ displayName: "山".repeat(101) }, "displayName", t("field.tooLongText", { max: 100, length: 101 })],
        [{ role: "superuser" }, "role", t("field.choose")],
        [{ role: "proxy" }, "role", t("field.choose")],
        [{ preferredLanguage: "fr" }, "preferredLanguage", t("field.choose")],
        [{ additionalRoles: ["family"] }, "additionalRoles", t("field.choose")],
        [{ displayName: "山田\u202E花子" }, "displayName", t("field.directionControl", { codePoint: "U+202E" })],
        [{ displayName: "山田\u2066花子" }, "displayName", t("field.directionControl", { codePoint: "U+2066" })],
        [{ displayName: "山田\u0000花子" }, "displayName", t("field.controlCharacter", { codePoint: "U+0000" })],
        [{ email: "not-an-address" }, "email", t("field.email")],
      ];
      for (const [change, field, message] of cases) {
        const before = await db().user.count();
        const response = await newAccount({ ...good, ...change }, await cookieFor(admin, language));
        expect(response.status, `${field} ${JSON.stringify(change)}`).toBe(400);
        const body = (await response.json()) as { result: { error: Record<string, string[]> } };
        expect(body.result.error[field]?.join(" "), `${field} in ${language}`).toContain(message);
        expect(await db().user.count()).toBe(before);
      }
    }
    expect(await db().auditEvent.count({ where: { type: "account.created", actorUserId: admin.id } })).toBe(0);
  });
});

describe("[admin] roles and re-enabling", () => {
  it("gives an expert the applicant role too, and takes it away again; each change audited", async () => {
    const admin = await createUser({ role: "admin", withTotp: true });
    const expert = await createUser({ role: "dac_expert" });
    const cookie = await cookieFor(admin);
    const saved = await onUsers({ intent: "roles", userId: expert.id, additionalRole: ["applicant"] }, cookie);
    expect(locationOf(saved)).toBe(`/admin/users?rolesSaved=${expert.id}#user-${expert.id}`);
    expect((await db().user.findUniqueOrThrow({ where: { id: expert.id } })).additionalRoles).toEqual(["applicant"]);
    // Whatever sessions they have now see the union at once.
    const { token } = await createSession(db(), { userId: expert.id, role: "dac_expert", secondFactorVerified: true });
    expect((await validateSessionToken(token))?.user.roles).toEqual(["dac_expert", "applicant"]);
    const again = await onUsers({ intent: "roles", userId: expert.id, additionalRole: ["applicant"] }, cookie);
    expect(locationOf(again)).toBe(`/admin/users?rolesSaved=${expert.id}&unchanged=1#user-${expert.id}`);
    await onUsers({ intent: "roles", userId: expert.id }, cookie);
    expect((await db().user.findUniqueOrThrow({ where: { id: expert.id } })).additionalRoles).toEqual([]);
    const audits = await db().auditEvent.findMany({ where: { type: "account.roles_changed", subjectUserId: expert.id }, orderBy: { id: "asc" } });
    expect(audits.map((row) => row.detail)).toEqual([
      { added: ["applicant"], removed: [], additionalRoles: ["applicant"] },
      { added: [], removed: ["applicant"], additionalRoles: [] },
    ]);
    // A role no admin gives, or no account: refused, nothing written.
    const bad = await onUsers({ intent: "roles", userId: expert.id, additionalRole: ["proxy"] }, cookie);
    expect(bad.status).toBe(400);
    expect(replyErrors(await bad.json())).toEqual([translator("ja", "admin")("refusals.invalid_roles")]);
    // An account the row's form sent that is gone is said in words on the page, with the 404 status (ADR 131).
    const gone = await onUsers({ intent: "roles", userId: randomUUID(), additionalRole: ["applicant"] }, cookie);
    expect(gone.status).toBe(404);
    expect(replyErrors(await gone.json())).toEqual([translator("ja", "admin")("refusals.not_found")]);
  });

  it("a participant given a staff role is signed out, and signs in again under staff rules (second factor first)", async () => {
    const admin = await createUser({ role: "admin", withTotp: true });
    const participant = await createUser({ role: "participant" });
    const before = await signInWithPassword({ email: participant.email, password: participant.password }, requestFrom());
    expect(before).toMatchObject({ ok: true, secondFactorRequired: false });
    await onUsers({ intent: "roles", userId: participant.id, additionalRole: ["dac_secretariat"] }, await cookieFor(admin));
    expect(await validateSessionToken((before as { sessionToken: string }).sessionToken)).toBeNull();
    expect(await db().auditEvent.findFirst({ where: { type: "account.roles_changed", subjectUserId: participant.id } })).toMatchObject({
      detail: { added: ["dac_secretariat"], removed: [], additionalRoles: ["dac_secretariat"], sessionsEnded: 1 },
    });
    const after = await signInWithPassword({ email: participant.email, password: participant.password }, requestFrom());
    expect(after).toMatchObject({ ok: true, secondFactorRequired: true });
    expect(locationOf(await home(await cookieOfToken((after as { sessionToken: string }).sessionToken)))).toBe("/account/two-factor/setup");
  });

  it("an admin never takes the admin role from themselves", async () => {
    const admin = await createUser({ role: "dac_secretariat", withTotp: true });
    await db().user.update({ where: { id: admin.id }, data: { additionalRoles: ["admin"] } });
    const response = await onUsers({ intent: "roles", userId: admin.id, additionalRole: [] }, await cookieFor({ ...admin, role: "dac_secretariat" }, "en"));
    // Said in words on the page about the account the form sent, with the 403 status (ADR 131).
    expect(response.status).toBe(403);
    expect(replyErrors(await response.json())).toEqual([translator("en", "admin")("refusals.own_admin_role")]);
    expect((await db().user.findUniqueOrThrow({ where: { id: admin.id } })).additionalRoles).toEqual(["admin"]);
  });

  it("the last active admin can be neither demoted nor disabled; two admins demoting each other at once leave one", async () => {
    const everyAdmin = { disabledAt: null, OR: [{ role: "admin" as const }, { additionalRoles: { has: "admin" as const } }] };
    const others = await db().user.findMany({ where: everyAdmin, select: { id: true } });
    await db().user.updateMany({ where: { id: { in: others.map((other) => other.id) } }, data: { disabledAt: new Date() } });
    try {
      const [a, b] = [await createUser({ role: "dac_chair", withTotp: true }), await createUser({ role: "dac_secretariat", withTotp: true })];
      await db().user.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { additionalRoles: ["admin"] } });
      const results = await Promise.allSettled([
        setAccountRoles({ actorUserId: a.id, input: { userId: b.id, additionalRoles: [] }, request: requestFrom() }),
        setAccountRoles({ actorUserId: b.id, input: { userId: a.id, additionalRoles: [] }, request: requestFrom() }),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
      const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(AccountRefusal);
      expect((refused.reason as AccountRefusal).reason).toBe("last_admin");
      expect(await db().user.count({ where: everyAdmin })).toBe(1);
      const [last] = await db().user.findMany({ where: everyAdmin, select: { id: true } });
      const someoneElse = a.id === last!.id ? b.id : a.id;
      await expect(disableAccount({ actorUserId: someoneElse, userId: last!.id, request: requestFrom() })).rejects.toMatchObject({ reason: "last_admin" });
      expect(await db().user.count({ where: everyAdmin })).toBe(1);
      // Anyone who is not an admin may still be disabled.
      await disableAccount({ actorUserId: last!.id, userId: someoneElse, request: requestFrom() });
      expect((await db().user.findUniqueOrThrow({ where: { id: someoneElse } })).disabledAt).not.toBeNull();
    } finally {
      await db().user.updateMany({ where: { id: { in: others.map((other) => other.id) } }, data: { disabledAt: null } });
    }
  });

  it("re-enables a disabled account: they can sign in again; audited; enabling an active account is refused", async () => {
    const admin = await createUser({ role: "admin", withTotp: true });
    const member = await createUser({ role: "panel_member" });
    const cookie = await cookieFor(admin, "en");
    expect((await onUsers({ intent: "disable", userId: member.id }, cookie)).status).toBe(302);
    expect(await signInWithPassword({ email: member.email, password: member.password }, requestFrom())).toMatchObject({ ok: false });
    const enabled = await onUsers({ intent: "enable", userId: member.id }, cookie);
    expect(locationOf(enabled)).toBe(`/admin/users?enabled=${member.id}#user-${member.id}`);
    expect(await signInWithPassword({ email: member.email, password: member.password }, requestFrom())).toMatchObject({ ok: true });
    expect(await db().auditEvent.findFirst({ where: { type: "account.enabled", subjectUserId: member.id } })).toMatchObject({ actorUserId: admin.id });
    const again = await onUsers({ intent: "enable", userId: member.id, email: member.email }, cookie);
    expect(again.status).toBe(409);
    expect(replyErrors(await again.json())).toEqual([translator("en", "admin")("refusals.not_disabled", { email: member.email })]);
    expect(await db().auditEvent.count({ where: { type: "account.enabled", subjectUserId: member.id } })).toBe(1);
  });
});

describe("[admins] reset a lost second factor, two people", () => {
  it("one asks, the same one cannot approve (refusal recorded), another approves: factors and sessions gone, mail in their language, sign-in asks to enrol", async () => {
    const [asker, approver] = [await createUser({ role: "admin", withTotp: true }), await createUser({ role: "admin", withTotp: true })];
    const staff = await staffWithFactors();
    await db().user.update({ where: { id: staff.id }, data: { preferredLanguage: "en" } });
    const askerCookie = await cookieFor(asker, "en");

    const asked = await onResets({ intent: "request", userId: staff.id, reason: "Lost phone; identity checked in person at the clinic." }, askerCookie);
    expect(locationOf(asked)).toBe("/admin/second-factor-resets?notice=requested");
    const reset = await db().secondFactorReset.findFirstOrThrow({ where: { targetUserId: staff.id } });
    expect(reset).toMatchObject({ requestedById: asker.id, approvedAt: null, cancelledAt: null });
    expect(await factorsOf(staff.id)).toEqual({ totp: true, recoveryCodes: 10, passkeys: 1, sessions: 2 });

    // The page lists it as waiting, for both admins.
    const approverCookie = await cookieFor(approver);
    const page = await settle(() => resetsLoader({ request: pageGet("/admin/second-factor-resets", approverCookie), context: loadContext, params: {} }));
    const listed = (await page.json()) as { resets: { id: string; state: string }[] };
    expect(listed.resets.find((row) => row.id === reset.id)?.state).toBe("pending");

    const own = await onResets({ intent: "approve", resetId: reset.id }, askerCookie);
    expect(own.status).toBe(403); // the reset the form sent is the asker's own: in words, with the 403 status (ADR 131)
    expect(replyErrors(await own.json())).toEqual([translator("en", "admin")("refusals.own_request")]);
    expect(await db().auditEvent.findFirst({ where: { type: "second_factor_reset.refused", actorUserId: asker.id } })).toMatchObject({
      outcome: "denied",
      subjectUserId: staff.id,
      detail: { resetId: reset.id, refusal: "own_request" },
    });
    expect(await factorsOf(staff.id)).toEqual({ totp: true, recoveryCodes: 10, passkeys: 1, sessions: 2 });

    const approved = await onResets({ intent: "approve", resetId: reset.id }, await cookieFor(approver, "ja"));
    expect(locationOf(approved)).toBe("/admin/second-factor-resets?notice=approved");
    expect(await factorsOf(staff.id)).toEqual({ totp: false, recoveryCodes: 0, passkeys: 0, sessions: 0 });
    expect(await db().secondFactorReset.findUniqueOrThrow({ where: { id: reset.id } })).toMatchObject({ approvedById: approver.id });
    expect(await db().auditEvent.findFirst({ where: { type: "second_factor_reset.approved", subjectUserId: staff.id } })).toMatchObject({
      actorUserId: approver.id,
      detail: { resetId: reset.id, requestedById: asker.id, totpRemoved: true, recoveryCodesRemoved: 10, passkeysRemoved: 1, sessionsEnded: 2 },
    });

    // Their old sessions are worthless; signing in with the password leads to enrolling a new authenticator.
    for (const token of staff.sessionTokens) expect(await validateSessionToken(token)).toBeNull();
    expect(locationOf(await home(await cookieOfToken(staff.sessionTokens[0]!)))).toMatch(/^\/sign-in\?redirectTo=/);
    const signedIn = await signInWithPassword({ email: staff.email, password: staff.password }, requestFrom());
    expect(signedIn).toMatchObject({ ok: true, secondFactorRequired: true });
    expect(locationOf(await home(await cookieOfToken((signedIn as { sessionToken: string }).sessionToken)))).toBe("/account/two-factor/setup");

    await runJobsUntilSettled();
    const mail = await listCapturedMail({ to: staff.email });
    expect(mail.map((message) => [message.template, message.language, message.subject])).toContainEqual([
      "second-factor-reset",
      "en",
      translator("en", "admin")("mail.secondFactorReset.subject"),
    ]);
    expect(mail.find((message) => message.template === "second-factor-reset")?.text).toContain(translator("en", "admin")("mail.secondFactorReset.enrolRequired"));
  });

  it("the person whose factor it is cannot approve it, nor ask for their own", async () => {
    const asker = await createUser({ role: "admin", withTotp: true });
    const target = await staffWithFactors("admin");
    const targetCookie = await cookieFor(target, "ja");
    const own = await onResets({ intent: "request", userId: target.id, reason: "自分で" }, targetCookie);
    expect(own.status).toBe(403); // the account the form sent is their own: in words, with the 403 status (ADR 131)
    expect(replyErrors(await own.json())).toEqual([translator("ja", "admin")("refusals.own_reset_request")]);
    const { id } = await requestSecondFactorReset({ actorUserId: asker.id, input: { userId: target.id, reason: "端末の紛失。対面で本人確認済み。" }, request: requestFrom() });
    const approve = await onResets({ intent: "approve", resetId: id }, targetCookie);
    expect(approve.status).toBe(403);
    expect(replyErrors(await approve.json())).toEqual([translator("ja", "admin")("refusals.own_reset")]);
    expect(await db().auditEvent.count({ where: { type: "second_factor_reset.refused", actorUserId: target.id, detail: { path: ["refusal"], equals: "own_reset" } } })).toBe(1);
    expect(await factorsOf(target.id)).toMatchObject({ totp: true, recoveryCodes: 10, passkeys: 1 });
  });

  it("two requests at once make one; two approvals at once apply once", async () => {
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => createUser({ role: "admin", withTotp: true })));
    const staff = await staffWithFactors();
    const asks = await Promise.allSettled([a!, b!].map((admin) => requestSecondFactorReset({ actorUserId: admin.id, input: { userId: staff.id, reason: "Lost phone" }, request: requestFrom() })));
    expect(asks.map((ask) => ask.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(((asks.find((ask) => ask.status === "rejected") as PromiseRejectedResult).reason as AccountRefusal).reason).toBe("reset_pending");
    const [reset] = await db().secondFactorReset.findMany({ where: { targetUserId: staff.id } });
    expect(await db().secondFactorReset.count({ where: { targetUserId: staff.id } })).toBe(1);

    const answers = await Promise.all([c!, d!].map(async (admin) => onResets({ intent: "approve", resetId: reset!.id }, await cookieFor(admin, "en"))));
    expect(answers.map((answer) => answer.status).sort()).toEqual([302, 409]);
    const refused = answers.find((answer) => answer.status === 409)!;
    expect(replyErrors(await refused.json())).toEqual([translator("en", "admin")("refusals.reset_not_pending")]);
    expect(await db().auditEvent.count({ where: { type: "second_factor_reset.approved", subjectUserId: staff.id } })).toBe(1);
    expect(await db().mailMessage.count({ where: { userId: staff.id, template: "second-factor-reset" } })).toBe(1);
    expect(await factorsOf(staff.id)).toEqual({ totp: false, recoveryCodes: 0, passkeys: 0, sessions: 0 });
  });

  it("a request lapses after 24 hours and cannot be approved; a cancelled one neither", async () => {
    const [asker, approver] = [await createUser({ role: "admin", withTotp: true }), await createUser({ role: "admin", withTotp: true })];
    const staff = await staffWithFactors();
    const dayAgo = new Date(Date.now() - 24 * 3_600_000 - 60_000);
    const { id: old } = await requestSecondFactorReset({ actorUserId: asker.id, input: { userId: staff.id, reason: "Lost phone" }, request: { ...requestFrom(), now: dayAgo } });
    const late = await onResets({ intent: "approve", resetId: old }, await cookieFor(approver, "ja-easy"));
    expect(late.status).toBe(409);
    expect(replyErrors(await late.json())).toEqual([translator("ja-easy", "admin")("refusals.reset_expired")]);
    expect(await factorsOf(staff.id)).toEqual({ totp: true, recoveryCodes: 10, passkeys: 1, sessions: 2 });

    // A lapsed request is no longer pending: a new one may be asked for, and then withdrawn by the approver.
    const { id: fresh } = await requestSecondFactorReset({ actorUserId: asker.id, input: { userId: staff.id, reason: "Lost phone again" }, request: requestFrom() });
    const cancelled = await onResets({ intent: "cancel", resetId: fresh }, await cookieFor(approver));
    expect(locationOf(cancelled)).toBe("/admin/second-factor-resets?notice=cancelled");
    expect(await db().auditEvent.findFirst({ where: { type: "second_factor_reset.cancelled", subjectUserId: staff.id } })).toMatchObject({ actorUserId: approver.id });
    await expect(approveSecondFactorReset({ actorUserId: approver.id, input: { resetId: fresh }, request: requestFrom() })).rejects.toMatchObject({ reason: "reset_not_pending" });
    expect(await factorsOf(staff.id)).toEqual({ totp: true, recoveryCodes: 10, passkeys: 1, sessions: 2 });
  });

  it("bad input to the request — no reason, too long, hostile Unicode, no such account, a tampered intent — is refused, nothing written", async () => {
    const admin = await createUser({ role: "admin", withTotp: true });
    const staff = await createUser({ role: "coordinator", withTotp: true });
    for (const language of supportedLanguages) {
      const t = translator(language, "errors");
      const cookie = await cookieFor(admin, language);
      const cases: [Record<string, string>, string, string][] = [
        [{ reason: "" }, "reason", t("field.required")],
        [{ reason: "   " }, "reason", t("field.required")],
        [{ reason: "あ".repeat(501) }, "reason", t("field.tooLongText", { max: 500, length: 501 })],
        [{ reason: "Lost\u202Ephone" }, "reason", t("field.directionControl", { codePoint: "U+202E" })],
        [{ reason: "Lost\u0000phone" }, "reason", t("field.controlCharacter", { codePoint: "U+0000" })],
        [{ userId: "not-a-uuid" }, "userId", t("field.format")],
        [{ userId: "" }, "userId", t("field.required")],
      ];
      for (const [change, field, message] of cases) {
        const response = await onResets({ intent: "request", userId: staff.id, reason: "Lost phone", ...change }, cookie);
        expect(response.status, `${field} ${JSON.stringify(change)}`).toBe(400);
        const body = (await response.json()) as { result: { error: Record<string, string[]> } };
        expect(body.result.error[field]?.join(" "), `${field} in ${language}`).toContain(message);
      }
      const unknown = await onResets({ intent: "request", userId: randomUUID(), reason: "Lost phone" }, cookie);
      expect(unknown.status).toBe(404); // the account chosen is gone: in words, with the 404 status (ADR 131)
      expect(replyErrors(await unknown.json())).toEqual([translator(language, "admin")("refusals.not_found")]);
      expect((await onResets({ intent: "approve-all", resetId: randomUUID() }, cookie)).status).toBe(400);
      expect((await onResets({}, cookie)).status).toBe(400);
    }
    expect(await db().secondFactorReset.count({ where: { requestedById: admin.id } })).toBe(0);
    expect(await db().auditEvent.count({ where: { actorUserId: admin.id, type: { startsWith: "second_factor_reset." } } })).toBe(0);
  });
});
