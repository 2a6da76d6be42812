// Issue 10: short codes stored as a keyed hash (ADR 013), and every single-use proof in sign-in and invitations
// holding up against concurrent duplicates (the sibling of defect 6). Real PostgreSQL throughout.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { replaceRecoveryCodes } from "../../app/domain/auth/recovery-codes.server";
import { requestSignInLink } from "../../app/domain/auth/request-sign-in-link.server";
import { signInWithLink } from "../../app/domain/auth/sign-in-with-link.server";
import { signInWithPassword } from "../../app/domain/auth/sign-in-with-password.server";
import { currentTotpCode } from "../../app/domain/auth/totp.server";
import { verifySecondFactor } from "../../app/domain/auth/verify-second-factor.server";
import { acceptInvitation } from "../../app/domain/consent/participants/invitations/accept-invitation.server";
import { checkInvitationIdentity } from "../../app/domain/consent/participants/invitations/check-invitation-identity.server";
import { createInvitation } from "../../app/domain/consent/participants/invitations/issue-invitation.server";
import { maxEmailCodeFailures, maxIdentityFailures } from "../../app/domain/consent/participants/invitations/open-invitation.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { rekeyLegacyCodeHashes } from "../../app/domain/security/rekey-legacy-code-hashes.server";
import { validateSessionToken } from "../../app/domain/session/validate-session-token.server";
import { createParticipant } from "../factories/participant-factory";
import { createUser, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

const sha256 = (value: string) => new Uint8Array(createHash("sha256").update(value, "utf8").digest());
const birth = { birthYear: "1960", birthMonth: "4", birthDay: "1" };
let addressCounter = 0;
const request = () => ({ ipAddress: `203.0.113.${(addressCounter += 1) % 250}`, userAgent: "vitest" });

/** A participant without an account and an open invitation for them, written as the clinic would. */
async function openInvitation() {
  const participant = await createParticipant({ withAccount: false, dateOfBirth: "1960-04-01" });
  const email = `invitee-${Math.random().toString(36).slice(2, 10)}@test.tsunagi.test`;
  const invitation = await getDatabase().$transaction((tx) =>
    createInvitation(tx, { participantId: participant.id, recipient: "participant", proxyAssignmentId: null, email, language: "en", reason: "enrolment", createdById: null, now: new Date() }),
  );
  return { participant, email, invitation, link: { invitationId: invitation.id, linkSecret: invitation.linkSecret } };
}

async function mailedCode(email: string): Promise<string> {
  const [mail] = await listCapturedMail({ to: email, limit: 1 });
  const code = mail?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code mailed to ${email}`);
  return code;
}

async function staffMidSignIn(staff: CreatedUser) {
  const signedIn = await signInWithPassword({ email: staff.email, password: staff.password }, request());
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.reason}`);
  return (await validateSessionToken(signedIn.sessionToken))!;
}

describe("short codes are stored as a keyed hash", () => {
  it("an invitation code, its mailed one-time code and recovery codes: no row is the bare SHA-256 of its code, and each still works", async () => {
    const { invitation, email, link } = await openInvitation();
    const row = await getDatabase().invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.codeHash).toHaveLength(33);
    expect(Buffer.from(row.codeHash).includes(Buffer.from(sha256(`invitation-code:${invitation.code}`)))).toBe(false);

    expect(await checkInvitationIdentity({ ...link, input: { code: invitation.code, ...birth }, request: request() })).toEqual({ ok: true });
    const code = await mailedCode(email);
    const withCode = await getDatabase().invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(withCode.otpHash).toHaveLength(33);
    expect(Buffer.from(withCode.otpHash!).includes(Buffer.from(sha256(`invitation-otp:${invitation.id}:${code}`)))).toBe(false);
    expect(await acceptInvitation({ ...link, input: { emailCode: code }, request: request() })).toMatchObject({ ok: true });

    const staff = await createUser({ role: "coordinator", withTotp: true });
    const [recovery] = await getDatabase().$transaction((tx) => replaceRecoveryCodes(tx, staff.id));
    const stored = await getDatabase().recoveryCode.findMany({ where: { userId: staff.id } });
    expect(stored.every((entry) => entry.codeHash.byteLength === 33)).toBe(true);
    expect(stored.some((entry) => Buffer.from(entry.codeHash).includes(Buffer.from(sha256(recovery!))))).toBe(false);
    const session = await staffMidSignIn(staff);
    expect(await verifySecondFactor({ sessionId: session.id, userId: staff.id, input: { method: "recovery_code", code: recovery! }, request: request() })).toMatchObject({ ok: true });
  });

  it("rows hashed the old way fail closed until re-keyed at start-up, and then work without anyone knowing their codes", async () => {
    const { invitation, link } = await openInvitation();
    await getDatabase().invitation.update({ where: { id: invitation.id }, data: { codeHash: sha256(`invitation-code:${invitation.code}`) } });
    const staff = await createUser({ role: "coordinator", withTotp: true });
    await getDatabase().recoveryCode.create({ data: { userId: staff.id, codeHash: sha256("abcde-fghjk") } });

    expect(await checkInvitationIdentity({ ...link, input: { code: invitation.code, ...birth }, request: request() })).toMatchObject({ ok: false, reason: "mismatch" });
    expect(await verifySecondFactor({ sessionId: (await staffMidSignIn(staff)).id, userId: staff.id, input: { method: "recovery_code", code: "ABCDE FGHJK" }, request: request() })).toEqual({ ok: false, reason: "wrong_code" });

    const { rekeyed } = await rekeyLegacyCodeHashes();
    expect(rekeyed).toBeGreaterThanOrEqual(2);
    expect((await rekeyLegacyCodeHashes()).rekeyed).toBe(0);
    expect(await checkInvitationIdentity({ ...link, input: { code: invitation.code, ...birth }, request: request() })).toEqual({ ok: true });
    expect(await verifySecondFactor({ sessionId: (await staffMidSignIn(staff)).id, userId: staff.id, input: { method: "recovery_code", code: "ABCDE FGHJK" }, request: request() })).toMatchObject({ ok: true });
  });
});

