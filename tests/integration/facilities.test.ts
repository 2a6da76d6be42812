// Facilities (issue 10, ADR 015): a coordinator or counsellor reaches only the participants of their own
// facilities. Every staff route that names a participant answers another facility's participant exactly as one
// that does not exist (404, same body), writes nothing, and leaves one denial in the audit log.
import { randomUUID } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { choiceCatalogue, isChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import { currentFormVersion, PROGRAMME_FORM_KEY, type FormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { askQuestion } from "../../app/domain/consent/participants/questions/ask-question.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { requireParticipantInScope } from "../../app/domain/facilities/require-participant-in-scope.server";
import * as fhirRead from "../../app/routes/api/fhir.Consent.$id";
import * as fhirSearch from "../../app/routes/api/fhir.Consent";
import * as staffHome from "../../app/routes/staff/staff._index";
import * as record from "../../app/routes/staff/staff.participants.$id._index";
import * as handover from "../../app/routes/staff/staff.participants.$id.handover";
import * as paper from "../../app/routes/staff/staff.participants.$id.paper";
import * as paperScan from "../../app/routes/staff/staff.participants.$id.paper_.scan.$eventId";
import * as samples from "../../app/routes/staff/staff.participants.$id.samples";
import * as withdrawal from "../../app/routes/staff/staff.participants.$id.withdrawal";
import * as participantList from "../../app/routes/staff/staff.participants._index";
import * as enrol from "../../app/routes/staff/staff.participants.new";
import * as questions from "../../app/routes/staff/staff.questions";
import { createFacility, type CreatedFacility } from "../factories/facility-factory";
import { createParticipant, type CreatedParticipant } from "../factories/participant-factory";
import { createUser, requestFrom, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { appOrigin, cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";
// Every journey screen, on both surfaces, is one module that answers by address (ADR 104).
import * as journeyRoute from "../../app/routes-support/journey/journey-route";

useTestDatabase();
useTempDataDir();

type Args = { request: Request; context: AppLoadContext; params: Record<string, string> };
type Handler = (args: Args) => Promise<unknown>;
const run = (handler: Handler, request: Request, params: Record<string, string> = {}) => settle(() => handler({ request, context: loadContext, params }));

let version: FormVersion;
let facilityA: CreatedFacility;
let facilityB: CreatedFacility;
let coordinatorA: CreatedUser;
let coordinatorB: CreatedUser;
let cookieA: string;
let own: CreatedParticipant;
/** At facility B, with what every route can name: a paper consent and its scan, an assisted journey, a question, an invitation. */
let foreign: CreatedParticipant;
let foreignEventId: string;
let foreignJourneyId: string;
let foreignQuestionId: string;
let foreignEnrolled: { participantId: string; invitationId: string };

function paperForm(printedName: string): FormData {
  const form = new FormData();
  form.append("formVersionId", version.id);
  form.append("scan", new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34])], "scan.pdf", { type: "application/pdf" }));
  form.append("signedOn", "2026-11-01");
  form.append("printedName", printedName);
  form.append("signer", "participant");
  form.append("transcribed", "on");
  version.content.choiceIds.forEach((id, index) => form.append(`choices[${index}]`, isChoiceId(id) ? (choiceCatalogue[id].options[0] as string) : "yes"));
  return form;
}

function multipartPost(path: string, body: FormData, cookie: string): Request {
  return new Request(new URL(path, appOrigin), { method: "POST", body, headers: { Cookie: cookie, "User-Agent": "vitest" } });
}

