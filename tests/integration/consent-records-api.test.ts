// Issue 32 item 3 (ADR 108): GET /api/v1/consent-records/<pseudonym> — a participant's consent records as ISO/IEC TS
// 27560 in DPV terms, one per consent change, for systems that keep their own copy of what was agreed. Real
// PostgreSQL and the real ledger; each record is checked against the schema written from the DPVCG guide.
import { readFileSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import type { AppLoadContext } from "@remix-run/node";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { APPLICATION_ROLE, getDatabase } from "../../app/db.server";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { listFhirConsents } from "../../app/domain/fhir/list-fhir-consents.server";
import { readConsentRecords, readFhirConsent, searchFhirConsents } from "../../app/domain/fhir/search-fhir-consents.server";
import { PrismaClient } from "../../app/generated/prisma/client";
import { loader } from "../../app/routes/api/api.v1.consent-records.$pseudonym";
import { createFacility } from "../factories/facility-factory";
import { createParticipant, type CreatedParticipant } from "../factories/participant-factory";
import { createUser } from "../factories/user-factory";
import { choiceSnapshot } from "../factories/choice-snapshot";
import { useTestDatabase } from "../support/database";
import { appendUnderForm, publishSeedForm, type PublishedForm } from "../support/published-form";
import { withdrawOnline } from "../support/withdraw-online";

const database = useTestDatabase();

const appUrl = "http://localhost:3000";
const context = { cspNonce: "", clientAddress: "192.0.2.45" } satisfies AppLoadContext;
const schema = JSON.parse(readFileSync(new URL("../../packages/consent-rules/dpv-27560/consent-record.schema.json", import.meta.url), "utf8")) as object;
const validate = new Ajv({ allErrors: true, formats: { "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, uri: /^[a-z][a-z0-9+.-]*:[^\s]+$/i } }).compile(schema);

let form: PublishedForm;
let readerToken: string;
let otherScopeToken: string;

beforeAll(async () => {
  form = await publishSeedForm();
  readerToken = (await issueApiToken({ name: "records reader", scopes: ["fhir:read"], createdById: null })).token;
  otherScopeToken = (await issueApiToken({ name: "findings sender", scopes: ["findings:submit"], createdById: null })).token;
});

const record = (participant: CreatedParticipant, event: Parameters<typeof appendUnderForm>[3]) => appendUnderForm(participant, form, choiceSnapshot({}), event);

async function read(pseudonym: string, authorization: string | null = `Bearer ${readerToken}`) {
  const request = new Request(`${appUrl}/api/v1/consent-records/${encodeURIComponent(pseudonym)}`, { headers: { "User-Agent": "vitest", ...(authorization ? { Authorization: authorization } : {}) } });
  const response = await loader({ request, context, params: { pseudonym } });
  return { response, body: (await response.json()) as { pseudonym?: string; records?: Record<string, unknown>[] } };
}

describe("GET /api/v1/consent-records/<pseudonym>", () => {
  it("gives a record per consent change, each valid ISO/IEC TS 27560 in DPV terms, pseudonymous, not cached, the read audited", async () => {
    const participant = await createParticipant();
    const granted = await record(participant, {
      type: "granted",
      signature: { printedName: participant.fullName, signedAt: new Date().toISOString(), statement: "同意します。", language: "ja" },
      choices: choiceSnapshot({ "share.industry": "no" }),
    });
    const changed = await record(participant, { type: "choices_changed", choices: choiceSnapshot({ "share.industry": "yes" }) });
    const withdrawn = await withdrawOnline(participant, { level: "no_further_use" });

    const { response, body } = await read(participant.pseudonym);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(body.pseudonym).toBe(participant.pseudonym);
    expect(body.records!.map((entry) => entry["dct:identifier"])).toEqual([granted.event.id, changed.event.id, withdrawn.id]);
    for (const entry of body.records!) expect(validate(entry) ? [] : validate.errors, String(entry["dct:identifier"])).toEqual([]);

    const [first, second, last] = body.records! as { "dpv:hasProcess": { "dct:identifier": string; "dpv:hasConsentStatus": { "@type": string } }[]; "dpv:hasNotice": Record<string, unknown> }[];
    const industry = (entry: typeof first) => entry!["dpv:hasProcess"].find((process) => process["dct:identifier"] === "share.industry")!["dpv:hasConsentStatus"]["@type"];
    expect([industry(first), industry(second), industry(last)]).toEqual(["dpv:ConsentRefused", "dpv:ConsentGiven", "dpv:ConsentWithdrawn"]);
    expect(first!["dpv:hasNotice"]).toMatchObject({ "@id": `${appUrl}/consent-forms/${form.id}`, "dct:language": "ja", "tsunagi:formVersionSha256": form.contentHash });

    // The FHIR Consent of the same consent links to the record of its latest change.
    const [fhir] = await listFhirConsents({ pseudonym: participant.pseudonym, appUrl });
    const link = fhir!.extension!.find((extension) => extension.url === "urn:tsunagi:fhir:extension:consent-record");
    expect(link?.valueUri).toBe(`${appUrl}/api/v1/consent-records/${participant.pseudonym}#${withdrawn.id}`);
    expect((body.records!.at(-1) as { "@id": string })["@id"]).toBe(link?.valueUri);

    // Pseudonymous only: no name, address, birth date or sample code.
    const text = JSON.stringify(body);
    for (const identifying of [participant.fullName, participant.email, participant.dateOfBirth, participant.id, ...participant.sampleCodes]) expect(text).not.toContain(identifying);

    const audit = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "api.request" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ outcome: "success", detail: expect.objectContaining({ resource: "ConsentRecord", rows: 3 }) });
  });

  it("answers a pseudonym that is unknown, malformed or has no consent yet with the same 404, and a missing or wrong token with 401 or 403", async () => {
    const enrolled = await createParticipant();
    for (const pseudonym of ["TGP-ZZZZ-ZZZZ", "x'<b>..", "ｔｇｐ", "TGP-\u202E1234", "T".repeat(65), enrolled.pseudonym]) {
      const { response } = await read(pseudonym);
      expect(response.status, pseudonym).toBe(404);
    }
    const participant = await createParticipant();
    await record(participant, { type: "granted" });
    expect((await read(participant.pseudonym, null)).response.status).toBe(401);
    expect((await read(participant.pseudonym, "Bearer not-a-token")).response.status).toBe(401);
    const wrongScope = await read(participant.pseudonym, `Bearer ${otherScopeToken}`);
    expect(wrongScope.response.status).toBe(403);
    expect(wrongScope.response.headers.get("WWW-Authenticate")).toMatch(/insufficient_scope/);
    expect(JSON.stringify(wrongScope.body)).not.toContain(participant.pseudonym.slice(4));
  });
});

describe("a coordinator asking for another facility's pseudonym", () => {
  /**
   * The app's own client, working as the app, with every statement it sends written down: what the database is asked,
   * not how long it takes (no timed assertion).
   */
  function recordingDatabase() {
    const statements: string[] = [];
    const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, options: `-c role=${APPLICATION_ROLE}` }), log: [{ emit: "event", level: "query" }] });
    db.$on("query", (event) => statements.push(event.query));
    return { db, statements };
  }

  it("is answered as an unknown one, by the same statements: what it may not see cannot be told apart by the time it takes (issue 54)", async () => {
    const [home, elsewhere] = [await createFacility(), await createFacility()];
    const coordinator = await createUser({ role: "coordinator", facilities: [home] });
    const session = { userId: coordinator.id, user: { roles: ["coordinator" as const] } };
    const foreign = await createParticipant({ facility: elsewhere });
    const granted = await record(foreign, { type: "granted" });
    const own = await createParticipant({ facility: home });
    await record(own, { type: "granted" });
    const request = { ipAddress: "192.0.2.45", userAgent: "vitest" };
    const { db, statements } = recordingDatabase();
    try {
      const asked = async (what: string, ask: (what: string) => Promise<{ status: number; body: object }>) => {
        statements.length = 0;
        const response = await ask(what);
        // In the order they were sent; the values differ, the statements must not. The body may echo what was asked.
        return { status: response.status, body: JSON.stringify(response.body).replaceAll(what, "<asked>"), statements: [...statements] };
      };
      const records = (pseudonym: string) => readConsentRecords({ pseudonym, authorization: null, session, url: `${appUrl}/api/v1/consent-records/${pseudonym}`, appUrl, request }, db);
      const search = (pseudonym: string) => searchFhirConsents({ authorization: null, session, url: `${appUrl}/fhir/Consent?patient=${pseudonym}`, appUrl, request: { ...request, now: new Date(0) } }, db);
      const read = (id: string) => readFhirConsent({ id, authorization: null, session, url: `${appUrl}/fhir/Consent/${id}`, appUrl, request }, db);

      const pairs = [
        ["consent records", await asked(foreign.pseudonym, records), await asked("TGP-ZZZZ-ZZZZ", records)],
        ["FHIR search", await asked(foreign.pseudonym, search), await asked("TGP-ZZZZ-ZZZZ", search)],
        ["FHIR read", await asked(granted.event.id, read), await asked("00000000-0000-4000-8000-000000000000", read)],
      ] as const;
      for (const [name, outside, unknown] of pairs) {
        expect(outside.statements.length, name).toBeGreaterThan(0);
        expect(outside.statements, name).toEqual(unknown.statements);
        expect([outside.status, outside.body], name).toEqual([unknown.status, unknown.body]);
      }
      expect(pairs.map(([, outside]) => outside.status)).toEqual([404, 200, 404]);

      // The coordinator's own participant is read (more statements: the records themselves), and the attempt on the
      // other facility's is in the audit log, on the request's own row.
      expect((await asked(own.pseudonym, records)).status).toBe(200);
      const audits = await getDatabase().auditEvent.findMany({ where: { type: "api.request", actorUserId: coordinator.id }, orderBy: { id: "asc" }, select: { detail: true } });
      expect(audits.map((row) => (row.detail as { reason?: string }).reason ?? "ok")).toEqual(["out_of_scope", "not_found", "out_of_scope", "ok", "out_of_scope", "not_found", "ok"]);
    } finally {
      await db.$disconnect();
    }
  });
});
