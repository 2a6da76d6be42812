// @vitest-environment node
// A panel member's honoraria and expenses (issue 59 item 3; ADR 152) on PostgreSQL through the routes: a member claims
// and sees the claim with its deadline; another member neither sees nor withdraws it; staff approve (the member reads
// "approved" with the day it will be paid by, and is mailed) or reject with a reason the member reads; two approvals
// at once make one; an approved claim is marked paid once; a claim is withdrawn only while it waits; a claim left
// undecided past 14 days, or unpaid past 30, is marked overdue on the staff list. Bad input on every form is refused
// in the reader's words and writes nothing; a participant who is no panel member is refused the page.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { decidePanelClaim, submitPanelClaim } from "../../app/domain/panel-claims/index.server";
import { action as memberAction, loader as memberLoader } from "../../app/routes/panel/panel.claims._index";
import { action as staffAction, loader as staffLoader } from "../../app/routes/staff/staff.panel-claims._index";
import { createUser, requestFrom, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";
import { seedDemoPanelClaims } from "../../app/wiring/demo/seed-demo-panel-claims.server";

useTestDatabase();
useTempDataDir();

const day = 86_400_000;
/** A day in Japan `days` from today, `YYYY-MM-DD`. */
const japanDay = (days: number) => new Date(Date.now() + days * day + 9 * 3_600_000).toISOString().slice(0, 10);
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

type ClaimView = { id: string; kind: string; amountYen: number; state: string; decideByDay: string; payByDay: string | null; reason: string | null; paymentReference: string | null; overdue: boolean };
type StaffLists = { waiting: ClaimView[]; unpaid: ClaimView[]; finished: ClaimView[]; overdue: number };

async function member(language = "en") {
  const user = await createUser({ role: "panel_member" });
  await getDatabase().user.update({ where: { id: user.id }, data: { preferredLanguage: language === "ja-easy" ? "ja_easy" : (language as "ja" | "en") } });
  return { user, cookie: await cookieFor(user, language) };
}

async function staffMember(language = "en") {
  const user = await createUser({ role: "elsi_staff", withTotp: true });
  return { user, cookie: await cookieFor(user, language) };
}

const claimFields = (overrides: Record<string, string> = {}) => ({ intent: "claim", kind: "travel", amountYen: "1280", occurredOn: japanDay(-3), description: "パネル会議（東京）横浜から電車で往復", ...overrides });

async function memberPost(cookie: string, fields: Record<string, string>) {
  return settle(() => memberAction({ request: formPost("/panel/claims", fields, cookie), context: loadContext, params: {} }));
}

async function claim(cookie: string, overrides: Record<string, string> = {}): Promise<string> {
  const before = new Set((await ownClaims(cookie)).map((one) => one.id));
  const answer = await memberPost(cookie, claimFields(overrides));
  expect(answer.status).toBe(302);
  expect(answer.headers.get("Location")).toBe("/panel/claims?saved=claimed");
  return (await ownClaims(cookie)).find((one) => !before.has(one.id))!.id;
}

async function ownClaims(cookie: string): Promise<ClaimView[]> {
  const answer = await settle(() => memberLoader({ request: pageGet("/panel/claims", cookie), context: loadContext, params: {} }), { phase: "loader" });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { claims: ClaimView[] }).claims;
}

async function staffLists(cookie: string): Promise<StaffLists> {
  const answer = await settle(() => staffLoader({ request: pageGet("/staff/panel-claims", cookie), context: loadContext, params: {} }), { phase: "loader" });
  expect(answer.status).toBe(200);
  return (await answer.json()) as StaffLists;
}

async function staffPost(cookie: string, fields: Record<string, string>) {
  return settle(() => staffAction({ request: formPost("/staff/panel-claims", fields, cookie), context: loadContext, params: {} }));
}