beforeAll(async () => {
  await ensurePublishedFormVersion("1.0");
  version = await currentFormVersion(PROGRAMME_FORM_KEY);
  facilityA = await createFacility({ nameJa: "東病院", nameEn: "East Hospital" });
  facilityB = await createFacility({ nameJa: "西病院", nameEn: "West Hospital" });
  coordinatorA = await createUser({ role: "coordinator", withTotp: true, facilities: [facilityA] });
  coordinatorB = await createUser({ role: "coordinator", withTotp: true, facilities: [facilityB] });
  cookieA = await cookieFor(coordinatorA);
  const cookieB = await cookieFor(coordinatorB);
  own = await createParticipant({ fullName: "東 太郎", facility: facilityA });
  foreign = await createParticipant({ fullName: "西 花子", facility: facilityB });

  // Facility B's own coordinator gives the foreign participant everything a route can name, through the routes.
  // Starting assisted consent hands the tablet over (ADR 121): that session is the tablet's, the rest is done from another.
  const tabletB = await cookieFor(coordinatorB);
  const started = await run(journeyRoute.action, formPost(`/staff/participants/${foreign.id}/assisted`, { language: "ja", witnessName: "立会 一郎" }, tabletB), { id: foreign.id });
  expect(started.status).toBe(302);
  foreignJourneyId = (await getDatabase().consentJourney.findFirstOrThrow({ where: { participantId: foreign.id, method: "assisted" } })).id;
  const recorded = await run(paper.action, multipartPost(`/staff/participants/${foreign.id}/paper`, paperForm(foreign.fullName), cookieB), { id: foreign.id });
  expect(recorded.status).toBe(302);
  foreignEventId = (await getDatabase().consentEvent.findFirstOrThrow({ where: { participantId: foreign.id, method: "paper" } })).id;
  foreignQuestionId = (await askQuestion({ participantId: foreign.id, askedById: foreign.user!.id, body: "西病院での質問です", request: requestFrom() })).questionId;
  const enrolled = await run(
    enrol.action,
    formPost("/staff/participants/new", { fullName: "西 次郎", dateOfBirth: "1970-01-01", email: `west-${randomUUID().slice(0, 8)}@test.tsunagi.test`, preferredLanguage: "ja", programmeArea: "cancer", samples: ["tumour"] }, cookieB),
  );
  expect(enrolled.status).toBe(302);
  const participantId = /\/staff\/participants\/([0-9a-f-]{36})\//.exec(enrolled.headers.get("Location") ?? "")![1]!;
  const invitation = await getDatabase().invitation.findFirstOrThrow({ where: { participantId } });
  foreignEnrolled = { participantId, invitationId: invitation.id };
});

/** Everything a staff route could write; a refused request must leave all of it as it was. */
async function everythingWritable() {
  const db = getDatabase();
  const [participants, identities, events, documents, scans, invitations, journeys, questionsRows, audits, sampleRows] = await Promise.all([
    db.participant.findMany({ select: { id: true, facilityId: true }, orderBy: { id: "asc" } }),
    db.participantIdentity.count(),
    db.consentEvent.count(),
    db.consentDocument.count(),
    db.paperConsentScan.count(),
    db.invitation.findMany({ select: { id: true, revokedAt: true, otpHash: true }, orderBy: { id: "asc" } }),
    db.consentJourney.findMany({ select: { id: true, status: true, sectionsRead: true, comprehension: true, choices: true, language: true, updatedAt: true }, orderBy: { id: "asc" } }),
    db.participantQuestion.findMany({ select: { id: true, answer: true, answeredAt: true }, orderBy: { id: "asc" } }),
    db.auditEvent.findMany({ where: { type: { not: "authz.participant_out_of_scope" } }, select: { id: true }, orderBy: { id: "asc" } }),
    db.sample.count(),
  ]);
  return { participants, identities, events, documents, scans, invitations, journeys, questions: questionsRows, audits: audits.length, samples: sampleRows };
}

function denials(actorUserId: string) {
  return getDatabase().auditEvent.findMany({ where: { type: "authz.participant_out_of_scope", actorUserId }, orderBy: { id: "asc" } });
}

interface RouteCall {
  name: string;
  call: (participantId: string, cookie: string) => Promise<Response>;
}

