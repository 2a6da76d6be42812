// @vitest-environment node
// An open panel (issue 59 item 3; ADR 151) on PostgreSQL through the routes: staff open a call; anyone applies, signed
// in or not, once per address, acknowledged by mail with the application's own page; participants and families whose
// account shows it are read first; decisions only after the call closes, each with a reason the applicant reads and is
// mailed; the seats are never overfilled however many decide at once; a seat adds the panel role to the account, and
// giving it up takes it away. Bad input is refused in words, nothing written.
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { applicationSecretOf } from "../../app/domain/panel-recruitment/panel-application-links.server";
import { decidePanelApplication } from "../../app/domain/panel-recruitment/index.server";
import { action as applyAction, loader as callLoader } from "../../app/routes/public/join-the-panel.$callId";
import { action as applicationAction, loader as applicationLoader } from "../../app/routes/public/join-the-panel.applications.$applicationId";
import { loader as listLoader } from "../../app/routes/public/join-the-panel._index";
import { action as staffListAction, loader as staffListLoader } from "../../app/routes/staff/staff.panel-calls._index";
import { action as staffCallAction, loader as staffCallLoader } from "../../app/routes/staff/staff.panel-calls.$callId";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

const hour = 3_600_000;
/** A datetime-local value in Japan time, `hours` from now (whole minutes). */
const japanLocal = (hours: number) => new Date(Date.now() + hours * hour + 9 * hour).toISOString().slice(0, 16);

const callFields = (overrides: Record<string, string> = {}) => ({
  seats: "2",
  opensAt: japanLocal(-1),
  closesAt: japanLocal(24 * 14),
  titleJa: "参加者パネル委員の募集（2027年度）",
  titleJaEasy: "参加者パネルの 委員の 募集",
  titleEn: "Join the participant panel (2027)",
  descriptionJa: "年4回の会合と審査への参加をお願いします。",
  descriptionJaEasy: "1年に 4回 集まります。",
  descriptionEn: "Four meetings a year, and reviews.",
  ...overrides,
});

const application = (overrides: Record<string, string> = {}) => ({
  name: "山田 花子",
  email: `applicant-${Math.random().toString(36).slice(2)}@test.tsunagi.test`,
  connection: "public",
  diseaseArea: "none",
  prefecture: "13",
  ageBand: "40_59",
  motivation: "がんの研究に、患者の家族として意見を届けたいと思います。",
  ...overrides,
});

let addresses = 0;
function fromAddress(): AppLoadContext {
  addresses += 1;
  return { ...loadContext, clientAddress: `203.0.113.${addresses % 250}` } as AppLoadContext;
}

async function openCall(overrides: Record<string, string> = {}) {
  const staff = await createUser({ role: "elsi_staff", withTotp: true });
  const cookie = await cookieFor(staff, "ja");
  const answer = await settle(() => staffListAction({ request: formPost("/staff/panel-calls", callFields(overrides), cookie), context: loadContext, params: {} }));
  expect(answer.status).toBe(302);
  return { id: /\/staff\/panel-calls\/([0-9a-f-]{36})/.exec(answer.headers.get("Location")!)![1]!, staff, cookie };
}

async function apply(callId: string, fields: Record<string, string>, cookie?: string) {
  const sent = cookie ?? (await cookieFor(null, "ja"));
  const answer = await settle(() => applyAction({ request: formPost(`/join-the-panel/${callId}`, fields, sent), context: fromAddress(), params: { callId } }));
  return { status: answer.status, location: answer.headers.get("Location"), errors: answer.status === 400 ? replyErrors(await answer.json()) : [] };
}

/** The call's closing time moved into the past (the clock the decisions wait for). */
async function closeCall(callId: string) {
  await getDatabase().panelCall.update({ where: { id: callId }, data: { closesAt: new Date(Date.now() - 60_000) } });
}

