// Family access (issue 14 item 1; ADR 036) through the real app server and PostgreSQL: a participant invites someone
// close to them, who accepts through the mailed one-time link and reads the summary; narrowing and ending take effect
// on the follower's very next request of an already open session; the transfer at majority pauses access until the
// now-adult participant confirms; every read is audited and listed for the participant. Replayed, expired, withdrawn
// and racing invitation links, and bad input, write nothing.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { getEnv } from "../../app/env.server";
import { acceptFamilyInvitation } from "../../app/domain/family/accept-family-invitation.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { grantConsent } from "../../app/domain/consent/records/grant-consent.server";
import { sessionCookie } from "../../app/auth/session-cookie.server";
import { languageCookie } from "../../app/i18n/language.server";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { browserPages, type BrowserResponse } from "../support/browser-requests";
import { useTestDatabase } from "../support/database";
import { cookieFor } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, signableFormVersion, typicalChoices } from "./dashboard-fixtures";

useTestDatabase();
useTempDataDir();
const app = useAppServer();
const http = browserPages(() => app.origin, () => getEnv().APP_URL, 7000);
const text = (response: BrowserResponse) => response.body.toString("utf8");
const setCookies = (response: BrowserResponse) => [response.headers["set-cookie"] ?? []].flat();
const request = { ipAddress: "127.0.0.1", userAgent: "vitest" };

let counter = 0;
const address = () => `family-${Date.now()}-${counter++}@example.test`;

/** Invites through the participant's page and returns the link's secret as the mail carries it. */
async function invite(ownerCookie: string, fields: Partial<Record<string, string>> = {}, query = ""): Promise<{ email: string; token: string }> {
  const email = fields.email ?? address();
  const response = await http("POST", `/consent/family${query}`, ownerCookie, { intent: "invite", fullName: "山田 さくら", relationship: "child", scope: "updates_and_summary", language: "ja", ...fields, email } as Record<string, string>);
  expect(response.status, text(response)).toBe(302);
  expect(response.location).toMatch(/notice=invited$/);
  const mail = (await listCapturedMail({ to: email })).find((message) => message.template === "family-invitation");
  const token = /\/family\/invitation\/([a-z2-9]{32})/.exec(mail?.text ?? "")?.[1];
  expect(token).toBeDefined();
  return { email, token: token! };
}

/** Accepts over HTTP as the invitee's browser does; returns the session cookie it was given. */
async function accept(token: string, language = "ja"): Promise<string> {
  const response = await http("POST", `/family/invitation/${token}`, "", { language });
  expect(response.status, text(response)).toBe(302);
  expect(response.location).toBe("/family");
  const session = setCookies(response).find((cookie) => cookie.startsWith(`${sessionCookie().name}=`))!.split(";")[0]!;
  return `${(await languageCookie.serialize(language)).split(";")[0]!}; ${session}`;
}

async function accessOf(email: string) {
  return getDatabase().familyAccess.findFirstOrThrow({ where: { familyUser: { email } }, orderBy: { grantedAt: "desc" } });
}