/** Every staff route under /staff/participants/$id, GET and POST, with a well-formed request for the participant. */
function participantRoutes(): RouteCall[] {
  const get = (handler: Handler, suffix: string, params: Record<string, string> = {}) => (id: string, cookie: string) =>
    run(handler, pageGet(`/staff/participants/${id}${suffix}`, cookie), { id, ...params });
  const post = (handler: Handler, suffix: string, fields: Record<string, string>, params: Record<string, string> = {}) => (id: string, cookie: string) =>
    run(handler, formPost(`/staff/participants/${id}${suffix}`, fields, cookie), { id, ...params });
  const journey = { journeyId: foreignJourneyId };
  return [
    { name: "GET record", call: get(record.loader, "") },
    { name: "POST record (reissue invitation)", call: (id, cookie) => run(record.action, formPost(`/staff/participants/${id}`, { intent: "reissue", invitationId: foreignEnrolled.invitationId }, cookie), { id }) },
    { name: "GET handover", call: get(handover.loader, "/handover") },
    { name: "GET assisted start", call: get(journeyRoute.loader, "/assisted") },
    { name: "POST assisted start", call: post(journeyRoute.action, "/assisted", { language: "ja", witnessName: "立会 一郎" }) },
    { name: "GET assisted section", call: get(journeyRoute.loader, "/assisted/section/1", { n: "1" }) },
    { name: "POST assisted section", call: post(journeyRoute.action, "/assisted/section/1", journey, { n: "1" }) },
    { name: "GET assisted check", call: get(journeyRoute.loader, "/assisted/check/1", { n: "1" }) },
    { name: "POST assisted check", call: post(journeyRoute.action, "/assisted/check/1", { ...journey, answer: "a" }, { n: "1" }) },
    { name: "GET assisted choice", call: get(journeyRoute.loader, "/assisted/choice/1", { n: "1" }) },
    { name: "POST assisted choice", call: post(journeyRoute.action, "/assisted/choice/1", { ...journey, value: "yes" }, { n: "1" }) },
    { name: "GET assisted review", call: get(journeyRoute.loader, "/assisted/review") },
    { name: "GET assisted sign", call: get(journeyRoute.loader, "/assisted/sign") },
    { name: "POST assisted sign", call: post(journeyRoute.action, "/assisted/sign", { ...journey, printedName: "西 花子", signer: "participant" }) },
    { name: "GET assisted stop", call: get(journeyRoute.loader, "/assisted/stop") },
    { name: "GET assisted done", call: get(journeyRoute.loader, `/assisted/done/${foreignJourneyId}`, journey) },
    { name: "GET assisted assent", call: get(journeyRoute.loader, `/assisted/assent/${foreignJourneyId}`, journey) },
    { name: "POST assisted assent", call: post(journeyRoute.action, `/assisted/assent/${foreignJourneyId}`, { childPrintedName: "西 花子" }, journey) },
    { name: "GET paper", call: get(paper.loader, "/paper") },
    { name: "POST paper (multipart, a valid scan)", call: (id, cookie) => run(paper.action, multipartPost(`/staff/participants/${id}/paper`, paperForm("西 花子"), cookie), { id }) },
    { name: "GET paper scan", call: get(paperScan.loader, `/paper/scan/${foreignEventId}`, { eventId: foreignEventId }) },
    { name: "GET samples", call: get(samples.loader, "/samples") },
    { name: "POST samples (register one)", call: post(samples.action, "/samples", { kind: "blood" }) },
    { name: "GET withdrawal", call: get(withdrawal.loader, "/withdrawal") },
    { name: "POST withdrawal (review)", call: post(withdrawal.action, "/withdrawal", { intent: "review", channel: "phone", level: "no_further_use", note: "電話で受付" }) },
    { name: "POST withdrawal (confirm)", call: post(withdrawal.action, "/withdrawal", { intent: "confirm", channel: "phone", level: "destroy", note: "電話で受付" }) },
  ];
}

