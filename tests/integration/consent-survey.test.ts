// @vitest-environment node
// How consent felt (issue 59 item 4; ADR 149) on PostgreSQL through the routes and the job queue: two weeks after
// first signing, each participant is asked once — by mail if they may be contacted by e-mail — never after a withdrawal or a recorded death (an invitation already waiting is withheld); they answer
// once, in words refused when it is no answer; their facility's coordinators read the answers only through disclosure
// control ("<10" for a handful) and moderate the comments, another facility's cannot.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { recordLifeEvent } from "../../app/domain/consent/records/record-life-event.server";
import { inviteConsentSurveys } from "../../app/domain/surveys/index.server";
import { action as surveyAction, loader as surveyLoader } from "../../app/routes/participant/consent.survey";
import { loader as dashboardLoader } from "../../app/routes/participant/consent._index";
import { action as staffAction, loader as staffLoader } from "../../app/routes/staff/staff.consent-survey";
import { createFacility } from "../factories/facility-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant } from "./dashboard-fixtures";

useTestDatabase();
useTempDataDir();

const day = 86_400_000;
const good = { understood: "5", enoughTime: "4", freeToDecline: "5", clear: "3", comment: "説明がていねいでした。" };

describe("[participant, coordinator] how consent felt", () => {
  it("asks each once two weeks after signing, never after a withdrawal or a death, and counts answers per facility through disclosure control", { timeout: 90_000 }, async () => {
    const answers = await consentedParticipant({ language: "ja" });
    const withdraws = await consentedParticipant({ language: "en" });
    const dies = await consentedParticipant({ language: "ja" });
    const laterWithdraws = await consentedParticipant({ language: "ja-easy" });
    const withdrawnBefore = await consentedParticipant({ language: "ja" });
    await withdrawOnline(withdrawnBefore);

    // Before two weeks: nobody is asked.
    expect(await inviteConsentSurveys({ now: new Date(Date.now() + 13 * day) })).toEqual({ invited: 0, mailed: 0 });
    const twoWeeks = new Date(Date.now() + 15 * day);
    const first = await inviteConsentSurveys({ now: twoWeeks });
    expect(first.invited).toBeGreaterThanOrEqual(4);
    expect(await getDatabase().consentSurvey.count({ where: { participantId: withdrawnBefore.id } })).toBe(0);
    // Once: a second run asks nobody again.
    expect(await inviteConsentSurveys({ now: twoWeeks })).toEqual({ invited: 0, mailed: 0 });

    // While the invitations wait, one withdraws and one dies: theirs are withheld, the others go.
    await withdrawOnline(laterWithdraws, { level: "no_contact" });
    await recordLifeEvent({ participantId: dies.id, input: { kind: "death", occurredOn: new Date(Date.now() - day).toISOString().slice(0, 10), source: "family_report", confirm: "yes" }, actor: { userId: null, role: "coordinator" }, request: { ipAddress: "127.0.0.1", userAgent: "vitest" } });
    await runJobsUntilSettled();
    const invitation = async (participantId: string) =>
      (await getDatabase().mailMessage.findFirst({ where: { participantId, sourceKey: `consent-survey:${participantId}` }, select: { state: true, lastError: true, language: true } })) ?? null;
    expect(await invitation(answers.id)).toMatchObject({ state: "sent", language: "ja" });
    expect(await invitation(withdraws.id)).toMatchObject({ state: "sent", language: "en" });
    expect(await invitation(dies.id)).toMatchObject({ state: "withheld", lastError: "recipient_life_event" });
    expect(await invitation(laterWithdraws.id)).toMatchObject({ state: "withheld", lastError: "consent_no_longer_allows" });

    const page = async (user: { id: string; role: "participant" }, language = "ja") => {
      const cookie = await cookieFor(user, language);
      return ((await (await settle(() => surveyLoader({ request: pageGet("/consent/survey", cookie), context: loadContext, params: {} }), { phase: "loader" })).json()) as { standing: string }).standing;
    };
    const post = async (user: { id: string; role: "participant" }, fields: Record<string, string>) => {
      const cookie = await cookieFor(user, "ja");
      const answer = await settle(() => surveyAction({ request: formPost("/consent/survey", fields, cookie), context: loadContext, params: {} }));
      return { status: answer.status, errors: answer.status === 400 ? replyErrors(await answer.json()) : [] };
    };
    const answerer = { id: answers.user!.id, role: "participant" as const };
    expect(await page(answerer)).toBe("open");
    // What is no answer is refused in words (Japanese here), nothing written.
    for (const fields of [{} as Record<string, string>, { ...good, clear: "6" }, { ...good, understood: "" }, { ...good, comment: "あ".repeat(1001) }, { ...good, comment: "説明\u202eでした" }]) {
      const refused = await post(answerer, fields);
      expect(refused.status, JSON.stringify(fields).slice(0, 50)).toBe(400);
      expect(refused.errors.length).toBeGreaterThan(0);
      for (const error of refused.errors) expect(error).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect(await getDatabase().consentSurvey.findUniqueOrThrow({ where: { participantId: answers.id }, select: { answeredAt: true } })).toEqual({ answeredAt: null });
    // Two presses at once: one answer.
    const [one, two] = await Promise.all([post(answerer, good), post(answerer, good)]);
    expect([one.status, two.status].sort()).toEqual([302, 409]);
    expect(await page(answerer)).toBe("answered");
    // Withdrawn after being asked: closed.
    await withdrawOnline(withdraws);
    expect(await page({ id: withdraws.user!.id, role: "participant" })).toBe("closed");
    expect((await post({ id: withdraws.user!.id, role: "participant" }, good)).status).toBe(409);

    // The facility's coordinator reads "<10" for one answer, and moderates the comment; another facility's sees nothing of it.
    const facilityId = (await getDatabase().participant.findUniqueOrThrow({ where: { id: answers.id }, select: { facilityId: true } })).facilityId;
    const own = await cookieFor(await createUser({ role: "coordinator", withTotp: true, facilities: [facilityId] }), "ja");
    const elsewhere = await cookieFor(await createUser({ role: "coordinator", withTotp: true, facilities: [await createFacility()] }), "ja");
    const results = async (cookie: string) =>
      ((await (await settle(() => staffLoader({ request: pageGet("/staff/consent-survey", cookie), context: loadContext, params: {} }), { phase: "loader" })).json()) as {
        facilities: { facilityId: string; table: { cells: { kind: string }[][] }; comments: { id: string; text: string; state: string }[] }[];
      }).facilities;
    const mine = (await results(own)).find((facility) => facility.facilityId === facilityId)!;
    expect(mine.table.cells.flat().every((cell) => cell.kind === "small")).toBe(true);
    expect(mine.comments).toEqual([expect.objectContaining({ text: good.comment, state: "pending" })]);
    expect((await results(elsewhere)).map((facility) => facility.facilityId)).not.toContain(facilityId);
    const moderate = (cookie: string, decision: string) => settle(() => staffAction({ request: formPost("/staff/consent-survey", { surveyId: mine.comments[0]!.id, decision }, cookie), context: loadContext, params: {} }));
    expect((await moderate(elsewhere, "approved")).status).toBe(404);
    expect((await moderate(own, "maybe")).status).toBe(400);
    expect((await moderate(own, "approved")).status).toBe(302);
    expect((await results(own)).find((facility) => facility.facilityId === facilityId)!.comments[0]!.state).toBe("approved");
  });

  it("asks the proxy who signed about their own experience, on the child's page; nobody else answers it, and not after the proxy's authority ends", { timeout: 60_000 }, async () => {
    const child = await consentedParticipant({ byProxy: true, language: "en" });
    const stranger = await consentedParticipant({ language: "ja" });
    const twoWeeks = new Date(Date.now() + 15 * day);
    await inviteConsentSurveys({ now: twoWeeks });
    expect(await getDatabase().consentSurvey.findUniqueOrThrow({ where: { participantId: child.id }, select: { respondent: true, respondentUserId: true } })).toEqual({ respondent: "proxy", respondentUserId: child.proxy!.id });
    // The invitation goes to the proxy, in their language, with the child's page in its link (read while it waits: a
    // sent message keeps no props).
    const mail = () => getDatabase().mailMessage.findFirstOrThrow({ where: { sourceKey: `consent-survey:${child.id}` }, select: { toAddress: true, state: true, language: true, props: true } });
    expect(await mail()).toMatchObject({ toAddress: child.proxy!.email, language: "en" });
    expect(((await mail()).props as { url: string }).url).toMatch(new RegExp(`/consent/survey\\?participant=${child.id}$`));
    await runJobsUntilSettled();
    expect((await mail()).state).toBe("sent");

    const proxy = await cookieFor(child.proxy!, "en");
    const read = async (cookie: string, path: string) =>
      (await (await settle(() => surveyLoader({ request: pageGet(path, cookie), context: loadContext, params: {} }), { phase: "loader" })).json()) as { standing: string; respondent: string; query: string };
    expect(await read(proxy, `/consent/survey?participant=${child.id}`)).toMatchObject({ standing: "open", respondent: "proxy", query: `?participant=${child.id}` });
    // /consent shows the proxy a card pointing to it, on the child's page.
    const overview = (await (await settle(() => dashboardLoader({ request: pageGet(`/consent?participant=${child.id}`, proxy), context: loadContext, params: {} }), { phase: "loader" })).json()) as { overview: { consent: { surveyOpen: boolean } } };
    expect(overview.overview.consent.surveyOpen).toBe(true);
    // Another participant naming the child's id reads only their own (open) survey, and cannot answer the child's.
    const strangerCookie = await cookieFor({ id: stranger.user!.id, role: "participant" }, "ja");
    expect((await read(strangerCookie, `/consent/survey?participant=${child.id}`)).standing).toBe("none");
    expect((await settle(() => surveyAction({ request: formPost(`/consent/survey?participant=${child.id}`, good, strangerCookie), context: loadContext, params: {} }))).status).toBe(404);
    expect(await getDatabase().consentSurvey.findUniqueOrThrow({ where: { participantId: child.id }, select: { answeredAt: true } })).toEqual({ answeredAt: null });

    // The proxy answers, for themselves: recorded on the child's survey; then the card is gone.
    const answered = await settle(() => surveyAction({ request: formPost(`/consent/survey?participant=${child.id}`, good, proxy), context: loadContext, params: {} }));
    expect(answered.status).toBe(302);
    expect(answered.headers.get("location")).toBe(`/consent/survey?participant=${child.id}&thanks=1`);
    expect((await read(proxy, `/consent/survey?participant=${child.id}`)).standing).toBe("answered");
    const after = (await (await settle(() => dashboardLoader({ request: pageGet(`/consent?participant=${child.id}`, proxy), context: loadContext, params: {} }), { phase: "loader" })).json()) as { overview: { consent: { surveyOpen: boolean } } };
    expect(after.overview.consent.surveyOpen).toBe(false);

    // A second child's proxy whose authority ended before answering is asked nothing any more.
    const other = await consentedParticipant({ byProxy: true });
    await inviteConsentSurveys({ now: twoWeeks });
    await getDatabase().proxyAssignment.updateMany({ where: { participantId: other.id }, data: { endedAt: new Date(), endedReason: "test" } });
    expect((await read(await cookieFor(other.proxy!, "ja"), `/consent/survey?participant=${other.id}`)).standing).toBe("none");
  });
});