describe("[participant] lets someone close to them follow the programme", () => {
  it("invites, the invitee accepts and reads the summary; narrowing and ending hold on the open session's next request", async () => {
    const owner = await consentedParticipant({ fullName: "山田 花子" });
    const ownerCookie = await cookieFor(owner.user!);
    const { email, token } = await invite(ownerCookie);
    const familyCookie = await accept(token);
    const access = await accessOf(email);
    const follower = await getDatabase().user.findUniqueOrThrow({ where: { email } });
    expect(follower.role).toBe("family");

    const people = await http("GET", "/family", familyCookie);
    expect(text(people)).toContain("山田 花子");
    const summary = await http("GET", `/family/${access.id}`, familyCookie);
    expect(summary.status).toBe(200);
    expect(text(summary)).toContain('data-testid="summary-choices"');
    // Never findings, samples or identity documents: the sample codes and the record number are nowhere.
    for (const secret of [...owner.sampleCodes, `MRN-${owner.pseudonym}`, owner.pseudonym]) expect(text(summary)).not.toContain(secret);

    // The read is audited and shown to the participant, with when the follower last looked.
    expect(await getDatabase().auditEvent.count({ where: { type: "family.summary_read", actorUserId: follower.id } })).toBe(1);
    const sharing = text(await http("GET", "/consent/family", ownerCookie));
    expect(sharing).toContain('data-testid="family-reads"');
    expect((await getDatabase().familyAccess.findUniqueOrThrow({ where: { id: access.id } })).lastViewedAt).not.toBeNull();

    // Narrow: the same open session is refused the summary on its very next request.
    expect((await http("POST", "/consent/family", ownerCookie, { intent: "change_scope", accessId: access.id, scope: "updates" })).status).toBe(302);
    const narrowed = await http("GET", `/family/${access.id}`, familyCookie);
    expect(narrowed.status).toBe(403);
    expect(text(narrowed)).not.toContain('data-testid="summary-choices"');
    expect((await http("GET", "/family", familyCookie)).status).toBe(200);

    // End: nothing at all on the next request; the row stays for the participant's record.
    expect((await http("POST", "/consent/family", ownerCookie, { intent: "end", accessId: access.id })).status).toBe(302);
    expect((await http("GET", `/family/${access.id}`, familyCookie)).status).toBe(403);
    expect(text(await http("GET", "/family", familyCookie))).not.toContain("山田 花子");
    expect(await getDatabase().auditEvent.count({ where: { type: "family.summary_read", actorUserId: follower.id } })).toBe(1);
  }, 60_000);

  it("never lets a follower reach another participant's summary, nor a participant end another's access", async () => {
    const [first, second] = [await consentedParticipant(), await consentedParticipant()];
    const firstInvite = await invite(await cookieFor(first.user!));
    const secondInvite = await invite(await cookieFor(second.user!));
    const firstCookie = await accept(firstInvite.token);
    await accept(secondInvite.token);
    const secondAccess = await accessOf(secondInvite.email);
    expect((await http("GET", `/family/${secondAccess.id}`, firstCookie)).status).toBe(404);
    expect((await http("GET", `/consent/family?participant=${second.id}`, await cookieFor(first.user!))).status).toBe(403);
    const ending = await http("POST", "/consent/family", await cookieFor(first.user!), { intent: "end", accessId: secondAccess.id });
    expect(ending.status).toBe(404);
    expect((await getDatabase().familyAccess.findUniqueOrThrow({ where: { id: secondAccess.id } })).endedAt).toBeNull();
  }, 60_000);

  it("lets one person follow several participants with one account", async () => {
    const email = address();
    const [first, second] = [await consentedParticipant(), await consentedParticipant()];
    await accept((await invite(await cookieFor(first.user!), { email })).token);
    const cookie = await accept((await invite(await cookieFor(second.user!), { email })).token);
    const follower = await getDatabase().user.findUniqueOrThrow({ where: { email } });
    expect(await getDatabase().familyAccess.count({ where: { familyUserId: follower.id, endedAt: null } })).toBe(2);
    expect(text(await http("GET", "/family", cookie)).match(/data-testid="followed-person"/g)).toHaveLength(2);
  }, 60_000);
});

describe("[family] stops following someone", () => {
  it("ends their own access only: the participant's page says they left; a racing second request is told it is done and writes nothing", async () => {
    const email = address();
    const [first, second] = [await consentedParticipant({ fullName: "山田 花子" }), await consentedParticipant()];
    const ownerCookie = await cookieFor(first.user!);
    await accept((await invite(ownerCookie, { email })).token);
    const cookie = await accept((await invite(await cookieFor(second.user!), { email })).token);
    const follower = await getDatabase().user.findUniqueOrThrow({ where: { email } });
    const [firstAccess, secondAccess] = await Promise.all([first.id, second.id].map((participantId) => getDatabase().familyAccess.findFirstOrThrow({ where: { participantId, familyUserId: follower.id } })));

    // Another person's access (the participant's own account asking) is not found, and nothing changes.
    expect((await http("POST", "/family?index", ownerCookie, { accessId: firstAccess!.id })).status).toBe(404);

    // Two stops at once (a double tap): both are told it is done; one ended the access, the other wrote nothing.
    const answers = await Promise.all([http("POST", "/family?index", cookie, { accessId: firstAccess!.id }), http("POST", "/family?index", cookie, { accessId: firstAccess!.id })]);
    expect(answers.map((answer) => [answer.status, answer.location])).toEqual([
      [302, "/family?notice=stopped"],
      [302, "/family?notice=stopped"],
    ]);
    const ended = await getDatabase().familyAccess.findUniqueOrThrow({ where: { id: firstAccess!.id } });
    expect(ended).toMatchObject({ endedById: follower.id });
    expect(ended.endedAt).not.toBeNull();
    expect(await getDatabase().auditEvent.count({ where: { type: "family.access_changed", actorUserId: follower.id } })).toBe(1);

    // The follower's list keeps the other participant; the first one's summary is gone on the next request.
    const people = text(await http("GET", "/family?notice=stopped", cookie));
    expect(people.match(/data-testid="followed-person"/g)).toHaveLength(1);
    expect(people).toContain("見守りをやめました");
    const gone = await http("GET", `/family/${firstAccess!.id}`, cookie);
    expect(gone.status).toBe(403);
    expect(text(gone)).toContain('data-testid="summary-refused"');
    expect((await getDatabase().familyAccess.findUniqueOrThrow({ where: { id: secondAccess!.id } })).endedAt).toBeNull();
    // The participant sees that they stopped, not that the participant ended it.
    expect(text(await http("GET", "/consent/family", ownerCookie))).toContain('data-testid="ended-by-follower"');
  }, 60_000);

  const badInput: [string, Record<string, string>][] = [
    ["nothing", {}],
    ["an id that is not one", { accessId: "not-an-id" }],
    ["an oversized id", { accessId: "a".repeat(5_000) }],
    ["hostile Unicode", { accessId: "\u202E\u0000𠮷" }],
  ];
  for (const [what, fields] of badInput) {
    it(`answers ${what} with a translated sentence and ends nothing`, async () => {
      const owner = await consentedParticipant();
      const { email, token } = await invite(await cookieFor(owner.user!));
      const cookie = await accept(token, "en");
      const response = await http("POST", "/family?index", cookie, fields);
      expect(response.status).toBe(400);
      // In the follower's language (English here), at the top of the page.
      expect(text(response)).toMatch(/role="alert"[^>]*>(<p>)?(Please fill this in|Please check what you entered|This is not in the expected format)/);
      expect((await accessOf(email)).endedAt).toBeNull();
    }, 60_000);
  }
});