describe("single-use proofs under concurrent duplicates", () => {
  it("a sign-in link redeemed five times at once signs in once", async () => {
    const user = await createUser({ password: null });
    await requestSignInLink({ email: user.email, language: "en" }, request());
    const [mail] = await listCapturedMail({ to: user.email, limit: 1 });
    const token = mail!.text.match(/\/sign-in\/link\/([a-z2-9]{24}\.[a-z2-9]{24})/)![1]!;
    const results = await Promise.all(Array.from({ length: 5 }, () => signInWithLink(token, request())));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual(Array.from({ length: 4 }, () => ({ ok: false, reason: "link_used" })));
    expect(await getDatabase().session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("a recovery code spent five times at once passes once", async () => {
    const staff = await createUser({ role: "coordinator", withTotp: true });
    const [code] = await getDatabase().$transaction((tx) => replaceRecoveryCodes(tx, staff.id));
    const sessions = await Promise.all(Array.from({ length: 5 }, () => staffMidSignIn(staff)));
    const results = await Promise.all(
      sessions.map((session) => verifySecondFactor({ sessionId: session.id, userId: staff.id, input: { method: "recovery_code", code: code! }, request: request() })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await getDatabase().recoveryCode.count({ where: { userId: staff.id, usedAt: { not: null } } })).toBe(1);
  });

  it("one TOTP code sent five times at once passes once", async () => {
    const staff = await createUser({ role: "coordinator", withTotp: true });
    const sessions = await Promise.all(Array.from({ length: 5 }, () => staffMidSignIn(staff)));
    const code = currentTotpCode(staff.totpKey!);
    const results = await Promise.all(sessions.map((session) => verifySecondFactor({ sessionId: session.id, userId: staff.id, input: { method: "totp", code }, request: request() })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual(Array.from({ length: 4 }, () => ({ ok: false, reason: "wrong_code" })));
  });

  it("two regenerations of recovery codes at once leave one set of ten", async () => {
    const staff = await createUser({ role: "coordinator", withTotp: true });
    const sets = await Promise.all([1, 2].map(() => getDatabase().$transaction((tx) => replaceRecoveryCodes(tx, staff.id))));
    expect(sets.every((set) => set.length === 10)).toBe(true);
    expect(await getDatabase().recoveryCode.count({ where: { userId: staff.id } })).toBe(10);
  });

  it("identity checks sent at once stop at the invitation's five failures", async () => {
    const { invitation, link } = await openInvitation();
    const results = await Promise.all(Array.from({ length: 12 }, () => checkInvitationIdentity({ ...link, input: { code: "ZZZZZ-ZZZZZ", ...birth }, request: request() })));
    const mismatches = results.filter((result) => !result.ok && result.reason === "mismatch");
    expect(mismatches.map((result) => ("attemptsLeft" in result ? result.attemptsLeft : null)).sort()).toEqual([1, 2, 3, 4]);
    expect(results.filter((result) => !result.ok && result.reason === "locked")).toHaveLength(12 - (maxIdentityFailures - 1));
    expect((await getDatabase().invitation.findUniqueOrThrow({ where: { id: invitation.id } })).failedAttempts).toBe(maxIdentityFailures);
    expect(await checkInvitationIdentity({ ...link, input: { code: invitation.code, ...birth }, request: request() })).toEqual({ ok: false, reason: "locked" });
  });

  it("a mailed code guessed in parallel is tried only five times, and the right code then no longer works", async () => {
    const { invitation, email, link } = await openInvitation();
    expect(await checkInvitationIdentity({ ...link, input: { code: invitation.code, ...birth }, request: request() })).toEqual({ ok: true });
    const code = await mailedCode(email);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    const results = await Promise.all(Array.from({ length: 12 }, () => acceptInvitation({ ...link, input: { emailCode: wrong }, request: request() })));
    const counted = results.filter((result) => !result.ok && (result.reason === "wrong_code" || result.reason === "code_exhausted"));
    expect(counted).toHaveLength(maxEmailCodeFailures);
    expect(results.filter((result) => !result.ok && result.reason === "code_expired")).toHaveLength(12 - maxEmailCodeFailures);
    expect(await acceptInvitation({ ...link, input: { emailCode: code }, request: request() })).toMatchObject({ ok: false, reason: "code_expired" });
  });

  it("an invitation accepted five times at once links one account and starts one session", async () => {
    const { participant, invitation, email, link } = await openInvitation();
    expect(await checkInvitationIdentity({ ...link, input: { code: invitation.code, ...birth }, request: request() })).toEqual({ ok: true });
    const code = await mailedCode(email);
    const results = await Promise.all(Array.from({ length: 5 }, () => acceptInvitation({ ...link, input: { emailCode: code }, request: request() })));
    const accepted = results.filter((result) => result.ok);
    expect(accepted).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual(Array.from({ length: 4 }, () => ({ ok: false, reason: "accepted" })));
    const account = await getDatabase().user.findUniqueOrThrow({ where: { email } });
    expect((await getDatabase().participant.findUniqueOrThrow({ where: { id: participant.id } })).userId).toBe(account.id);
    expect(await getDatabase().session.count({ where: { userId: account.id } })).toBe(1);
    expect(await getDatabase().user.count({ where: { email } })).toBe(1);
  });
});
