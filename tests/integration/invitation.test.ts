import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { enrolParticipant } from "../../app/domain/consent/participants/enrolment/enrol-participant.server";
import { acceptInvitation } from "../../app/domain/consent/participants/invitations/accept-invitation.server";
import { checkInvitationIdentity } from "../../app/domain/consent/participants/invitations/check-invitation-identity.server";
import { openInvitation } from "../../app/domain/consent/participants/invitations/open-invitation.server";
import { reissueInvitation } from "../../app/domain/consent/participants/invitations/reissue-invitation.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { validateSessionToken } from "../../app/domain/session/validate-session-token.server";
import { action as invitationAction, loader as invitationLoader } from "../../app/routes/participant/invitation.$id";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";

useTestDatabase();
useTempDataDir();

const birth = { birthYear: "1958", birthMonth: "11", birthDay: "3" };

async function enrol(options: { proxy?: boolean; email?: string; language?: "ja" | "ja-easy" | "en" } = {}) {
  const coordinator = await createUser({ role: "coordinator" });
  const email = options.email ?? `invitee-${Math.random().toString(36).slice(2, 10)}@test.tsunagi.test`;
  const input = {
    fullName: "招待 太郎",
    dateOfBirth: "1958-11-03",
    preferredLanguage: options.language ?? "ja",
    programmeArea: "cancer",
    samples: ["tumour"],
    ...(options.proxy ? { withProxy: true, proxyFullName: "招待 花子", proxyEmail: email, proxyRelationship: "spouse" } : { email }),
  };
  const enrolment = await enrolParticipant({ input, enrolledById: coordinator.id, request: requestFrom() });
  return { ...enrolment, email, coordinator, link: { invitationId: enrolment.invitation.id, linkSecret: enrolment.invitation.linkSecret } };
}

async function emailedCode(email: string): Promise<string> {
  const [mail] = await listCapturedMail({ to: email, limit: 1 });
  const code = mail?.text.match(/\b(\d{6})\b/)?.[1];
  if (!mail || mail.template !== "consent-notice" || !code) throw new Error(`no confirmation code mailed to ${email}`);
  return code;
}

async function invitationRow(id: string) {
  return getDatabase().invitation.findUniqueOrThrow({ where: { id } });
}

async function identityAudit(invitationId: string) {
  const rows = await getDatabase().auditEvent.findMany({ where: { type: "invitation.identity_check" }, orderBy: { id: "asc" } });
  return rows.filter((row) => (row.detail as { invitationId: string }).invitationId === invitationId).map((row) => `${row.outcome}:${(row.detail as { reason?: string }).reason ?? "-"}`);
}