const auditRows = (claimId: string) => getDatabase().auditEvent.findMany({ where: { type: "panel_claim.changed", detail: { path: ["claimId"], equals: claimId } }, orderBy: { id: "asc" } });

async function subjectsTo(user: CreatedUser): Promise<string[]> {
  await runJobsUntilSettled();
  return (await listCapturedMail({ to: user.email })).map((mail) => mail.subject);
}

describe("[panel_member, staff] a claim from submission to payment", () => {
  it("a member claims and sees it; another member neither sees nor withdraws it; staff approve, the member reads the pay-by day and is mailed; then paid", { timeout: 60_000 }, async () => {
    const alice = await member("en");
    const claimId = await claim(alice.cookie);
    const [mine] = await ownClaims(alice.cookie);
    expect(mine).toMatchObject({ id: claimId, kind: "travel", amountYen: 1280, state: "submitted", overdue: false, decideByDay: japanDay(14) });
    // An honorarium is its kind's fixed amount, whatever was typed beside it.
    const honorarium = await claim(alice.cookie, { kind: "honorarium_meeting", amountYen: "99999", description: "第3回 参加者パネル会議" });
    expect((await ownClaims(alice.cookie)).find((one) => one.id === honorarium)).toMatchObject({ amountYen: 10_000 });
    expect((await auditRows(claimId)).map((row) => (row.detail as { change: string }).change)).toEqual(["submitted"]);

    const bob = await member("ja");
    expect((await ownClaims(bob.cookie)).map((one) => one.id)).not.toContain(claimId);
    expect((await memberPost(bob.cookie, { intent: "withdraw", claimId })).status).toBe(404);
    expect((await getDatabase().panelClaim.findUniqueOrThrow({ where: { id: claimId } })).state).toBe("submitted");

    const staff = await staffMember();
    const waiting = (await staffLists(staff.cookie)).waiting.map((one) => one.id);
    expect(waiting).toEqual(expect.arrayContaining([claimId, honorarium]));
    // Paying before it is approved is refused.
    expect((await staffPost(staff.cookie, { intent: "pay", claimId, paymentReference: "FB-2026-0001" })).status).toBe(409);

    const approved = await staffPost(staff.cookie, { intent: "approve", claimId });
    expect(approved.status).toBe(302);
    expect(approved.headers.get("Location")).toBe("/staff/panel-claims?saved=approve");
    const afterApproval = (await ownClaims(alice.cookie)).find((one) => one.id === claimId)!;
    expect(afterApproval).toMatchObject({ state: "approved", payByDay: japanDay(30), reason: null });
    expect(await subjectsTo(alice.user)).toContain("Your claim was approved");
    expect((await staffLists(staff.cookie)).unpaid.map((one) => one.id)).toContain(claimId);
    // Decided once: approving or rejecting it again is refused, and a member can no longer withdraw it.
    expect((await staffPost(staff.cookie, { intent: "reject", claimId, reason: "重複" })).status).toBe(409);
    expect((await memberPost(alice.cookie, { intent: "withdraw", claimId })).status).toBe(409);

    expect((await staffPost(staff.cookie, { intent: "pay", claimId, paymentReference: "FB-2026-0001" })).status).toBe(302);
    expect((await ownClaims(alice.cookie)).find((one) => one.id === claimId)).toMatchObject({ state: "paid", paymentReference: "FB-2026-0001" });
    expect((await staffPost(staff.cookie, { intent: "pay", claimId, paymentReference: "FB-2026-0002" })).status).toBe(409);
    expect((await getDatabase().panelClaim.findUniqueOrThrow({ where: { id: claimId } })).paymentReference).toBe("FB-2026-0001");
    expect(await subjectsTo(alice.user)).toContain("Your claim has been paid");
    const mail = (await listCapturedMail({ to: alice.user.email })).find((one) => one.subject === "Your claim has been paid");
    expect(mail?.text).toContain("¥1,280");
    expect(mail?.text).toContain("/panel/claims");
    // The mail never carries the payment's reference: the page does.
    expect(mail?.text).not.toContain("FB-2026-0001");
    expect((await auditRows(claimId)).map((row) => (row.detail as { change: string }).change)).toEqual(["submitted", "approved", "paid"]);
  });

  it("a rejection needs a reason, which the member reads on the page (not in the mail)", { timeout: 60_000 }, async () => {
    const carol = await member("ja");
    const claimId = await claim(carol.cookie, { kind: "care_cover", amountYen: "6000", description: "会議中の保育" });
    const staff = await staffMember("ja");
    const noReason = await staffPost(staff.cookie, { intent: "reject", claimId, reason: "" });
    expect(noReason.status).toBe(400);
    expect(replyErrors(await noReason.json()).join(" ")).toMatch(japanese);
    expect((await getDatabase().panelClaim.findUniqueOrThrow({ where: { id: claimId } })).state).toBe("submitted");

    const reason = "領収書の金額と請求額が異なります。金額を確かめて、あらためて請求してください。";
    expect((await staffPost(staff.cookie, { intent: "reject", claimId, reason })).status).toBe(302);
    expect((await ownClaims(carol.cookie)).find((one) => one.id === claimId)).toMatchObject({ state: "rejected", reason, payByDay: null });
    const subjects = await subjectsTo(carol.user);
    expect(subjects).toContain("【Tsunagi】ご請求を承認できませんでした");
    const [mail] = await listCapturedMail({ to: carol.user.email, limit: 1 });
    expect(mail!.text).not.toContain("領収書");
    expect((await staffLists(staff.cookie)).finished.map((one) => one.id)).toContain(claimId);
  });

  it("two approvals at the same moment make one decision, one audit row and one mail", { timeout: 60_000 }, async () => {
    const dan = await member("en");
    const claimId = await claim(dan.cookie);
    const [first, second] = await Promise.all([staffMember(), staffMember()]);
    const answers = await Promise.all([staffPost(first.cookie, { intent: "approve", claimId }), staffPost(second.cookie, { intent: "approve", claimId })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([302, 409]);
    expect((await auditRows(claimId)).map((row) => (row.detail as { change: string }).change)).toEqual(["submitted", "approved"]);
    expect((await subjectsTo(dan.user)).filter((subject) => subject === "Your claim was approved")).toHaveLength(1);
    // An approval racing a rejection: still one decision.
    const other = await claim(dan.cookie);
    const raced = await Promise.all([staffPost(first.cookie, { intent: "approve", claimId: other }), staffPost(second.cookie, { intent: "reject", claimId: other, reason: "対象外の経費です。" })]);
    expect(raced.map((answer) => answer.status).sort()).toEqual([302, 409]);
    expect(await auditRows(other)).toHaveLength(2);
  });

  it("a claim is withdrawn only while it waits for a decision", { timeout: 60_000 }, async () => {
    const erin = await member("en");
    const claimId = await claim(erin.cookie);
    const withdrawn = await memberPost(erin.cookie, { intent: "withdraw", claimId });
    expect(withdrawn.status).toBe(302);
    expect(withdrawn.headers.get("Location")).toBe("/panel/claims?saved=withdrawn");
    expect((await ownClaims(erin.cookie)).find((one) => one.id === claimId)).toMatchObject({ state: "withdrawn" });
    expect((await memberPost(erin.cookie, { intent: "withdraw", claimId })).status).toBe(409);
    const staff = await staffMember();
    expect((await staffPost(staff.cookie, { intent: "approve", claimId })).status).toBe(409);
    expect((await auditRows(claimId)).map((row) => (row.detail as { change: string }).change)).toEqual(["submitted", "withdrawn"]);
  });

  it("staff never decide or pay a claim of their own", { timeout: 60_000 }, async () => {
    const both = await createUser({ role: "elsi_staff", withTotp: true });
    await getDatabase().user.update({ where: { id: both.id }, data: { additionalRoles: ["panel_member"] } });
    const { id } = await submitPanelClaim({ memberUserId: both.id, input: claimFields(), request: requestFrom() });
    await expect(decidePanelClaim({ claimId: id, decision: "approved", actorUserId: both.id, request: requestFrom() })).rejects.toMatchObject({ code: "forbidden" });
    const refused = await staffPost(await cookieFor(both, "en"), { intent: "approve", claimId: id });
    expect(refused.status).toBe(403);
    expect(replyErrors(await refused.json())).toEqual(["This is your own claim: another member of staff decides and pays it."]);
    expect((await getDatabase().panelClaim.findUniqueOrThrow({ where: { id } })).state).toBe("submitted");
  });
});

describe("[staff] deadlines", () => {
  it("marks overdue a claim undecided 15 days after submission, and one unpaid 31 days after approval, first in their lists", { timeout: 60_000 }, async () => {
    const frank = await member("en");
    const staff = await staffMember();
    const fresh = await claim(frank.cookie);
    const old = await submitPanelClaim({ memberUserId: frank.user.id, input: claimFields({ description: "15日前の交通費" }), request: { ...requestFrom(), now: new Date(Date.now() - 15 * day) } });
    const unpaid = await submitPanelClaim({ memberUserId: frank.user.id, input: claimFields({ description: "32日前の交通費" }), request: { ...requestFrom(), now: new Date(Date.now() - 32 * day) } });
    await decidePanelClaim({ claimId: unpaid.id, decision: "approved", actorUserId: staff.user.id, request: { ...requestFrom(), now: new Date(Date.now() - 31 * day) } });

    const lists = await staffLists(staff.cookie);
    expect(lists.overdue).toBeGreaterThanOrEqual(2);
    const waiting = lists.waiting.map((one) => [one.id, one.overdue] as const);
    expect(waiting.findIndex(([id]) => id === old.id)).toBeLessThan(waiting.findIndex(([id]) => id === fresh));
    expect(Object.fromEntries(waiting)).toMatchObject({ [old.id]: true, [fresh]: false });
    expect(lists.unpaid.find((one) => one.id === unpaid.id)).toMatchObject({ overdue: true });
    // The member sees it too.
    expect((await ownClaims(frank.cookie)).find((one) => one.id === old.id)).toMatchObject({ state: "submitted", overdue: true });
  });
});

describe("[panel_member, staff, participant] refusals", () => {
  it("refuses bad input on every form in the reader's words and writes nothing", { timeout: 60_000 }, async () => {
    const grace = await member("ja");
    const claimId = await claim(grace.cookie);
    const staff = await staffMember("ja");
    const rows = async () => ({ claims: await getDatabase().panelClaim.count(), audit: await getDatabase().auditEvent.count({ where: { type: "panel_claim.changed" } }) });
    const before = await rows();

    const memberForms: Record<string, string>[] = [
      {},
      { intent: "claim" },
      { intent: "delete", claimId },
      claimFields({ description: "" }),
      claimFields({ description: "あ".repeat(501) }),
      claimFields({ amountYen: "0" }),
      claimFields({ amountYen: "-1" }),
      claimFields({ amountYen: "1e9" }),
      claimFields({ amountYen: "1000001" }),
      claimFields({ amountYen: "abc" }),
      claimFields({ amountYen: "" }),
      claimFields({ kind: "party" }),
      claimFields({ kind: "" }),
      claimFields({ description: "交通費\u202e返金" }),
      claimFields({ description: "交通費\u0000" }),
      claimFields({ occurredOn: japanDay(2) }),
      claimFields({ occurredOn: "2026-02-30" }),
      claimFields({ occurredOn: "yesterday" }),
      { intent: "withdraw", claimId: "not-a-uuid" },
      { intent: "withdraw", claimId: `${claimId}\u0000` },
    ];
    for (const form of memberForms) {
      const answer = await memberPost(grace.cookie, form);
      expect(answer.status, JSON.stringify(form).slice(0, 80)).toBe(400);
      const errors = replyErrors(await answer.json());
      expect(errors.length, JSON.stringify(form).slice(0, 80)).toBeGreaterThan(0);
      for (const error of errors) expect(error).toMatch(japanese);
    }

    const staffForms: Record<string, string>[] = [
      {},
      { intent: "approve" },
      { intent: "approve", claimId: "123" },
      { intent: "delete", claimId },
      { intent: "reject", claimId },
      { intent: "reject", claimId, reason: "   " },
      { intent: "reject", claimId, reason: "理由\u202e" },
      { intent: "reject", claimId, reason: "理由\u0000" },
      { intent: "reject", claimId, reason: "あ".repeat(1001) },
      { intent: "pay", claimId },
      { intent: "pay", claimId, paymentReference: "FB\n2026" },
      { intent: "pay", claimId, paymentReference: "a".repeat(101) },
    ];
    for (const form of staffForms) {
      const answer = await staffPost(staff.cookie, form);
      expect(answer.status, JSON.stringify(form).slice(0, 80)).toBe(400);
      const errors = replyErrors(await answer.json());
      expect(errors.length, JSON.stringify(form).slice(0, 80)).toBeGreaterThan(0);
      for (const error of errors) expect(error).toMatch(japanese);
    }
    // In English for an English reader.
    const english = await staffPost(await cookieFor(staff.user, "en"), { intent: "reject", claimId });
    expect(replyErrors(await english.json())).toEqual(["Please fill this in."]);

    expect(await rows()).toEqual(before);
    expect((await getDatabase().panelClaim.findUniqueOrThrow({ where: { id: claimId } })).state).toBe("submitted");
  });

  it("refuses the member's page to anyone who is not a panel member, and the staff page to members", { timeout: 60_000 }, async () => {
    const participant = await cookieFor(await createUser({ role: "participant" }), "ja");
    expect((await settle(() => memberLoader({ request: pageGet("/panel/claims", participant), context: loadContext, params: {} }), { phase: "loader" })).status).toBe(403);
    expect((await memberPost(participant, claimFields())).status).toBe(403);
    const staff = await staffMember();
    expect((await settle(() => memberLoader({ request: pageGet("/panel/claims", staff.cookie), context: loadContext, params: {} }), { phase: "loader" })).status).toBe(403);
    const panel = await member("ja");
    expect((await settle(() => staffLoader({ request: pageGet("/staff/panel-claims", panel.cookie), context: loadContext, params: {} }), { phase: "loader" })).status).toBe(403);
    expect((await staffPost(panel.cookie, { intent: "approve", claimId: "00000000-0000-4000-8000-000000000000" })).status).toBe(403);
    const anonymous = await cookieFor(null, "ja");
    const signedOut = await settle(() => memberLoader({ request: pageGet("/panel/claims", anonymous), context: loadContext, params: {} }), { phase: "loader" });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toMatch(/^\/sign-in/);
  });
});

describe("[demo] the panel member's claims", () => {
  it("gives the demo's panel member a paid honorarium and a travel claim waiting for a decision, and a second run adds nothing", { timeout: 60_000 }, async () => {
    const panel = await member("ja");
    const staff = await staffMember();
    const accounts = [panel.user, staff.user].map((user) => ({ role: user.role, email: user.email, displayName: `Demo ${user.role}`, password: user.password }));
    await seedDemoPanelClaims(accounts);
    await seedDemoPanelClaims(accounts);
    const claims = await ownClaims(panel.cookie);
    expect(claims.map((one) => [one.kind, one.state, one.amountYen])).toEqual([
      ["travel", "submitted", 1280],
      ["honorarium_meeting", "paid", 10_000],
    ]);
  });
});