describe("every staff route that names a participant", () => {
  it("answers another facility's participant with the same 404 as an id that does not exist, writes nothing, and audits one denial each", async () => {
    const unknownId = randomUUID();
    for (const route of participantRoutes()) {
      const before = await everythingWritable();
      const deniedBefore = (await denials(coordinatorA.id)).length;
      const answer = await route.call(foreign.id, cookieA);
      const body = await answer.text();
      expect(answer.status, route.name).toBe(404);
      const nobody = await route.call(unknownId, cookieA);
      expect([nobody.status, await nobody.text()], `${route.name}: the same answer as for an unknown id`).toEqual([404, body]);
      expect(await everythingWritable(), `${route.name} wrote something`).toEqual(before);
      const denied = await denials(coordinatorA.id);
      expect(denied.length - deniedBefore, `${route.name}: one denial`).toBe(1);
      expect(denied.at(-1)!.detail).toMatchObject({ participantId: foreign.id, facilityId: facilityB.id, memberOf: 1 });
      expect(denied.at(-1)!).toMatchObject({ outcome: "denied", subjectUserId: foreign.user!.id });
    }
  }, 120_000);

  it("still serves the coordinator's own participants (the 404s above are the facility rule, not a broken request)", async () => {
    const routes = participantRoutes();
    for (const name of ["GET record", "GET handover", "GET assisted start", "GET paper", "GET samples", "GET withdrawal"]) {
      const route = routes.find((candidate) => candidate.name === name)!;
      expect((await route.call(own.id, cookieA)).status, name).toBe(200);
    }
    // No consent yet: a translated refusal from the withdrawal itself, not the facility's 404.
    const review = await routes.find((candidate) => candidate.name === "POST withdrawal (review)")!.call(own.id, cookieA);
    expect(review.status).toBe(400);
    expect((await denials(coordinatorA.id)).filter((row) => (row.detail as { participantId: string }).participantId === own.id)).toEqual([]);
  });

  it("is open to coordinator B for facility B's participant, and closed to a colleague at the next request once their membership of B ends", async () => {
    const cookieB = await cookieFor(coordinatorB);
    expect((await run(record.loader, pageGet(`/staff/participants/${foreign.id}`, cookieB), { id: foreign.id })).status).toBe(200);

    const colleague = await createUser({ role: "coordinator", facilities: [facilityA, facilityB] });
    const cookie = await cookieFor(colleague);
    expect((await run(record.loader, pageGet(`/staff/participants/${foreign.id}`, cookie), { id: foreign.id })).status).toBe(200);
    await getDatabase().facilityMembership.deleteMany({ where: { userId: colleague.id, facilityId: facilityB.id } });
    expect((await run(record.loader, pageGet(`/staff/participants/${foreign.id}`, cookie), { id: foreign.id })).status).toBe(404);
    expect((await run(record.loader, pageGet(`/staff/participants/${own.id}`, cookie), { id: own.id })).status).toBe(200);
  });
});

describe("lists and searches", () => {
  it("the participant list and every search show only the coordinator's facilities, and say which they are", async () => {
    const list = async (query: string) => {
      const response = await run(participantList.loader, pageGet(`/staff/participants${query ? `?q=${encodeURIComponent(query)}` : ""}`, cookieA));
      return (await response.json()) as { participants: { id: string; facility: { code: string } }[]; noFacility: boolean; memberOf: { code: string }[] };
    };
    const all = await list("");
    expect(all.participants.map((row) => row.id)).toContain(own.id);
    expect(all.participants.map((row) => row.id)).not.toContain(foreign.id);
    expect(all.participants.every((row) => row.facility.code === facilityA.code)).toBe(true);
    expect([all.noFacility, all.memberOf.map((facility) => facility.code)]).toEqual([false, [facilityA.code]]);
    for (const query of [foreign.fullName, foreign.pseudonym, "西"]) expect((await list(query)).participants, query).toEqual([]);
    expect((await list(own.pseudonym)).participants.map((row) => row.id)).toEqual([own.id]);
  });

  it("the question queue holds only the facility's questions; answering another facility's is refused like a question that does not exist", async () => {
    const mine = await askQuestion({ participantId: own.id, askedById: own.user!.id, body: "東病院での質問です", request: requestFrom() });
    const queue = (await (await run(questions.loader, pageGet("/staff/questions", cookieA))).json()) as { open: { id: string }[]; answered: { id: string }[] };
    const shown = [...queue.open, ...queue.answered].map((question) => question.id);
    expect(shown).toContain(mine.questionId);
    expect(shown).not.toContain(foreignQuestionId);

    const before = await everythingWritable();
    const unknownId = randomUUID();
    const refused = await run(questions.action, formPost("/staff/questions", { questionId: foreignQuestionId, answer: "お答えします" }, cookieA));
    const unknown = await run(questions.action, formPost("/staff/questions", { questionId: unknownId, answer: "お答えします" }, cookieA));
    // The same answer but for the id each form sent, which the page echoes (beside the form's typed values).
    const strip = (text: string, id: string) => JSON.parse(text.replaceAll(id, "<question>")) as unknown;
    expect(refused.status).toBe(400);
    expect(strip(await refused.text(), foreignQuestionId)).toEqual(strip(await unknown.text(), unknownId));
    expect(await everythingWritable()).toEqual(before);
    expect((await denials(coordinatorA.id)).at(-1)!.detail).toMatchObject({ participantId: foreign.id, path: "/staff/questions" });

    const answered = await run(questions.action, formPost("/staff/questions", { questionId: mine.questionId, answer: "お答えします" }, cookieA));
    expect(answered.status).toBe(302);
  });
});