describe("invitation links", () => {
  it("work once: a replayed, withdrawn or expired link writes nothing; two accepts at once make one access", async () => {
    const owner = await consentedParticipant();
    const ownerCookie = await cookieFor(owner.user!);
    const { email, token } = await invite(ownerCookie);
    const results = await Promise.all([0, 1].map(() => acceptFamilyInvitation({ token, language: "ja", request })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ reason: "used" });
    expect(await getDatabase().familyAccess.count({ where: { familyUser: { email } } })).toBe(1);
    const replay = await http("POST", `/family/invitation/${token}`, "", { language: "ja" });
    expect(replay.status).toBe(410);
    expect(text(replay)).toContain("この招待はすでに受けられています");

    const withdrawn = await invite(ownerCookie);
    const invitation = await getDatabase().familyInvitation.findFirstOrThrow({ where: { email: withdrawn.email } });
    expect((await http("POST", "/consent/family", ownerCookie, { intent: "withdraw_invitation", invitationId: invitation.id })).status).toBe(302);
    expect((await http("POST", `/family/invitation/${withdrawn.token}`, "", { language: "en" })).status).toBe(410);

    const expired = await invite(ownerCookie);
    await getDatabase().familyInvitation.updateMany({ where: { email: expired.email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await http("GET", `/family/invitation/${expired.token}`, "");
    expect(late.status).toBe(410);
    expect((await http("POST", `/family/invitation/${expired.token}`, "", { language: "ja" })).status).toBe(410);
    expect(await getDatabase().user.count({ where: { email: { in: [withdrawn.email, expired.email] } } })).toBe(0);
  }, 60_000);

  it("never signs into a staff account that shares the address", async () => {
    const staff = await createUser({ role: "coordinator" });
    const owner = await consentedParticipant();
    const { token } = await invite(await cookieFor(owner.user!), { email: staff.email });
    const refused = await http("POST", `/family/invitation/${token}`, "", { language: "ja" });
    expect(refused.status).toBe(409);
    expect(setCookies(refused).some((cookie) => cookie.startsWith(`${sessionCookie().name}=`))).toBe(false);
    expect(await getDatabase().familyAccess.count({ where: { familyUserId: staff.id } })).toBe(0);
  }, 60_000);
});

describe("[participant] bad input when inviting", () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ["an empty name", { fullName: "  " }, /入力してください|必須/],
    ["an oversized name", { fullName: "山".repeat(101) }, /100/],
    ["a relationship not offered", { relationship: "landlord" }, /選/],
    ["a scope not offered", { scope: "everything" }, /選/],
    ["an invalid email", { email: "not-an-address" }, /メールアドレス/],
    ["a right-to-left override in the name", { fullName: "山田\u202Eさくら" }, /./],
  ];
  for (const [what, change, message] of cases) {
    it(`refuses ${what} with a translated sentence and writes nothing`, async () => {
      const owner = await consentedParticipant();
      const response = await http("POST", "/consent/family", await cookieFor(owner.user!), { intent: "invite", fullName: "山田 さくら", relationship: "child", scope: "updates", language: "ja", email: address(), ...change });
      expect(response.status).toBe(400);
      expect(text(response)).toMatch(message);
      expect(await getDatabase().familyInvitation.count({ where: { participantId: owner.id } })).toBe(0);
    });
  }

  it("refuses a second invitation to the same person, and one's own address", async () => {
    const owner = await consentedParticipant();
    const cookie = await cookieFor(owner.user!);
    const { email } = await invite(cookie);
    const again = await http("POST", "/consent/family", cookie, { intent: "invite", fullName: "山田 さくら", relationship: "child", scope: "updates", language: "ja", email });
    expect(again.status).toBe(400);
    expect(text(again)).toContain("すでにフォローしているか");
    const self = await http("POST", "/consent/family", cookie, { intent: "invite", fullName: "山田 さくら", relationship: "child", scope: "updates", language: "ja", email: owner.user!.email });
    expect(self.status).toBe(400);
    expect(await getDatabase().familyInvitation.count({ where: { participantId: owner.id } })).toBe(1);
  }, 60_000);
});

describe("[proxy] manages family access for a child, and the transfer at majority pauses it", () => {
  it("pauses access at the transfer until the now-adult participant confirms it", async () => {
    const child = await consentedParticipant({ byProxy: true });
    const proxyCookie = await cookieFor(child.proxy!);
    const { email, token } = await invite(proxyCookie, {}, `?participant=${child.id}`);
    const familyCookie = await accept(token);
    const access = await accessOf(email);
    expect((await http("GET", `/family/${access.id}`, familyCookie)).status).toBe(200);
    // An invitation the proxy sent that nobody has accepted yet is withdrawn at the transfer.
    const pending = await invite(proxyCookie, {}, `?participant=${child.id}`);

    const adult = await createUser({ role: "participant" });
    await getDatabase().participant.update({ where: { id: child.id }, data: { userId: adult.id } });
    const version = await signableFormVersion();
    const transfer = await grantConsent({
      participantId: child.id,
      formVersionId: version.id,
      choices: typicalChoices(version),
      printedName: child.fullName,
      language: "ja",
      signer: { kind: "participant" },
      actor: { userId: adult.id, role: "participant" },
      method: "online",
      request,
    });
    expect(transfer.type).toBe("transferred_at_majority");

    // Paused on the follower's next request of the same session; the proxy can no longer change anything.
    const paused = await http("GET", `/family/${access.id}`, familyCookie);
    expect(paused.status).toBe(403);
    expect(text(paused)).toContain("まだ共有を確認していません");
    expect((await http("POST", `/family/invitation/${pending.token}`, "", { language: "ja" })).status).toBe(410);
    expect((await http("POST", `/consent/family?participant=${child.id}`, proxyCookie, { intent: "end", accessId: access.id })).status).toBe(403);

    const adultCookie = await cookieFor(adult);
    expect(text(await http("GET", "/consent/family", adultCookie))).toContain('data-testid="family-paused-notice"');
    expect((await http("POST", "/consent/family", adultCookie, { intent: "confirm", accessId: access.id })).status).toBe(302);
    expect((await http("GET", `/family/${access.id}`, familyCookie)).status).toBe(200);
  }, 90_000);
});

describe("[participant] not yet linked to an enrolment", () => {
  it("is told so on the family page, and cannot invite anyone", async () => {
    const unlinked = await createUser({ role: "participant" });
    const cookie = await cookieFor(unlinked);
    const page = await http("GET", "/consent/family", cookie);
    expect(page.status).toBe(200);
    expect(text(page)).not.toContain('id="invite-heading"');
    const invite = await http("POST", "/consent/family", cookie, { intent: "invite", fullName: "山田 さくら", relationship: "child", scope: "updates", language: "ja", email: address() });
    expect(invite.status).toBe(403);
    expect(await getDatabase().familyInvitation.count({ where: { invitedById: unlinked.id } })).toBe(0);
  });
});

describe("the updates audience and the family rule agree", () => {
  it("a follower is in the families' audience exactly when familyMaySee allows updates, for every state of the access row", async () => {
    const { familyMaySee, familyScopes } = await import("../../app/domain/family/family-access-rule");
    const { readerAudienceOf } = await import("../../app/domain/updates/reader-audience.server");
    const owner = await consentedParticipant();
    for (const scope of familyScopes) {
      for (const paused of [false, true]) {
        for (const ended of [false, true]) {
          const follower = await createUser({ role: "family" });
          const invitation = await getDatabase().familyInvitation.create({
            data: { participantId: owner.id, fullName: "照合", email: follower.email, relationship: "sibling", scope, language: "ja", tokenHash: Buffer.from(crypto.getRandomValues(new Uint8Array(32))), invitedById: owner.user!.id, expiresAt: new Date(), acceptedAt: new Date(), acceptedUserId: follower.id },
          });
          const row = await getDatabase().familyAccess.create({
            data: { participantId: owner.id, familyUserId: follower.id, invitationId: invitation.id, fullName: "照合", relationship: "sibling", scope, pausedAt: paused ? new Date() : null, endedAt: ended ? new Date() : null },
          });
          const audience = await readerAudienceOf(follower.id);
          expect(audience.familyAreas.size > 0, `${scope}, paused ${paused}, ended ${ended}`).toBe(familyMaySee(row, "updates") === "allowed");
        }
      }
    }
  }, 60_000);
});
