// The participant panel's meetings (issue 28 item 7; ADR 065) through their loaders and actions as a browser sends
// them: PPI staff announce a meeting with its agenda in three languages, anyone reads it in theirs, the minutes are
// published once, after the meeting's time, and are final; a cancelled meeting stays listed. Bad input is refused in
// the reader's language with nothing written; two publications at once leave one set of minutes.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { publishPanelMeetingMinutes } from "../../app/domain/panel-meetings/publish-panel-meeting-minutes.server";
import { translator } from "../../app/i18n/i18n";
import { loader as meetingLoader } from "../../app/routes/panel/panel-meetings.$id";
import { loader as meetingsLoader } from "../../app/routes/panel/panel-meetings._index";
import { action as staffMeetingAction, loader as staffMeetingLoader } from "../../app/routes/staff/staff.panel-meetings.$id";
import { action as scheduleAction } from "../../app/routes/staff/staff.panel-meetings._index";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";

useTestDatabase();

const request = { ipAddress: "127.0.0.1", userAgent: "vitest" };
/** A `datetime-local` value in Japan time, `days` from now. */
const localIn = (days: number) => new Date(Date.now() + days * 24 * 3600_000 + 9 * 3600_000).toISOString().slice(0, 16);
const fields = (days: number, title = "第3回 参加者パネル") => ({
  scheduledAt: localIn(days),
  place: "オンライン(Zoom)",
  titleJa: title,
  titleJaEasy: "3回目の パネルの 会議",
  titleEn: "Third participant panel meeting",
  agendaJa: "説明文書 2.0 の検討\n\n企業利用の意見募集の結果",
  agendaJaEasy: "せつめいの 文書 2.0 を 見る\n会社が データを つかう ことの 意見の けっか",
  agendaEn: "Review of the explanatory document 2.0\nResults of the consultation on company use",
});
const minutes = { textJa: "説明文書の案について話し合いました。\n\n次回は3月です。", textJaEasy: "せつめいの 文書の 案を 話し合いました。", textEn: "We discussed the draft document.\n\nNext meeting in March.", attendees: "9", confirm: "yes" };

async function staff(language = "ja") {
  const user = await createUser({ role: "elsi_staff", password: null });
  return { user, cookie: await cookieFor(user, language) };
}
async function schedule(cookie: string, values: Record<string, string>): Promise<Response> {
  return settle(() => scheduleAction({ request: formPost("/staff/panel-meetings", { intent: "schedule", ...values }, cookie), context: loadContext, params: {} }));
}
async function scheduled(cookie: string, days: number, title?: string): Promise<string> {
  const response = await schedule(cookie, fields(days, title));
  expect(response.status).toBe(302);
  return /\/staff\/panel-meetings\/([0-9a-f-]{36})\?notice=scheduled/.exec(response.headers.get("Location") ?? "")![1]!;
}
const staffPost = (id: string, cookie: string, values: Record<string, string>) =>
  settle(() => staffMeetingAction({ request: formPost(`/staff/panel-meetings/${id}`, values, cookie), context: loadContext, params: { id } }));
const publicMeeting = async (id: string, language: string) => {
  const cookie = await cookieFor(null, language);
  return settle(() => meetingLoader({ request: pageGet(`/panel-meetings/${id}`, cookie), context: loadContext, params: { id } }));
};