describe("[public, elsi_staff] an open call to the panel", () => {
  it("takes applications from anyone, participants and families first, decided with reasons within the seats", { timeout: 90_000 }, async () => {
    const { id, staff, cookie: staffCookie } = await openCall();
    // Listed publicly while open.
    const english = await cookieFor(null, "en");
    const list = (await (await settle(() => listLoader({ request: pageGet("/join-the-panel", english), context: loadContext, params: {} }), { phase: "loader" })).json()) as { calls: { open: { id: string; state: string; title: string }[] } };
    expect(list.calls.open.find((call) => call.id === id)).toMatchObject({ state: "open", title: "Join the participant panel (2027)" });

    // The public apply without an account; a participant and a family member signed in; a participant saying "family".
    const publicAddress = "Public.Person@test.tsunagi.test";
    expect((await apply(id, application({ email: publicAddress }))).status).toBe(302);
    const participant = await createUser({ role: "participant" });
    const family = await createUser({ role: "family" });
    const declared = await createUser({ role: "participant" });
    expect((await apply(id, application({ email: participant.email, connection: "participant", diseaseArea: "cancer", ageBand: "60_74" }), await cookieFor(participant, "ja"))).status).toBe(302);
    expect((await apply(id, application({ email: family.email, connection: "family", diseaseArea: "rare_disease", prefecture: "27" }), await cookieFor(family, "en"))).status).toBe(302);
    expect((await apply(id, application({ email: declared.email, connection: "family" }), await cookieFor(declared, "ja"))).status).toBe(302);
    // The same address again changes nothing: one application, its page sent again.
    expect((await apply(id, application({ email: publicAddress.toLowerCase(), name: "別の 名前" }))).status).toBe(302);
    const rows = await getDatabase().panelApplication.findMany({ where: { callId: id }, orderBy: { submittedAt: "asc" } });
    expect(rows).toHaveLength(4);
    expect(rows.map((row) => [row.connection, row.verified])).toEqual([
      ["public", false],
      ["participant", true],
      ["family", true],
      ["family", false],
    ]);
    const publicRow = rows[0]!;
    expect(publicRow).toMatchObject({ email: publicAddress.toLowerCase(), name: "山田 花子", state: "received" });
    // Acknowledged at once, in the applicant's language, with the application's own page.
    const mails = await listCapturedMail({ to: publicAddress.toLowerCase(), limit: 5 });
    expect(mails).toHaveLength(2);
    expect(mails[0]!.text).toContain(`/join-the-panel/applications/${publicRow.id}?t=${applicationSecretOf(publicRow)}`);
    expect(mails[0]!.subject).toContain("応募を受け付けました");

    // Staff read them participants and families first (those their account shows, then those who say so), then the public.
    const staffView = async () =>
      ((await (await settle(() => staffCallLoader({ request: pageGet(`/staff/panel-calls/${id}`, staffCookie), context: loadContext, params: { callId: id } }), { phase: "loader" })).json()) as {
        call: { applications: { id: string; email: string; state: string; hasAccount: boolean }[] };
      }).call.applications;
    expect((await staffView()).map((one) => one.email)).toEqual([participant.email, family.email, declared.email, publicAddress.toLowerCase()].map((email) => email.toLowerCase()));

    // Nothing is decided while the call is open.
    const decide = (applicationId: string, decision: string, reason = "応募の動機がはっきりしていて、がん領域の経験が会の議論に役立つためです。") =>
      settle(() => staffCallAction({ request: formPost(`/staff/panel-calls/${id}`, { applicationId, decision, reason }, staffCookie), context: loadContext, params: { callId: id } }));
    const participantRow = rows[1]!;
    expect((await decide(participantRow.id, "selected")).status).toBe(409);
    await closeCall(id);
    // After it closes, nobody applies.
    expect((await apply(id, application())).status).toBe(409);

    // A decision needs a reason, in words; a wrong decision is refused; nothing written.
    for (const fields of [
      { applicationId: participantRow.id, decision: "selected", reason: "" },
      { applicationId: participantRow.id, decision: "maybe", reason: "理由" },
      { applicationId: participantRow.id, decision: "selected", reason: "あ".repeat(1001) },
      { applicationId: participantRow.id, decision: "selected", reason: "理由\u202e" },
    ]) {
      const refused = await settle(() => staffCallAction({ request: formPost(`/staff/panel-calls/${id}`, fields, staffCookie), context: loadContext, params: { callId: id } }));
      expect(refused.status, JSON.stringify(fields).slice(0, 60)).toBe(400);
      for (const error of replyErrors(await refused.json())) expect(error).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect(await getDatabase().panelApplication.count({ where: { callId: id, state: { not: "received" } } })).toBe(0);

    // Two seats: the participant first; then two staff give the last seat to two people at once — one gets it.
    expect((await decide(participantRow.id, "selected")).status).toBe(302);
    const [familyRow, declaredRow] = [rows[2]!, rows[3]!];
    const race = await Promise.allSettled([
      decidePanelApplication({ callId: id, input: { applicationId: familyRow.id, decision: "selected", reason: "希少疾患の家族の視点が必要です。" }, actorUserId: staff.id, request: requestFrom() }),
      decidePanelApplication({ callId: id, input: { applicationId: declaredRow.id, decision: "selected", reason: "家族の視点が必要です。" }, actorUserId: staff.id, request: requestFrom() }),
    ]);
    expect(race.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(await getDatabase().panelApplication.count({ where: { callId: id, state: "selected" } })).toBe(2);
    const loser = race[0]!.status === "fulfilled" ? declaredRow : familyRow;
    expect((await decide(loser.id, "reserve", "席はすべて決まりましたが、補欠としてお願いします。")).status).toBe(302);
    expect((await decide(publicRow.id, "not_selected", "今回は参加者とご家族の方を優先しました。")).status).toBe(302);

    // A seat adds the panel role to the applicant's account.
    const roles = async (userId: string) => (await getDatabase().user.findUniqueOrThrow({ where: { id: userId }, select: { additionalRoles: true } })).additionalRoles;
    expect(await roles(participant.id)).toContain("panel_member");

    // Each applicant is mailed the outcome with the reason, in their language, and reads it on their page.
    await runJobsUntilSettled();
    const [outcome] = await listCapturedMail({ to: publicAddress.toLowerCase(), limit: 1 });
    expect(outcome!.text).toContain("今回は参加者とご家族の方を優先しました。");
    const page = async (applicationId: string, secret: string) => settle(() => applicationLoader({ request: pageGet(`/join-the-panel/applications/${applicationId}?t=${secret}`, "lang=ja"), context: loadContext, params: { applicationId } }), { phase: "loader" });
    const read = (await (await page(publicRow.id, applicationSecretOf(publicRow))).json()) as { application: { state: string; reason: string } };
    expect(read.application).toMatchObject({ state: "not_selected", reason: "今回は参加者とご家族の方を優先しました。" });
    // A wrong secret is no page.
    expect((await page(publicRow.id, "0".repeat(64))).status).toBe(404);

    // The application's page refuses what is no withdrawal: no intent, a wrong one, no secret, a malformed one.
    for (const fields of [{}, { intent: "delete", t: applicationSecretOf(participantRow) }, { intent: "withdraw" }, { intent: "withdraw", t: "<script>" }] as Record<string, string>[]) {
      const refused = await settle(() => applicationAction({ request: formPost(`/join-the-panel/applications/${participantRow.id}`, fields, "lang=ja"), context: loadContext, params: { applicationId: participantRow.id } }));
      expect(refused.status, JSON.stringify(fields)).toBe(400);
    }
    expect((await getDatabase().panelApplication.findUniqueOrThrow({ where: { id: participantRow.id }, select: { state: true } })).state).toBe("selected");

    // The selected participant gives up their seat by their link: the role goes with it; a second press changes nothing.
    const withdraw = (secret: string) => settle(() => applicationAction({ request: formPost(`/join-the-panel/applications/${participantRow.id}?t=${secret}`, { intent: "withdraw", t: secret }, "lang=ja"), context: loadContext, params: { applicationId: participantRow.id } }));
    expect((await withdraw("f".repeat(64))).status).toBe(404);
    expect((await withdraw(applicationSecretOf(participantRow))).status).toBe(302);
    expect(await roles(participant.id)).not.toContain("panel_member");
    expect((await withdraw(applicationSecretOf(participantRow))).status).toBe(409);
    // The freed seat can go to the reserve.
    expect((await decide(loser.id, "selected", "席が空いたため、委員としてお迎えします。")).status).toBe(302);

    // Every change audited, never with a name or address.
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "panel.application_changed", detail: { path: ["callId"], equals: id } } });
    expect(audit.length).toBe(4 + 5 + 1);
    expect(JSON.stringify(audit.map((row) => row.detail))).not.toContain("山田");
  });

  it("refuses bad input on the call and the application in the reader's language, and writes nothing", { timeout: 60_000 }, async () => {
    const staff = await cookieFor(await createUser({ role: "elsi_staff", withTotp: true }), "ja-easy");
    const calls = await getDatabase().panelCall.count();
    for (const fields of [{}, callFields({ seats: "0" }), callFields({ seats: "abc" }), callFields({ closesAt: japanLocal(-2) }), callFields({ titleJa: "" }), callFields({ titleEn: "x".repeat(121) }), callFields({ descriptionJa: "説明\u0000" })]) {
      const refused = await settle(() => staffListAction({ request: formPost("/staff/panel-calls", fields, staff), context: loadContext, params: {} }));
      expect(refused.status, JSON.stringify(fields).slice(0, 60)).toBe(400);
      expect(replyErrors(await refused.json()).length).toBeGreaterThan(0);
    }
    // A window already over is refused too (checked against the clock, not the form).
    expect((await settle(() => staffListAction({ request: formPost("/staff/panel-calls", callFields({ opensAt: japanLocal(-5), closesAt: japanLocal(-1) }), staff), context: loadContext, params: {} }))).status).toBe(409);
    expect(await getDatabase().panelCall.count()).toBe(calls);

    const { id } = await openCall();
    for (const fields of [
      {},
      application({ name: "" }),
      application({ email: "not-an-address" }),
      application({ connection: "staff" }),
      application({ prefecture: "48" }),
      application({ ageBand: "12_17" }),
      application({ motivation: "" }),
      application({ motivation: "あ".repeat(2001) }),
      application({ motivation: "参加したい\u202eです" }),
      application({ needs: "\u0000" }),
    ]) {
      const refused = await apply(id, fields);
      expect(refused.status, JSON.stringify(fields).slice(0, 60)).toBe(400);
      expect(refused.errors.length).toBeGreaterThan(0);
      for (const error of refused.errors) expect(error).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect(await getDatabase().panelApplication.count({ where: { callId: id } })).toBe(0);
    // A call that does not exist, or an id that is no id: no page.
    expect((await settle(() => callLoader({ request: pageGet("/join-the-panel/x", "lang=ja"), context: loadContext, params: { callId: "x" } }), { phase: "loader" })).status).toBe(404);
  });

  it("is staff's to open and decide: participants, panel members and coordinators are refused", async () => {
    const { id } = await openCall();
    for (const role of ["participant", "panel_member", "coordinator"] as const) {
      const cookie = await cookieFor(await createUser({ role, ...(role === "coordinator" ? { withTotp: true } : {}) }), "ja");
      expect((await settle(() => staffListLoader({ request: pageGet("/staff/panel-calls", cookie), context: loadContext, params: {} }), { phase: "loader" })).status, role).toBe(403);
      expect((await settle(() => staffCallAction({ request: formPost(`/staff/panel-calls/${id}`, { applicationId: id, decision: "selected", reason: "x" }, cookie), context: loadContext, params: { callId: id } }))).status, role).toBe(403);
    }
  });
});
