// A fresh proof before what matters (issue 58 item 5, ADR 141), on PostgreSQL through the routes a browser posts to:
// a consent change, a withdrawal, a re-consent, a results report and contact details ask for a proof of the last ten
// minutes; a participant who signs in by link proves with a code mailed to them — bound to their session, spent once,
// dead after five wrong tries; a new mail address takes effect only when the new inbox answers, and the old one is told.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { action as contactAction, loader as contactLoader } from "../../app/routes/account/account.contact";
import { action as reauthAction } from "../../app/routes/account/account.reauthenticate";
import { action as confirmAction, loader as confirmLoader } from "../../app/routes/auth/new-address.$token";
import { action as changeAction, loader as changeLoader } from "../../app/routes/participant/consent.change.$choiceId";
import { action as withdrawAction } from "../../app/routes/participant/consent.withdraw";
import { loader as reportLoader } from "../../app/routes/participant/results.$reportId";
import { loader as plainPdfLoader } from "../../app/routes/participant/results.$reportId_.plain[.]pdf";
import { loadFormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { online } from "../../app/routes-support/journey/journey-routes.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { createParticipant } from "../factories/participant-factory";
import { createUser } from "../factories/user-factory";
import { createReport } from "../factories/report-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";
import { everyChoice, journeyReadyToSign, onlineActor } from "./journey-walk";

useTestDatabase();
useTempDataDir();

const hereditary = "findings.secondary.hereditary_cancer";
const elevenMinutesAgo = () => new Date(Date.now() - 11 * 60_000);

/** Every session of this account as if signed in eleven minutes ago, with no proof since. */
async function staleSessions(userId: string): Promise<void> {
  await getDatabase().session.updateMany({ where: { userId }, data: { createdAt: elevenMinutesAgo(), reauthenticatedAt: null } });
}

const eventCount = (participantId: string) => getDatabase().consentEvent.count({ where: { participantId } });

async function mailedCode(email: string): Promise<string> {
  const [mail] = await listCapturedMail({ to: email, limit: 1 });
  const code = mail?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code mailed to ${email}`);
  return code;
}

const reauth = (fields: Record<string, string>, cookie: string) =>
  settle(() => reauthAction({ request: formPost("/account/reauthenticate", fields, cookie), context: loadContext, params: {} }));

describe("a fresh proof before what matters", () => {
  it("a consent change with a stale proof is refused, writes nothing, and goes through after a code mailed to the participant", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const user = participant.user!;
    const cookie = await cookieFor(user, "en");
    await staleSessions(user.id);
    const before = await eventCount(participant.id);
    const path = `/consent/change/${hereditary}`;
    const change = () => settle(() => changeAction({ request: formPost(path, { intent: "confirm", value: "undecided", from: "want" }, cookie), context: loadContext, params: { choiceId: hereditary } }));

    // The page itself asks first (nothing typed is lost), and a post that comes anyway is refused the same way.
    const page = await settle(() => changeLoader({ request: pageGet(path, cookie), context: loadContext, params: { choiceId: hereditary } }), { phase: "loader" });
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe(`/account/reauthenticate?redirectTo=${encodeURIComponent(path)}`);
    const refused = await change();
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toMatch(/^\/account\/reauthenticate\?redirectTo=/);
    expect(await eventCount(participant.id)).toBe(before);

    // A wrong code proves nothing; the code mailed to the participant does, once.
    expect((await reauth({ intent: "send_code", redirectTo: path }, cookie)).status).toBe(200);
    const code = await mailedCode(user.email);
    const wrong = await reauth({ method: "mail_code", code: code === "000000" ? "111111" : "000000", redirectTo: path }, cookie);
    expect(wrong.status).toBe(401);
    expect(replyErrors(await wrong.json())).toEqual(["That code is wrong or has expired. Please enter a new code."]);
    expect((await change()).headers.get("Location")).toMatch(/^\/account\/reauthenticate/);

    const proved = await reauth({ method: "mail_code", code, redirectTo: path }, cookie);
    expect(proved.status).toBe(302);
    expect(proved.headers.get("Location")).toBe(path);
    // The same code again proves nothing more (it was spent).
    expect((await reauth({ method: "mail_code", code, redirectTo: path }, cookie)).status).toBe(401);

    const changed = await change();
    expect(changed.headers.get("Location")).toBe("/consent?notice=changed");
    expect(await eventCount(participant.id)).toBe(before + 1);
    const audit = await getDatabase().auditEvent.findMany({ where: { actorUserId: user.id, type: { in: ["auth.proof_code_sent", "auth.reauthenticated"] } }, orderBy: { occurredAt: "asc" } });
    expect(audit.map((event) => [event.type, (event.detail as { method?: string }).method ?? null])).toEqual([
      ["auth.proof_code_sent", null],
      ["auth.reauthenticated", "mail_code"],
    ]);
  });

  it("a mailed code works only in the session that asked for it, dies after five wrong tries, and is replaced by a newer one", async () => {
    const participant = await consentedParticipant();
    const user = participant.user!;
    const asking = await cookieFor(user, "ja");
    const other = await cookieFor(user, "ja");
    await staleSessions(user.id);
    await reauth({ intent: "send_code" }, asking);
    const first = await mailedCode(user.email);
    // Another session of the same account (a stolen session) cannot spend the code mailed for this one.
    expect((await reauth({ method: "mail_code", code: first }, other)).status).toBe(401);

    // A newer code replaces the older one.
    await reauth({ intent: "send_code" }, asking);
    const second = await mailedCode(user.email);
    if (first !== second) expect((await reauth({ method: "mail_code", code: first }, asking)).status).toBe(401);

    // Five wrong tries and the right code no longer works either.
    const wrongOne = second === "123456" ? "654321" : "123456";
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await reauth({ method: "mail_code", code: wrongOne }, asking)).status).toBe(401);
    expect((await reauth({ method: "mail_code", code: second }, asking)).status).toBe(401);
    const session = await getDatabase().session.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(session.reauthenticatedAt).toBeNull();
  });

  it("staff are never mailed a code: their proof is their password, authenticator or passkey", async () => {
    const staff = await createUser({ role: "coordinator", withTotp: true });
    const cookie = await cookieFor(staff, "en");
    const answer = await reauth({ intent: "send_code" }, cookie);
    expect(answer.status).toBe(401);
    expect(await listCapturedMail({ to: staff.email, limit: 5 })).toHaveLength(0);
    expect(await getDatabase().proofCode.count({ where: { session: { userId: staff.id } } })).toBe(0);
  });

  it("a withdrawal, a results report and its PDF ask for a fresh proof too", async () => {
    const participant = await consentedParticipant();
    const user = participant.user!;
    const counsellor = await createUser({ role: "counsellor", withTotp: true });
    const reportId = await createReport(participant.id, { explainedBy: counsellor.id });
    const cookie = await cookieFor(user, "ja");
    const fresh = await settle(() => reportLoader({ request: pageGet(`/results/${reportId}`, cookie), context: loadContext, params: { reportId } }), { phase: "loader" });
    expect(fresh.status).toBe(200);

    await staleSessions(user.id);
    const before = await eventCount(participant.id);
    const withdraw = await settle(() => withdrawAction({ request: formPost("/consent/withdraw", { intent: "confirm", level: "no_further_use" }, cookie), context: loadContext, params: {} }));
    expect(withdraw.headers.get("Location")).toBe(`/account/reauthenticate?redirectTo=${encodeURIComponent("/consent/withdraw")}`);
    expect(await eventCount(participant.id)).toBe(before);
    for (const [path, loader] of [
      [`/results/${reportId}`, reportLoader],
      [`/results/${reportId}/plain.pdf`, plainPdfLoader],
    ] as const) {
      const answer = await settle(() => loader({ request: pageGet(path, cookie), context: loadContext, params: { reportId } }), { phase: "loader" });
      expect(answer.status, path).toBe(302);
      expect(answer.headers.get("Location"), path).toBe(`/account/reauthenticate?redirectTo=${encodeURIComponent(path)}`);
    }
  });
});

describe("a re-consent asks for a fresh proof; a first consent does not", () => {
  it("the signature over an earlier version is refused with a stale proof and nothing is signed; the first one was not asked for", async () => {
    const v11 = await loadFormVersion(await ensurePublishedFormVersion("1.1"));
    const participant = await createParticipant();
    const user = participant.user!;
    const actor = onlineActor(user);
    const cookie = await cookieFor(user, "ja");
    await staleSessions(user.id);
    const sign = async (journeyId: string) =>
      settle(() => online.sign.action({ request: formPost("/consent/journey/sign", { journeyId, printedName: participant.fullName }, cookie), context: loadContext, params: {} }));

    // The first consent, from the invitation: no fresh proof asked, however long the reading took.
    const first = await journeyReadyToSign(actor, participant.id, v11, { choices: everyChoice(v11) });
    expect((await sign(first)).headers.get("Location")).toBe(`/consent/journey/done/${first}`);

    const v2 = await loadFormVersion(await ensurePublishedFormVersion("2.0"));
    const again = await journeyReadyToSign(actor, participant.id, v2, { choices: everyChoice(v2) });
    const before = await eventCount(participant.id);
    const page = await settle(() => online.sign.loader({ request: pageGet("/consent/journey/sign", cookie), context: loadContext, params: {} }), { phase: "loader" });
    expect(page.headers.get("Location")).toBe(`/account/reauthenticate?redirectTo=${encodeURIComponent("/consent/journey/sign")}`);
    expect((await sign(again)).headers.get("Location")).toMatch(/^\/account\/reauthenticate/);
    expect(await eventCount(participant.id)).toBe(before);

    await getDatabase().session.updateMany({ where: { userId: user.id }, data: { reauthenticatedAt: new Date() } });
    expect((await sign(again)).headers.get("Location")).toBe(`/consent/journey/done/${again}`);
    expect(await eventCount(participant.id)).toBe(before + 1);
  });
});

describe("contact details changed by their holder", () => {
  it("a new address takes effect only when the new inbox answers (a button, not the link's GET); the old address is told; the link works once", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const user = participant.user!;
    const cookie = await cookieFor(user, "en");
    const anonymous = await cookieFor(null, "en");
    const newEmail = `moved-${participant.pseudonym.toLowerCase()}@example.jp`;

    const asked = await settle(() => contactAction({ request: formPost("/account/contact", { intent: "email", email: newEmail }, cookie), context: loadContext, params: {} }));
    expect(asked.headers.get("Location")).toBe("/account/contact?notice=email_requested");
    expect((await getDatabase().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
    const [confirmMail] = await listCapturedMail({ to: newEmail, limit: 1 });
    const token = confirmMail!.text.match(/\/new-address\/([a-z0-9]+\.[a-z0-9]+)/)?.[1];
    expect(token).toBeDefined();

    // A mail scanner's GET changes nothing.
    expect((await settle(() => confirmLoader({ request: pageGet(`/new-address/${token}`, ""), context: loadContext, params: { token } }), { phase: "loader" })).status).toBe(200);
    expect((await getDatabase().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);

    const confirmed = await settle(() => confirmAction({ request: formPost(`/new-address/${token}`, {}, anonymous), context: loadContext, params: { token } }));
    expect(confirmed.status).toBe(200);
    expect((await getDatabase().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(newEmail);
    expect((await getDatabase().participantIdentity.findUniqueOrThrow({ where: { participantId: participant.id } })).email).toBe(newEmail);

    await runJobsUntilSettled();
    const [notice] = await listCapturedMail({ to: user.email, limit: 1 });
    expect(notice?.subject).toBe("Your Tsunagi contact details were changed");
    expect(notice?.text).not.toContain(newEmail);

    const replayed = await settle(() => confirmAction({ request: formPost(`/new-address/${token}`, {}, anonymous), context: loadContext, params: { token } }));
    expect(replayed.status).toBe(400);
    expect(replyErrors(await replayed.json())[0]).toMatch(/^This link cannot be used/);
  });

  it("an address another account holds is refused at confirmation; a telephone number changes at once and the address is told", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const someoneElse = await consentedParticipant();
    const anonymous = await cookieFor(null, "en");
    const user = participant.user!;
    const cookie = await cookieFor(user, "en");
    await settle(() => contactAction({ request: formPost("/account/contact", { intent: "email", email: someoneElse.user!.email }, cookie), context: loadContext, params: {} }));
    const [mail] = await listCapturedMail({ to: someoneElse.user!.email, limit: 1 });
    const token = mail!.text.match(/\/new-address\/([a-z0-9]+\.[a-z0-9]+)/)![1]!;
    const refused = await settle(() => confirmAction({ request: formPost(`/new-address/${token}`, {}, anonymous), context: loadContext, params: { token } }));
    expect(refused.status).toBe(400);
    expect((await getDatabase().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);

    const phone = await settle(() => contactAction({ request: formPost("/account/contact", { intent: "phone", phone: "03-1234-5678" }, cookie), context: loadContext, params: {} }));
    expect(phone.headers.get("Location")).toBe("/account/contact?notice=phone_changed");
    expect((await getDatabase().participantIdentity.findUniqueOrThrow({ where: { participantId: participant.id } })).phone).toBe("03-1234-5678");
    await runJobsUntilSettled();
    expect((await listCapturedMail({ to: user.email, limit: 1 }))[0]?.subject).toBe("Your Tsunagi contact details were changed");
  });

  it("asks for a fresh proof, and refuses bad input in words with nothing written", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const user = participant.user!;
    const cookie = await cookieFor(user, "en");
    const post = async (fields: Record<string, string>) => {
      const answer = await settle(() => contactAction({ request: formPost("/account/contact", fields, cookie), context: loadContext, params: {} }));
      return { status: answer.status, errors: answer.status === 400 ? replyErrors(await answer.json()) : [] };
    };
    expect(await post({})).toMatchObject({ status: 400 });
    expect(await post({ intent: "email", email: "" })).toMatchObject({ status: 400, errors: ["Please fill this in."] });
    expect(await post({ intent: "email", email: `${"a".repeat(250)}@example.jp` })).toMatchObject({ status: 400 });
    expect(await post({ intent: "fax", email: "x@example.jp" })).toMatchObject({ status: 400 });
    expect(await post({ intent: "phone", phone: "電話\u202e0312345678" })).toMatchObject({ status: 400 });
    expect(await post({ intent: "email", email: "ｍａｌｌｏｒｙ\u200b@example.jp" })).toMatchObject({ status: 400 });
    expect(await getDatabase().emailChange.count({ where: { userId: user.id } })).toBe(0);
    expect((await getDatabase().participantIdentity.findUniqueOrThrow({ where: { participantId: participant.id } })).phone).toBe("090-0000-0000");

    await staleSessions(user.id);
    const page = await settle(() => contactLoader({ request: pageGet("/account/contact", cookie), context: loadContext, params: {} }), { phase: "loader" });
    expect(page.headers.get("Location")).toBe(`/account/reauthenticate?redirectTo=${encodeURIComponent("/account/contact")}`);
    expect((await post({ intent: "phone", phone: "03-1234-5678" })).status).toBe(302);
    expect((await getDatabase().participantIdentity.findUniqueOrThrow({ where: { participantId: participant.id } })).phone).toBe("090-0000-0000");
  });
});