describe("[PPI staff, anyone] the participant panel's meetings", () => {
  it("an announced meeting's agenda reads in each language; its minutes come after it, once, and are final; a cancelled one stays listed", async () => {
    const { user, cookie } = await staff("en");
    const next = await scheduled(cookie, 10, "次の会議");
    const held = await scheduled(cookie, -2, "開いた会議");

    for (const [language, title, firstItem] of [
      ["ja", "次の会議", "説明文書 2.0 の検討"],
      ["ja-easy", "3回目の パネルの 会議", "せつめいの 文書 2.0 を 見る"],
      ["en", "Third participant panel meeting", "Review of the explanatory document 2.0"],
    ] as const) {
      const page = (await (await publicMeeting(next, language)).json()).meeting;
      expect(page.title, language).toBe(title);
      expect(page.agenda[0], language).toBe(firstItem);
      expect(page.agenda, language).toHaveLength(2); // blank lines are not items
      expect(page.state).toBe("upcoming");
    }
    const list = await (await settle(async () => meetingsLoader({ request: pageGet("/panel-meetings", await cookieFor(null, "en")), context: loadContext, params: {} }))).json();
    expect(list.upcoming.map((meeting: { id: string }) => meeting.id)).toContain(next);
    expect(list.past.map((meeting: { id: string }) => meeting.id)).toContain(held);

    // Minutes only after the meeting's time.
    const early = await staffPost(next, cookie, { intent: "publish_minutes", ...minutes });
    expect(early.status).toBe(409);
    expect(replyErrors(await early.json())).toContain(translator("en", "errors")("panel_meeting_not_held"));
    expect(await getDatabase().panelMeetingMinutes.count({ where: { meetingId: next } })).toBe(0);

    expect((await staffPost(held, cookie, { intent: "publish_minutes", ...minutes })).status).toBe(302);
    const minuted = (await (await publicMeeting(held, "en")).json()).meeting;
    expect(minuted.state).toBe("minuted");
    expect(minuted.minutes).toMatchObject({ text: "We discussed the draft document.\n\nNext meeting in March.", attendees: 9 });
    // Final: no second set, no change of the meeting, no cancellation.
    for (const values of [{ intent: "publish_minutes", ...minutes }, { intent: "save", ...fields(-2, "書き換え") }, { intent: "cancel", confirm: "yes" }] as Record<string, string>[]) {
      const refused = await staffPost(held, cookie, values);
      expect(refused.status, values.intent).toBe(409);
      expect(replyErrors(await refused.json()), values.intent).toContain(translator("en", "errors")("panel_meeting_closed"));
    }
    expect((await getDatabase().panelMeeting.findUniqueOrThrow({ where: { id: held } })).titleJa).toBe("開いた会議");

    // Changed, then cancelled: listed, marked, and closed to changes.
    expect((await staffPost(next, cookie, { intent: "save", ...fields(11, "次の会議(日程変更)") })).status).toBe(302);
    expect((await (await publicMeeting(next, "ja")).json()).meeting.title).toBe("次の会議(日程変更)");
    expect((await staffPost(next, cookie, { intent: "cancel", confirm: "yes" })).status).toBe(302);
    expect((await (await publicMeeting(next, "ja")).json()).meeting.state).toBe("cancelled");
    expect((await staffPost(next, cookie, { intent: "save", ...fields(12) })).status).toBe(409);
    const record = await (await settle(() => staffMeetingLoader({ request: pageGet(`/staff/panel-meetings/${next}`, cookie), context: loadContext, params: { id: next } }))).json();
    expect(record.meeting.state).toBe("cancelled");
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "panel_meeting.changed", actorUserId: user.id } });
    expect(audit.map((event) => (event.detail as { change: string }).change).sort()).toEqual(["cancelled", "minutes_published", "saved", "scheduled", "scheduled"]);
  });

  it("shows English readers the place in English when staff give one, and the place as written otherwise (issue 55 defect 11)", async () => {
    const { cookie } = await staff("en");
    const response = await schedule(cookie, { ...fields(12), place: "東京(会場)とオンライン", placeEn: "Tokyo (in person) and online" });
    const id = /\/staff\/panel-meetings\/([0-9a-f-]{36})/.exec(response.headers.get("Location") ?? "")![1]!;
    expect((await (await publicMeeting(id, "en")).json()).meeting.place).toBe("Tokyo (in person) and online");
    expect((await (await publicMeeting(id, "ja")).json()).meeting.place).toBe("東京(会場)とオンライン");
    const plain = await scheduled(cookie, 13);
    expect((await (await publicMeeting(plain, "en")).json()).meeting.place).toBe("オンライン(Zoom)");
    expect((await schedule(cookie, { ...fields(14), placeEn: "Online\u202E" })).status).toBe(400);
  });

  it("two publications of the minutes at the same moment leave one set", async () => {
    const { user, cookie } = await staff();
    const held = await scheduled(cookie, -1);
    const minutesFields = { textJa: "議事録", textJaEasy: "きろく", textEn: "Minutes", attendees: 5 };
    const results = await Promise.allSettled([1, 2, 3].map(() => publishPanelMeetingMinutes({ meetingId: held, minutes: minutesFields, actorUserId: user.id, request })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((result) => result.status === "rejected").map((result) => (result as PromiseRejectedResult).reason.code)).toEqual(["panel_meeting_closed", "panel_meeting_closed"]);
    expect(await getDatabase().panelMeetingMinutes.count({ where: { meetingId: held } })).toBe(1);
  });

  it.each(["ja", "ja-easy", "en"] as const)("refuses an empty, oversized, hostile or impossible meeting or minutes in the reader's language (%s), writing nothing", async (language) => {
    const { cookie } = await staff(language);
    const t = translator(language, "errors");
    const before = await getDatabase().panelMeeting.count();
    for (const [name, bad] of [
      ["empty", { ...fields(3), titleJa: "" }],
      ["oversized", { ...fields(3), agendaEn: "a".repeat(4_001) }],
      ["hostile Unicode", { ...fields(3), place: "オンライン\u202E" }],
      ["not a date", { ...fields(3), scheduledAt: "2026-02-30T10:00" }],
      ["no date", { ...fields(3), scheduledAt: "" }],
    ] as const) {
      const response = await schedule(cookie, bad);
      expect(response.status, name).toBe(400);
      const errors = replyErrors(await response.json());
      expect(errors.length, name).toBeGreaterThan(0);
      expect(errors.join(" "), name).not.toMatch(/invalid_type|Expected|Invalid input/);
      if (name === "empty") expect(errors, name).toContain(t("field.required"));
    }
    expect(await getDatabase().panelMeeting.count()).toBe(before);

    const held = await scheduled(cookie, -1);
    for (const [name, bad] of [
      ["no confirmation", { ...minutes, confirm: "" }],
      ["negative attendance", { ...minutes, attendees: "-1" }],
      ["attendance not a number", { ...minutes, attendees: "九" }],
      ["empty minutes", { ...minutes, textEn: "" }],
      ["oversized minutes", { ...minutes, textJa: "あ".repeat(20_001) }],
      ["hostile minutes", { ...minutes, textJaEasy: "きろく\u0007" }],
      ["wrong intent", { ...minutes, intent: "delete" }],
    ] as const) {
      const response = await staffPost(held, cookie, { intent: "publish_minutes", ...bad });
      expect(response.status, name).toBe(400);
      expect(replyErrors(await response.json()).join(" "), name).not.toMatch(/invalid_type|Expected|Invalid input/);
    }
    expect(await getDatabase().panelMeetingMinutes.count({ where: { meetingId: held } })).toBe(0);
    for (const id of ["00000000-0000-4000-8000-000000000000", "x'<b>"]) {
      expect((await staffPost(id, cookie, { intent: "cancel", confirm: "yes" })).status).toBe(404);
      expect((await publicMeeting(id, language)).status).toBe(404);
    }
  });
});