describe("the identity check", () => {
  it("refuses a wrong code and a wrong date of birth alike, counts them, and audits which half was wrong", async () => {
    const enrolment = await enrol();
    const wrongCode = await checkInvitationIdentity({ ...enrolment.link, input: { code: "00000-00000", ...birth }, request: requestFrom() });
    expect(wrongCode).toEqual({ ok: false, reason: "mismatch", attemptsLeft: 4 });
    const wrongBirth = await checkInvitationIdentity({ ...enrolment.link, input: { code: enrolment.invitation.code, ...birth, birthDay: "4" }, request: requestFrom() });
    expect(wrongBirth).toEqual({ ok: false, reason: "mismatch", attemptsLeft: 3 });
    // 31 February is not a date: a typing slip, refused before the check, which spends no attempt (issue 11).
    const impossible = checkInvitationIdentity({ ...enrolment.link, input: { code: enrolment.invitation.code, birthYear: "1958", birthMonth: "2", birthDay: "31" }, request: requestFrom() });
    await expect(impossible).rejects.toThrow();
    expect((await invitationRow(enrolment.invitation.id)).failedAttempts).toBe(2);
    expect(await identityAudit(enrolment.invitation.id)).toEqual(["failure:code", "failure:birth_date"]);
    expect(await listCapturedMail({ to: enrolment.email, limit: 5 })).toHaveLength(1); // only the invitation
  });

  it("locks the invitation after five failures, even against the right answer", async () => {
    const enrolment = await enrol();
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect(await checkInvitationIdentity({ ...enrolment.link, input: { code: "ZZZZZ-ZZZZZ", ...birth }, request: requestFrom() })).toMatchObject({ reason: "mismatch", attemptsLeft: 5 - attempt });
    }
    expect(await checkInvitationIdentity({ ...enrolment.link, input: { code: "ZZZZZ-ZZZZZ", ...birth }, request: requestFrom() })).toEqual({ ok: false, reason: "locked" });
    expect(await checkInvitationIdentity({ ...enrolment.link, input: { code: enrolment.invitation.code, ...birth }, request: requestFrom() })).toEqual({ ok: false, reason: "locked" });
    expect((await identityAudit(enrolment.invitation.id)).at(-1)).toBe("failure:rate_limited");
    expect(await openInvitation(enrolment.invitation.id, enrolment.invitation.linkSecret)).toMatchObject({ step: "closed", reason: "locked" });

    // The clinic reissues: the new code works, the old link does not.
    const reissued = await reissueInvitation({ participantId: enrolment.participantId, invitationId: enrolment.invitation.id, reissuedById: enrolment.coordinator.id, request: requestFrom() });
    expect(await openInvitation(enrolment.invitation.id, enrolment.invitation.linkSecret)).toMatchObject({ step: "closed", reason: "revoked" });
    expect(await checkInvitationIdentity({ invitationId: reissued.invitation.id, linkSecret: reissued.invitation.linkSecret, input: { code: enrolment.invitation.code, ...birth }, request: requestFrom() })).toMatchObject({ reason: "mismatch" });
    expect(await checkInvitationIdentity({ invitationId: reissued.invitation.id, linkSecret: reissued.invitation.linkSecret, input: { code: reissued.invitation.code.toLowerCase(), ...birth }, request: requestFrom() })).toEqual({ ok: true });
  });

  it("accepts the code typed loosely (lower case, spaces, O for 0) and mails a six-digit code", async () => {
    const enrolment = await enrol({ language: "en" });
    const loose = ` ${enrolment.invitation.code.slice(0, 5).toLowerCase().replace(/0/g, "o")} ${enrolment.invitation.code.slice(5)} `;
    expect(await checkInvitationIdentity({ ...enrolment.link, input: { code: loose, ...birth }, request: requestFrom() })).toEqual({ ok: true });
    const [mail] = await listCapturedMail({ to: enrolment.email, limit: 1 });
    expect(mail!.subject).toBe("Your Tsunagi confirmation code");
    const code = await emailedCode(enrolment.email);
    const row = await invitationRow(enrolment.invitation.id);
    expect(row.otpHash).not.toBeNull();
    expect(Buffer.from(row.otpHash!).toString("hex")).not.toContain(code);
    expect(row.otpExpiresAt!.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(await openInvitation(enrolment.invitation.id, enrolment.invitation.linkSecret)).toMatchObject({ step: "email_code", maskedEmail: expect.stringMatching(/^in•••@test\.tsunagi\.test$/) });
    expect(await identityAudit(enrolment.invitation.id)).toEqual(["success:-"]);
  });
});

