// @vitest-environment node
// Public sessions (issue 59 item 5; ADR 148) on PostgreSQL through the routes: staff publish a session with a capacity;
// anyone registers (signed in or not) and is mailed a confirmation with a calendar file; registrations racing for the
// last places never take more than there are — the rest join the waiting list in order; a place given up goes to the
// first waiting, who is told at once; the reminder goes once, a day before; attendance only once it has started and
// minutes only once it has ended; a session called off tells everyone. Bad input is refused in words, nothing written.
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { cancelRegistration, createBriefing, registerForBriefing, sendBriefingReminders } from "../../app/domain/briefings/index.server";
import { registrationSecretOf } from "../../app/domain/briefings/briefing-links.server";
import { BriefingFieldsSchema } from "../../app/domain/briefings/index";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { action as registerAction, loader as briefingLoader } from "../../app/routes/public/briefings.$briefingId";
import { loader as calendarLoader } from "../../app/routes/public/briefings.$briefingId[.]ics";
import { action as manageAction, loader as manageLoader } from "../../app/routes/public/briefings.registrations.$registrationId";
import { action as staffListAction } from "../../app/routes/staff/staff.briefings._index";
import { action as staffAction } from "../../app/routes/staff/staff.briefings.$briefingId";
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

const fields = (overrides: Record<string, string> = {}) => ({
  kind: "briefing",
  format: "in_person",
  startsAt: japanLocal(72),
  endsAt: japanLocal(74),
  capacity: "3",
  place: "東京会場 3階 会議室",
  titleJa: "ゲノム医療の説明会",
  titleJaEasy: "ゲノム医療の 説明会",
  titleEn: "A briefing on genomic medicine",
  descriptionJa: "事業の説明と質疑応答です。",
  descriptionJaEasy: "研究の 説明と 質問の 時間です。",
  descriptionEn: "The programme explained, and your questions.",
  ...overrides,
});

let addresses = 0;
function fromAddress(): AppLoadContext {
  addresses += 1;
  return { ...loadContext, clientAddress: `203.0.113.${addresses}` } as AppLoadContext;
}

async function publish(overrides: Record<string, string> = {}) {
  const staff = await cookieFor(await createUser({ role: "elsi_staff", withTotp: true }), "en");
  const answer = await settle(() => staffListAction({ request: formPost("/staff/briefings", fields(overrides), staff), context: loadContext, params: {} }));
  expect(answer.status).toBe(302);
  return { id: /\/staff\/briefings\/([0-9a-f-]{36})/.exec(answer.headers.get("Location")!)![1]!, staff };
}

async function register(briefingId: string, name: string, email: string, language = "en") {
  const cookie = await cookieFor(null, language);
  const answer = await settle(() => registerAction({ request: formPost(`/briefings/${briefingId}`, { name, email }, cookie), context: fromAddress(), params: { briefingId } }));
  return { status: answer.status, location: answer.headers.get("Location"), errors: answer.status === 400 ? replyErrors(await answer.json()) : [] };
}

