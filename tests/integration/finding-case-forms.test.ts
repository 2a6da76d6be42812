// Bad input to every form of /staff/findings/<id> (issue 13; ADR 034), through the route's action as the server
// calls it: empty, oversized, a value outside the offered choices, hostile Unicode, an impossible date — each answered
// with a translated message on its field and a 400, and nothing written to the case or the audit log.
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { translator } from "../../app/i18n/i18n";
import { action, loader } from "../../app/routes/staff/staff.findings.$id";
import { loader as queueLoader } from "../../app/routes/staff/staff.findings._index";
import { createFacility } from "../factories/facility-factory";
import { createParticipant } from "../factories/participant-factory";
import { createUser, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, settle } from "../support/route-requests";
import { createFinding, recordConsentStep } from "./finding-cases-support";

useTestDatabase();

let counsellor: CreatedUser;
let findingId: string;
let cookie: string;

beforeAll(async () => {
  const facility = await createFacility();
  counsellor = await createUser({ role: "counsellor", withTotp: true, facilities: [facility] });
  const coordinator = await createUser({ role: "coordinator", facilities: [facility] });
  const participant = await createParticipant({ withAccount: false, facility });
  await recordConsentStep(participant.id, coordinator.id, { kind: "grant", cancer: "undecided", other: "want", findingsUpdate: "yes" });
  findingId = await createFinding(participant.id, "hereditary_cancer");
  cookie = await cookieFor(counsellor, "en");
});

async function post(intent: string, fields: Record<string, string>) {
  const path = `/staff/findings/${findingId}?intent=${intent}`;
  const response = await settle(() => action({ request: formPost(path, fields, cookie), context: loadContext, params: { id: findingId } }));
  const text = await response.text();
  return { status: response.status, body: (response.headers.get("Content-Type")?.includes("json") ? JSON.parse(text) : {}) as { result?: { error?: Record<string, string[]>; initialValue?: Record<string, string> } } };
}

async function written() {
  const db = getDatabase();
  return { events: await db.findingCaseEvent.count(), audits: await db.auditEvent.count({ where: { type: { startsWith: "finding_case." } } }) };
}

const required = "Please fill this in.";
const notOffered = "This is not one of the choices offered. Please choose one of the options shown.";
const chooseOne = "Please choose one.";
const tooLong = /at most 500 can be saved/;
const appointment = { at: "2026-12-01T10:00", mode: "in_person", place: "Clinic 3", language: "en" };
const session = { date: "2026-12-01", attendees: "The participant", understood: "What the result means." };

describe("[counsellor] bad input to a case's forms", () => {
  it("claims the case first (a valid step), so the later forms reach their own checks", async () => {
    const response = await settle(() => action({ request: formPost(`/staff/findings/${findingId}?intent=claim`, {}, cookie), context: loadContext, params: { id: findingId } }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/staff/findings/${findingId}?done=claim`);
  });

  const cases: [string, string, Record<string, string>, string, RegExp | string][] = [
    ["schedule_appointment", "empty", {}, "at", required],
    ["schedule_appointment", "no place for a visit", { ...appointment, place: "" }, "place", required],
    ["schedule_appointment", "wrong enum", { ...appointment, mode: "carrier_pigeon" }, "mode", notOffered],
    ["schedule_appointment", "wrong language", { ...appointment, language: "tlh" }, "language", notOffered],
    ["schedule_appointment", "impossible date", { ...appointment, at: "2026-02-30T10:00" }, "at", /does not exist/],
    ["schedule_appointment", "hostile Unicode", { ...appointment, place: "Clinic \u202Egnp.exe" }, "place", /changes the direction/],
    ["schedule_appointment", "oversized", { ...appointment, place: "x".repeat(201) }, "place", /at most 200 can be saved/],
    ["record_counselling", "empty", {}, "attendees", required],
    ["record_counselling", "oversized", { ...session, understood: "長".repeat(501) }, "understood", tooLong],
    ["record_counselling", "hostile Unicode", { ...session, attendees: "Mr Smith\u2066" }, "attendees", /changes the direction/],
    ["record_disclosure", "empty", {}, "understood", required],
    ["record_relatives_wishes", "wrong enum", { wishes: "tell_everyone" }, "wishes", notOffered],
    // The reason's select starts on an empty choice (issue 29 item 6): none chosen is asked for.
    ["close", "empty", {}, "reason", chooseOne],
    ["close", "nothing chosen", { reason: "" }, "reason", chooseOne],
    ["close", "wrong enum", { reason: "bored" }, "reason", notOffered],
    ["open_sealed", "empty", {}, "reason", required],
    ["open_sealed", "whitespace only", { reason: "   " }, "reason", required],
    ["open_sealed", "oversized", { reason: "r".repeat(501) }, "reason", tooLong],
    ["open_sealed", "hostile Unicode", { reason: "ok\u202Edenied" }, "reason", /changes the direction/],
  ];
  for (const [intent, what, fields, field, message] of cases) {
    it(`${intent}: ${what} → a translated error on ${field}, nothing written`, async () => {
      const before = await written();
      const { status, body } = await post(intent, fields);
      expect(status).toBe(400);
      expect(body.result?.error?.[field]?.join(" ")).toMatch(message instanceof RegExp ? message : new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
      expect(await written()).toEqual(before);
    });
  }

  it("gives back what was typed, so the counsellor corrects one field instead of typing the form again", async () => {
    const { body } = await post("schedule_appointment", { ...appointment, mode: "carrier_pigeon" });
    expect(body.result?.initialValue).toMatchObject({ at: appointment.at, place: appointment.place, language: "en", mode: "carrier_pigeon" });
  });

  it("the queue's filters refuse a category or facility it does not offer, hostile text included, with a 400", async () => {
    const queue = (query: string) => settle(() => queueLoader({ request: pageGet(`/staff/findings?${query}`, cookie), context: loadContext, params: {} }));
    expect((await queue("category=hereditary_cancer")).status).toBe(200);
    for (const query of ["category=everything", "category=%E2%80%AEreal", "facility=not-a-uuid", `facility=${"f".repeat(5000)}`, "facility=%00"]) {
      expect((await queue(query)).status, query).toBe(400);
    }
  });

  it("an unknown step in the query is a 400 and writes nothing", async () => {
    const before = await written();
    expect((await post("delete_everything", {})).status).toBe(400);
    expect(await written()).toEqual(before);
  });

  it("a disclosure for an undecided participant is refused with its reason (409) and writes nothing", async () => {
    await post("schedule_appointment", appointment);
    await post("record_counselling", session);
    const before = await written();
    const { status, body } = await post("record_disclosure", session);
    expect(status).toBe(409);
    expect(body.result?.error?.[""]).toEqual([translator("en", "findings")("refusal.content_sealed")]);
    expect(await written()).toEqual(before);
  });

  it("the page shows the sealed notice, never the content, before an opening", async () => {
    const response = await settle(() => loader({ request: pageGet(`/staff/findings/${findingId}`, cookie), context: loadContext, params: { id: findingId } }));
    const view = (await response.json()) as { content: unknown; contentAccess: string };
    expect(view).toMatchObject({ content: null, contentAccess: "sealed" });
  });
});