describe("the emailed code", () => {
  it("refuses a wrong code, then an expired one, and accepts the right one: account created, linked, signed in", async () => {
    const enrolment = await enrol({ language: "ja-easy" });
    await checkInvitationIdentity({ ...enrolment.link, input: { code: enrolment.invitation.code, ...birth }, request: requestFrom() });
    const code = await emailedCode(enrolment.email);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await acceptInvitation({ ...enrolment.link, input: { emailCode: wrong }, request: requestFrom() })).toEqual({ ok: false, reason: "wrong_code", attemptsLeft: 4 });
    // Eleven minutes later the right code has expired and the first step is asked again.
    const later = new Date(Date.now() + 11 * 60_000);
    expect(await acceptInvitation({ ...enrolment.link, input: { emailCode: code }, request: { ...requestFrom(), now: later } })).toEqual({ ok: false, reason: "code_expired" });
    expect(await openInvitation(enrolment.invitation.id, enrolment.invitation.linkSecret)).toMatchObject({ step: "identity" });

    await checkInvitationIdentity({ ...enrolment.link, input: { code: enrolment.invitation.code, ...birth }, request: requestFrom() });
    const fresh = await emailedCode(enrolment.email);
    const accepted = await acceptInvitation({ ...enrolment.link, input: { emailCode: fresh }, request: requestFrom() });
    if (!accepted.ok) throw new Error(`not accepted: ${accepted.reason}`);
    expect(accepted.accountCreated).toBe(true);

    const db = getDatabase();
    const user = await db.user.findUniqueOrThrow({ where: { id: accepted.userId } });
    expect(user).toMatchObject({ email: enrolment.email, role: "participant", displayName: "招待 太郎", preferredLanguage: "ja_easy", passwordHash: null });
    expect((await db.participant.findUniqueOrThrow({ where: { id: enrolment.participantId } })).userId).toBe(user.id);
    expect(await invitationRow(enrolment.invitation.id)).toMatchObject({ acceptedUserId: user.id, otpHash: null });
    expect(await validateSessionToken(accepted.sessionToken)).toMatchObject({ userId: user.id, user: { role: "participant" } });
    const types = (await db.auditEvent.findMany({ where: { actorUserId: user.id }, orderBy: { id: "asc" } })).map((row) => row.type);
    expect(types).toEqual(["invitation.identity_check", "invitation.accepted", "auth.sign_in"]);

    // Used once: the link now only says so.
    expect(await acceptInvitation({ ...enrolment.link, input: { emailCode: fresh }, request: requestFrom() })).toEqual({ ok: false, reason: "accepted" });
    expect(await openInvitation(enrolment.invitation.id, enrolment.invitation.linkSecret)).toMatchObject({ step: "closed", reason: "accepted" });
  });

  it("stops a code after five wrong tries and counts that against the invitation", async () => {
    const enrolment = await enrol();
    await checkInvitationIdentity({ ...enrolment.link, input: { code: enrolment.invitation.code, ...birth }, request: requestFrom() });
    const code = await emailedCode(enrolment.email);
    const wrong = code === "999999" ? "888888" : "999999";
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect(await acceptInvitation({ ...enrolment.link, input: { emailCode: wrong }, request: requestFrom() })).toMatchObject({ reason: "wrong_code" });
    }
    expect(await acceptInvitation({ ...enrolment.link, input: { emailCode: wrong }, request: requestFrom() })).toEqual({ ok: false, reason: "code_exhausted" });
    expect(await acceptInvitation({ ...enrolment.link, input: { emailCode: code }, request: requestFrom() })).toEqual({ ok: false, reason: "code_expired" });
    expect((await invitationRow(enrolment.invitation.id)).failedAttempts).toBe(1);
  });

  it("links a proxy's account to the assignment with the proxy role", async () => {
    const enrolment = await enrol({ proxy: true });
    expect(await checkInvitationIdentity({ ...enrolment.link, input: { code: enrolment.invitation.code, ...birth }, request: requestFrom() })).toEqual({ ok: true });
    const accepted = await acceptInvitation({ ...enrolment.link, input: { emailCode: await emailedCode(enrolment.email) }, request: requestFrom() });
    if (!accepted.ok) throw new Error(accepted.reason);
    const db = getDatabase();
    expect(await db.user.findUniqueOrThrow({ where: { id: accepted.userId } })).toMatchObject({ role: "proxy", displayName: "招待 花子" });
    expect((await db.proxyAssignment.findFirstOrThrow({ where: { participantId: enrolment.participantId } })).proxyUserId).toBe(accepted.userId);
    expect((await db.participant.findUniqueOrThrow({ where: { id: enrolment.participantId } })).userId).toBeNull();
  });

  it("reuses an existing participant account with the same address, and refuses a staff account's address", async () => {
    const existing = await createUser({ role: "participant" });
    const reuse = await enrol({ email: existing.email.toUpperCase() });
    await checkInvitationIdentity({ ...reuse.link, input: { code: reuse.invitation.code, ...birth }, request: requestFrom() });
    const accepted = await acceptInvitation({ ...reuse.link, input: { emailCode: await emailedCode(existing.email) }, request: requestFrom() });
    expect(accepted).toMatchObject({ ok: true, userId: existing.id, accountCreated: false });

    const staff = await createUser({ role: "coordinator" });
    const conflict = await enrol({ email: staff.email });
    await checkInvitationIdentity({ ...conflict.link, input: { code: conflict.invitation.code, ...birth }, request: requestFrom() });
    expect(await acceptInvitation({ ...conflict.link, input: { emailCode: await emailedCode(staff.email) }, request: requestFrom() })).toEqual({ ok: false, reason: "account_conflict" });
    expect((await getDatabase().participant.findUniqueOrThrow({ where: { id: conflict.participantId } })).userId).toBeNull();
    expect((await getDatabase().user.findUniqueOrThrow({ where: { id: staff.id } })).role).toBe("coordinator");
  });
});