describe("enrolment", () => {
  const person = () => ({ fullName: "南 三郎", dateOfBirth: "1980-02-02", email: `south-${randomUUID().slice(0, 8)}@test.tsunagi.test`, preferredLanguage: "ja", programmeArea: "cancer", samples: ["blood"] });

  it("offers only the coordinator's facilities and enrols there; another facility's id is refused with a translated error and nothing written", async () => {
    const page = (await (await run(enrol.loader, pageGet("/staff/participants/new", cookieA))).json()) as { facilities: { id: string }[] };
    expect(page.facilities.map((facility) => facility.id)).toEqual([facilityA.id]);

    const before = await everythingWritable();
    const refused = await run(enrol.action, formPost("/staff/participants/new", { ...person(), facilityId: facilityB.id }, cookieA));
    expect(refused.status).toBe(400);
    expect(replyErrors(await refused.json())).toEqual(["その施設はご自身の所属施設ではありません。所属施設から選んでください。何も保存されていません。"]);
    expect(await everythingWritable()).toEqual(before);

    const enrolled = await run(enrol.action, formPost("/staff/participants/new", person(), cookieA));
    expect(enrolled.status).toBe(302);
    const participantId = /\/staff\/participants\/([0-9a-f-]{36})\//.exec(enrolled.headers.get("Location") ?? "")![1]!;
    expect((await getDatabase().participant.findUniqueOrThrow({ where: { id: participantId } })).facilityId).toBe(facilityA.id);
    const audit = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "participant.enrolled", actorUserId: coordinatorA.id }, orderBy: { id: "desc" } });
    expect(audit.detail).toMatchObject({ participantId, facilityId: facilityA.id });
  });

  it("a member of two facilities must choose one; a member of none is told why and cannot enrol", async () => {
    const both = await createUser({ role: "coordinator", facilities: [facilityA, facilityB] });
    const cookie = await cookieFor(both, "en");
    const unchosen = await run(enrol.action, formPost("/staff/participants/new", person(), cookie));
    expect(unchosen.status).toBe(400);
    expect((await unchosen.json()) as object).toMatchObject({ result: { error: { facilityId: ["Choose the facility the patient is enrolled at."] } } });
    const chosen = await run(enrol.action, formPost("/staff/participants/new", { ...person(), facilityId: facilityB.id }, cookie));
    expect(chosen.status).toBe(302);

    const nowhere = await createUser({ role: "coordinator", facilities: [] });
    const nowhereCookie = await cookieFor(nowhere, "en");
    const page = (await (await run(enrol.loader, pageGet("/staff/participants/new", nowhereCookie))).json()) as { facilities: unknown[] };
    expect(page.facilities).toEqual([]);
    const before = await everythingWritable();
    const refused = await run(enrol.action, formPost("/staff/participants/new", person(), nowhereCookie));
    expect(refused.status).toBe(400);
    expect(replyErrors(await refused.json()).join(" ")).toContain("You do not belong to any facility yet");
    expect(await everythingWritable()).toEqual(before);
  });
});

describe("a coordinator who belongs to no facility", () => {
  it("sees no participants and no questions, is told why, and reaches no record", async () => {
    const nowhere = await createUser({ role: "coordinator", facilities: [] });
    const cookie = await cookieFor(nowhere);
    const list = (await (await run(participantList.loader, pageGet("/staff/participants", cookie))).json()) as { participants: unknown[]; noFacility: boolean };
    expect([list.participants, list.noFacility]).toEqual([[], true]);
    const queue = (await (await run(questions.loader, pageGet("/staff/questions", cookie))).json()) as { open: unknown[]; answered: unknown[]; noFacility: boolean };
    expect([queue.open, queue.answered, queue.noFacility]).toEqual([[], [], true]);
    const home = (await (await run(staffHome.loader, pageGet("/staff", cookie))).json()) as { noFacility: boolean };
    expect(home.noFacility).toBe(true);
    expect((await run(record.loader, pageGet(`/staff/participants/${own.id}`, cookie), { id: own.id })).status).toBe(404);
    expect((await denials(nowhere.id)).map((row) => row.detail)).toEqual([expect.objectContaining({ participantId: own.id, memberOf: 0 })]);
  });
});