describe("[public, staff] a session with a capacity", () => {
  it("takes as many as it has places, in order, however many press at once; the rest wait and move up when a place is given up", { timeout: 60_000 }, async () => {
    const { id } = await publish();
    // Eight people press "register" at the same moment for three places.
    const results = await Promise.all(Array.from({ length: 8 }, (_, index) => registerForBriefing({ briefingId: id, input: { name: `参加者${"いろはにほへとち"[index]}`, email: `race-${index}@test.tsunagi.test` }, userId: null, language: "ja", request: requestFrom(`198.51.100.${index + 1}`) })));
    expect(results.filter((result) => result.ok && result.state === "registered")).toHaveLength(3);
    expect(results.filter((result) => result.ok && result.state === "waitlisted")).toHaveLength(5);
    const rows = await getDatabase().briefingRegistration.findMany({ where: { briefingId: id }, orderBy: { registeredAt: "asc" } });
    expect(rows.filter((row) => row.state === "registered")).toHaveLength(3);

    // The confirmation carries a calendar file and the manage link; the waiting list's carries no calendar file.
    const placed = rows.find((row) => row.state === "registered")!;
    const waiting = rows.filter((row) => row.state === "waitlisted").sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime());
    const [confirmation] = await listCapturedMail({ to: placed.email, limit: 1 });
    expect(confirmation!.attachments?.map((file) => file.filename)).toEqual(["tsunagi-briefing.ics"]);
    expect(confirmation!.text).toContain(`/briefings/registrations/${placed.id}?t=${registrationSecretOf(placed)}`);
    const [waitNotice] = await listCapturedMail({ to: waiting[0]!.email, limit: 1 });
    expect(waitNotice!.attachments ?? []).toEqual([]);

    // The manage page says where each stands; a wrong secret is no page.
    const page = async (row: { id: string; registeredAt: Date }, secret = registrationSecretOf(row)) => {
      const answer = await settle(() => manageLoader({ request: pageGet(`/briefings/registrations/${row.id}?t=${secret}`, ""), context: loadContext, params: { registrationId: row.id } }), { phase: "loader" });
      return answer.status === 200 ? ((await answer.json()) as { registration: { state: string; ahead: number | null } }).registration : answer.status;
    };
    expect(await page(waiting[2]!)).toMatchObject({ state: "waitlisted", ahead: 2 });
    expect(await page(placed, "0".repeat(64))).toBe(404);

    // What is no request to give a place up is refused, and the place stays.
    for (const fields of [{} as Record<string, string>, { intent: "delete", t: registrationSecretOf(placed) }, { intent: "cancel" }, { intent: "cancel", t: `${registrationSecretOf(placed)}\u202e` }, { intent: "cancel", t: "0".repeat(64) }]) {
      const refused = await settle(() => manageAction({ request: formPost(`/briefings/registrations/${placed.id}`, fields, ""), context: loadContext, params: { registrationId: placed.id } }));
      expect([400, 404], JSON.stringify(fields).slice(0, 40)).toContain(refused.status);
    }
    expect(await page(placed)).toMatchObject({ state: "registered" });
    // A place given up (twice: the second changes nothing) goes to the first waiting, who is told at once.
    const giveUp = () => settle(() => manageAction({ request: formPost(`/briefings/registrations/${placed.id}`, { intent: "cancel", t: registrationSecretOf(placed) }, ""), context: loadContext, params: { registrationId: placed.id } }));
    expect((await giveUp()).status).toBe(302);
    expect((await giveUp()).status).toBe(302);
    expect(await page(placed)).toMatchObject({ state: "cancelled" });
    expect(await page(waiting[0]!)).toMatchObject({ state: "registered", ahead: null });
    expect(await page(waiting[1]!)).toMatchObject({ state: "waitlisted", ahead: 0 });
    expect(await getDatabase().briefingRegistration.count({ where: { briefingId: id, state: "registered" } })).toBe(3);
    const promoted = (await listCapturedMail({ to: waiting[0]!.email })).map((mail) => mail.subject);
    expect(promoted).toContain("【Tsunagi】席が空きました：「ゲノム医療の説明会」");

    // The public page counts places without naming anyone; registering again with the same address keeps one row.
    const view = ((await (await settle(() => briefingLoader({ request: pageGet(`/briefings/${id}`, ""), context: loadContext, params: { briefingId: id } }), { phase: "loader" })).json()) as { briefing: Record<string, unknown> }).briefing;
    expect(view).toMatchObject({ registered: 3, waitlisted: 4, state: "full" });
    expect(JSON.stringify(view)).not.toContain("race-");
    expect((await register(id, "参加者ろ", "RACE-1@test.tsunagi.test")).status).toBe(302);
    expect(await getDatabase().briefingRegistration.count({ where: { briefingId: id, email: "race-1@test.tsunagi.test" } })).toBe(1);
  });

  it("reminds each with a place once, a day before; attendance only once started, minutes only once ended; the calendar file has no join link", { timeout: 60_000 }, async () => {
    const { id, staff } = await publish({ format: "online", place: "", joinUrl: "https://meet.example.jp/tsunagi-1", startsAt: japanLocal(20), endsAt: japanLocal(22) });
    expect((await register(id, "山田 花子", "hanako@test.tsunagi.test", "ja")).location).toBe(`/briefings/${id}?registered=registered`);
    expect((await register(id, "Taro Sato", "taro@test.tsunagi.test")).status).toBe(302);
    const calendar = await (await settle(() => calendarLoader({ request: pageGet(`/briefings/${id}.ics`, ""), context: loadContext, params: { briefingId: id } }), { phase: "loader" })).text();
    expect(calendar).toContain("BEGIN:VEVENT");
    expect(calendar).not.toContain("meet.example.jp");
    const [confirmation] = await listCapturedMail({ to: "hanako@test.tsunagi.test", limit: 1 });
    expect(confirmation!.text).toContain("https://meet.example.jp/tsunagi-1");

    expect(await sendBriefingReminders()).toEqual({ queued: 2 });
    expect(await sendBriefingReminders()).toEqual({ queued: 0 });
    await runJobsUntilSettled();
    expect((await listCapturedMail({ to: "taro@test.tsunagi.test" })).map((mail) => mail.subject)).toContain("Tomorrow: “A briefing on genomic medicine”");

    const step = async (form: Record<string, string | string[]>) => {
      const answer = await settle(() => staffAction({ request: formPost(`/staff/briefings/${id}`, form, staff), context: loadContext, params: { briefingId: id } }));
      return answer.status;
    };
    const [first] = await getDatabase().briefingRegistration.findMany({ where: { briefingId: id }, orderBy: { registeredAt: "asc" } });
    expect(await step({ intent: "attendance", attended: [first!.id] })).toBe(409);
    expect(await step({ intent: "minutes", minutesJa: "記録", minutesJaEasy: "記録", minutesEn: "Minutes" })).toBe(409);
    // Two days on, it has been held.
    await getDatabase().briefing.update({ where: { id }, data: { startsAt: new Date(Date.now() - 3 * hour), endsAt: new Date(Date.now() - hour) } });
    expect(await step({ intent: "attendance", attended: [first!.id] })).toBe(302);
    expect((await getDatabase().briefingRegistration.findUniqueOrThrow({ where: { id: first!.id } })).attendedAt).not.toBeNull();
    expect(await step({ intent: "minutes", minutesJa: "質疑の記録です。", minutesJaEasy: "質問の 記録です。", minutesEn: "The questions asked.", recordingUrl: "https://video.example.jp/1" })).toBe(302);
    const english = await cookieFor(null, "en");
    const view = ((await (await settle(() => briefingLoader({ request: pageGet(`/briefings/${id}`, english), context: loadContext, params: { briefingId: id } }), { phase: "loader" })).json()) as { briefing: { state: string; minutes: string } }).briefing;
    expect(view).toMatchObject({ state: "minuted", minutes: "The questions asked." });
    expect((await register(id, "Late Comer", "late@test.tsunagi.test")).status).toBe(409);
  });

  it("called off before it starts, everyone registered is told; refuses in words what is not a session or a registration, writing nothing", { timeout: 60_000 }, async () => {
    const { id, staff } = await publish({ capacity: "1" });
    await register(id, "一人目", "first@test.tsunagi.test");
    await register(id, "二人目", "second@test.tsunagi.test");
    expect((await settle(() => staffAction({ request: formPost(`/staff/briefings/${id}`, { intent: "cancel", confirm: "yes" }, staff), context: loadContext, params: { briefingId: id } }))).status).toBe(302);
    await runJobsUntilSettled();
    for (const address of ["first@test.tsunagi.test", "second@test.tsunagi.test"]) expect((await listCapturedMail({ to: address })).map((mail) => mail.subject)).toContain("Called off: “A briefing on genomic medicine”");
    expect((await register(id, "三人目", "third@test.tsunagi.test")).status).toBe(409);

    const before = await getDatabase().briefing.count();
    const staffOnly = await cookieFor(await createUser({ role: "elsi_staff", withTotp: true }), "ja");
    for (const form of [{} as Record<string, string>, fields({ capacity: "0" }), fields({ capacity: "1001" }), fields({ kind: "party" }), fields({ endsAt: japanLocal(70) }), fields({ titleJa: "説明\u202e会" }), fields({ titleEn: "a".repeat(121) }), fields({ format: "online", place: "" }), fields({ format: "online", joinUrl: "javascript:alert(1)" }), fields({ startsAt: japanLocal(-5), endsAt: japanLocal(-3) })]) {
      const answer = await settle(() => staffListAction({ request: formPost("/staff/briefings", form, staffOnly), context: loadContext, params: {} }));
      expect([400, 409], JSON.stringify(form).slice(0, 60)).toContain(answer.status);
      if (answer.status === 400) for (const error of replyErrors(await answer.json())) expect(error).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect(await getDatabase().briefing.count()).toBe(before);

    const open = await publish();
    const rowsBefore = await getDatabase().briefingRegistration.count();
    for (const form of [{}, { name: "", email: "a@test.tsunagi.test" }, { name: "名前", email: "not an address" }, { name: "名\u202e前", email: "b@test.tsunagi.test" }, { name: "あ".repeat(101), email: "c@test.tsunagi.test" }]) {
      const refused = await register(open.id, (form as Record<string, string>).name ?? "", (form as Record<string, string>).email ?? "", "ja");
      expect(refused.status).toBe(400);
      expect(refused.errors.length).toBeGreaterThan(0);
    }
    expect(await getDatabase().briefingRegistration.count()).toBe(rowsBefore);
    const other = await createBriefing({ input: BriefingFieldsSchema.parse(fields()), actorUserId: (await createUser({ role: "elsi_staff", password: null })).id, request: requestFrom() });
    expect(other.id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(cancelRegistration({ registrationId: other.id, secret: "f".repeat(64), request: requestFrom() })).rejects.toMatchObject({ code: "not_found" });
  });
});