describe("the invitation page", () => {
  it("needs the link secret on every step and keeps nothing in the page", async () => {
    const enrolment = await enrol();
    const cookie = await cookieFor(null, "ja");
    const path = `/invitation/${enrolment.invitation.id}`;
    const withSecret = `${path}?t=${enrolment.invitation.linkSecret}`;

    const noSecret = await settle(() => invitationLoader({ request: pageGet(path, cookie), context: loadContext, params: { id: enrolment.invitation.id } }));
    expect(noSecret.status).toBe(404);
    expect(await noSecret.json()).toMatchObject({ step: { step: "closed", reason: "invalid" } });

    const wrongSecret = await settle(() =>
      invitationAction({ request: formPost(`${path}?t=${"a".repeat(32)}`, { intent: "identity", code: enrolment.invitation.code, ...birth }, cookie), context: loadContext, params: { id: enrolment.invitation.id } }),
    );
    expect(wrongSecret.status).toBe(302);
    expect((await invitationRow(enrolment.invitation.id)).otpHash).toBeNull();

    // A tampered step or garbage never reaches the check and costs no attempt.
    const tampered: Record<string, string>[] = [{ intent: "skip_to_end" }, { intent: "identity", code: "", birthYear: "<script>", birthMonth: "13", birthDay: "x" }, { intent: "email_code", emailCode: "12ab56" }];
    for (const fields of tampered) {
      const response = await settle(() => invitationAction({ request: formPost(withSecret, fields, cookie), context: loadContext, params: { id: enrolment.invitation.id } }));
      expect(response.status).toBe(400);
    }
    expect((await invitationRow(enrolment.invitation.id)).failedAttempts).toBe(0);

    const mismatch = await settle(() => invitationAction({ request: formPost(withSecret, { intent: "identity", code: "ABCDE-FGHJK", ...birth }, cookie), context: loadContext, params: { id: enrolment.invitation.id } }));
    expect(mismatch.status).toBe(400);
    expect(replyErrors(await mismatch.json())).toEqual(["招待コードまたは生年月日が一致しません。あと 4 回入力できます。"]);

    const right = await settle(() => invitationAction({ request: formPost(withSecret, { intent: "identity", code: enrolment.invitation.code, ...birth }, cookie), context: loadContext, params: { id: enrolment.invitation.id } }));
    expect(right.status).toBe(302);
    expect(right.headers.get("Location")).toBe(withSecret);
    const step = await settle(() => invitationLoader({ request: pageGet(withSecret, cookie), context: loadContext, params: { id: enrolment.invitation.id } }));
    expect(await step.json()).toMatchObject({ step: { step: "email_code" } });

    const emailCode = await emailedCode(enrolment.email);
    const done = await settle(() => invitationAction({ request: formPost(withSecret, { intent: "email_code", emailCode }, cookie), context: loadContext, params: { id: enrolment.invitation.id } }));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/consent/journey");
    expect(done.headers.get("Set-Cookie")).toMatch(/tsunagi_session=/);
  });

  it("opens in the invitation's language on the first visit", async () => {
    const enrolment = await enrol({ language: "en" });
    const withSecret = `/invitation/${enrolment.invitation.id}?t=${enrolment.invitation.linkSecret}`;
    const first = await settle(() => invitationLoader({ request: pageGet(withSecret, ""), context: loadContext, params: { id: enrolment.invitation.id } }));
    expect(first.status).toBe(302);
    expect(first.headers.get("Set-Cookie")).toMatch(/^lang=/);
    expect(first.headers.get("Location")).toBe(`${withSecret}&lang=1`);
  });
});