describe("FHIR reads by staff sessions", () => {
  const fhirGet = (path: string, cookie: string) => new Request(new URL(path, appOrigin), { headers: { Cookie: cookie, "User-Agent": "vitest", Accept: "application/fhir+json" } });
  const search = async (pseudonym: string, cookie: string) => {
    const response = await run(fhirSearch.loader, fhirGet(`/fhir/Consent?patient=${encodeURIComponent(pseudonym)}`, cookie));
    return { status: response.status, body: (await response.json()) as { total?: number; entry?: unknown[]; link?: unknown; timestamp?: string; id?: string } };
  };
  const comparable = (body: { total?: number; entry?: unknown[] }) => ({ total: body.total, entries: body.entry?.length ?? 0 });

  it("a counsellor at facility A finds facility B's participant exactly as an unknown pseudonym, and reads none of its records; an admin reads them", async () => {
    const counsellor = await createUser({ role: "counsellor", facilities: [facilityA] });
    const cookie = await cookieFor(counsellor);
    const hidden = await search(foreign.pseudonym, cookie);
    const unknown = await search("TGP-0000-0000", cookie);
    expect(hidden.status).toBe(200);
    expect(comparable(hidden.body)).toEqual(comparable(unknown.body));
    expect(comparable(hidden.body)).toEqual({ total: 0, entries: 0 });
    const read = await run(fhirRead.loader, fhirGet(`/fhir/Consent/${foreignEventId}`, cookie), { id: foreignEventId });
    const readUnknown = await run(fhirRead.loader, fhirGet(`/fhir/Consent/${randomUUID()}`, cookie), { id: randomUUID() });
    expect([read.status, await read.text()]).toEqual([404, await readUnknown.text()]);
    // Each attempt is on its request's own audit row (the same statements as an unknown subject's; ADR 116).
    const requests = await getDatabase().auditEvent.findMany({ where: { type: "api.request", actorUserId: counsellor.id }, orderBy: { id: "asc" } });
    expect(requests.map((row) => [row.outcome, (row.detail as { reason?: string }).reason ?? null])).toEqual([
      ["success", "out_of_scope"],
      ["success", null],
      ["denied", "out_of_scope"],
      ["denied", "not_found"],
    ]);

    const colleague = await createUser({ role: "counsellor", facilities: [facilityB] });
    expect(comparable((await search(foreign.pseudonym, await cookieFor(colleague))).body).total).toBe(1);
    const admin = await createUser({ role: "admin" });
    const adminCookie = await cookieFor(admin);
    expect(comparable((await search(foreign.pseudonym, adminCookie)).body).total).toBe(1);
    expect((await run(fhirRead.loader, fhirGet(`/fhir/Consent/${foreignEventId}`, adminCookie), { id: foreignEventId })).status).toBe(200);
    expect(await denials(admin.id)).toEqual([]);
  });
});

describe("the scope of programme-wide roles", () => {
  it("ELSI staff and admins reach a participant of any facility without belonging to it; other staff roles reach none", async () => {
    const context = { ...requestFrom(), path: "/test" };
    for (const role of ["elsi_staff", "admin"] as const) {
      const user = await createUser({ role });
      await expect(requireParticipantInScope({ staffUserId: user.id, participantId: foreign.id, path: context.path, request: context })).resolves.toMatchObject({ facilityId: facilityB.id });
    }
    for (const role of ["dac_secretariat", "dac_chair", "participant"] as const) {
      const user = await createUser({ role });
      await expect(requireParticipantInScope({ staffUserId: user.id, participantId: foreign.id, path: context.path, request: context })).rejects.toMatchObject({ code: "not_found" });
    }
  });
});
