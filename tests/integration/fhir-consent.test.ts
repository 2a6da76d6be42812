import { createHash, randomUUID } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { setSessionCookie } from "../../app/auth/session-cookie.server";
import { getDatabase } from "../../app/db.server";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { revokeApiToken } from "../../app/domain/api-tokens/revoke-api-token.server";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { FhirBundle, FhirConsent, OperationOutcome } from "../../app/domain/fhir/fhir-types";
import { createSession } from "../../app/domain/session/create-session.server";
import { loader as readLoader } from "../../app/routes/api/fhir.Consent.$id";
import { loader as historyLoader } from "../../app/routes/api/fhir.Consent.$id_.[_history]";
import { loader as versionLoader } from "../../app/routes/api/fhir.Consent.$id_.[_history].$versionId";
import { withdrawOnline } from "../support/withdraw-online";
import { loader as searchLoader } from "../../app/routes/api/fhir.Consent";
import { createParticipant, type CreatedParticipant } from "../factories/participant-factory";
import { createUser, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { appendUnderForm, publishSeedForm, type PublishedForm } from "../support/published-form";
import type { NewConsentEvent } from "../../app/domain/consent/ledger/append-consent-event.server";
import { compileFhirSchema, fhirValidationErrors } from "../support/fhir-schema";
import { choiceSnapshot } from "../factories/choice-snapshot";

useTestDatabase();

const appUrl = "http://localhost:3000";
const context = { cspNonce: "", clientAddress: "192.0.2.44" } satisfies AppLoadContext;

const choices: ChoiceSnapshot = choiceSnapshot({ "findings.secondary.other_actionable": "not_want", "recontact.frequency": "yearly" });

let form: PublishedForm;
let readerToken: string;

beforeAll(async () => {
  compileFhirSchema();
  form = await publishSeedForm();
  readerToken = (await issueApiToken({ name: "FHIR reader", scopes: ["fhir:read"], createdById: null })).token;
}, 120_000);

const record = (participant: CreatedParticipant, event: Parameters<typeof appendUnderForm>[3]) => appendUnderForm(participant, form, choices, event);

/** A signed grant with its PDF copy, as the journey stores them. */
async function grant(participant: CreatedParticipant, type: NewConsentEvent["type"] = "granted", signer = participant.fullName) {
  const { event } = await record(participant, {
    type,
    actorRole: type === "proxy_granted" ? "proxy" : "participant",
    signature: { printedName: signer, signedAt: new Date().toISOString(), statement: "同意します。", language: "ja" },
    detail: { formVersion: "1.0", permittedPurposes: ["DUO:0000006", "DUO:0000007"] },
  });
  const pdf = Buffer.from(`%PDF-1.7\n% consent copy for ${event.id}\n%%EOF\n`);
  await getDatabase().consentDocument.create({ data: { eventId: event.id, language: "ja", pdf, sha256: createHash("sha256").update(pdf).digest("hex") } });
  return { event, pdf };
}

/** Either answer the endpoint gives: a searchset Bundle or an OperationOutcome. */
type FhirBody = Omit<FhirBundle<FhirConsent>, "resourceType"> & Omit<OperationOutcome, "resourceType"> & { resourceType: string };

function fhirRequest(path: string, headers: Record<string, string> = {}) {
  return new Request(`${appUrl}${path}`, { headers: { "User-Agent": "vitest", Accept: "application/fhir+json", ...headers } });
}

async function search(patient: string | null, headers: Record<string, string> = { Authorization: `Bearer ${readerToken}` }) {
  const query = patient === null ? "" : `?patient=${encodeURIComponent(patient)}`;
  const response = await searchLoader({ request: fhirRequest(`/fhir/Consent${query}`, headers), context, params: {} });
  return { response, body: (await response.json()) as FhirBody };
}

async function sessionCookieFor(user: CreatedUser, secondFactorVerified = true) {
  const { token } = await createSession(getDatabase(), { userId: user.id, role: user.role, secondFactorVerified });
  return (await setSessionCookie(token, new Date(Date.now() + 3600_000))).split(";")[0]!;
}

function expectValidBundle(bundle: unknown) {
  expect(fhirValidationErrors(bundle)).toEqual([]);
  for (const entry of (bundle as FhirBundle<FhirConsent>).entry ?? []) expect(fhirValidationErrors(entry.resource), entry.fullUrl).toEqual([]);
}

function provision(consent: FhirConsent, choiceId: string) {
  return consent.provision.provision?.find((item) => item.code?.[0]?.coding[0]?.code === choiceId);
}

async function lastApiRequestAudit() {
  return getDatabase().auditEvent.findFirstOrThrow({ where: { type: "api.request" }, orderBy: { id: "desc" } });
}

describe("GET /fhir/Consent with an API token", () => {
  it("returns a valid searchset with the participant's consent, its choices as provisions with DUO purposes, and audits the read", async () => {
    const participant = await createParticipant();
    const { event, pdf } = await grant(participant);

    const { response, body } = await search(participant.pseudonym);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/fhir\+json/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expectValidBundle(body);
    expect(body).toMatchObject({ resourceType: "Bundle", type: "searchset", total: 1 });
    expect(body.link).toEqual([{ relation: "self", url: `${appUrl}/fhir/Consent?patient=${participant.pseudonym}` }]);
    const [entry] = body.entry!;
    expect(entry?.fullUrl).toBe(`${appUrl}/fhir/Consent/${event.id}`);
    const consent = entry!.resource;
    expect(consent).toMatchObject({
      status: "active",
      patient: { identifier: { system: "urn:tsunagi:participant", value: participant.pseudonym } },
      dateTime: event.occurredAt,
      policy: [{ uri: "urn:tsunagi:icf:wgs-cancer:1.0", extension: [{ valueString: form.contentHash }] }],
      sourceAttachment: {
        contentType: "application/pdf",
        url: `${appUrl}/consent/documents/${event.id}.pdf`,
        hash: createHash("sha1").update(pdf).digest("base64"),
        size: pdf.byteLength,
        extension: [{ url: "urn:tsunagi:fhir:extension:document-sha256", valueString: createHash("sha256").update(pdf).digest("hex") }],
      },
    });
    expect(provision(consent, "share.industry")).toMatchObject({ type: "permit", purpose: [{ system: "http://purl.obolibrary.org/obo/duo", code: "DUO:0000006", display: "health or medical or biomedical research" }] });
    expect(provision(consent, "share.international")?.type).toBe("deny");
    expect(provision(consent, "findings.secondary.other_actionable")?.type).toBe("deny");

    // Pseudonymous only: no name, email, birth date or sample code leaves through FHIR.
    const text = JSON.stringify(body);
    for (const identifying of [participant.fullName, participant.email, participant.dateOfBirth, ...participant.sampleCodes]) expect(text).not.toContain(identifying);

    const audit = await lastApiRequestAudit();
    expect(audit).toMatchObject({ outcome: "success", ipAddress: "192.0.2.44", detail: { resource: "Consent", rows: 1 } });
    expect((audit.detail as { tokenId?: string }).tokenId).toBe(readerToken.slice(4, 20));
  });

  it("shows a changed choice on the current consent", async () => {
    const participant = await createParticipant();
    await grant(participant);
    await record(participant, { type: "choices_changed", choices: { ...choices, "share.industry": "no" } });
    const { body } = await search(participant.pseudonym);
    expectValidBundle(body);
    expect(provision(body.entry![0]!.resource, "share.industry")).toMatchObject({ type: "deny", extension: [{ valueCode: "no" }] });
  });

  it("shows a withdrawal from further use as an inactive consent that denies everything", async () => {
    const participant = await createParticipant();
    await grant(participant);
    const { event: withdrawal } = await record(participant, { type: "withdrawn", withdrawalLevel: "no_further_use" });
    const { body } = await search(participant.pseudonym);
    expectValidBundle(body);
    const consent = body.entry![0]!.resource;
    expect(consent.status).toBe("inactive");
    expect(consent.provision).toMatchObject({ type: "deny", period: { start: withdrawal.occurredAt } });
    expect(consent.provision.provision?.every((item) => item.type === "deny")).toBe(true);
  });

  it("expresses the 2024 law's notice and stop and a recorded death with its disposition, each a new version of the resource (ADR 140, 143)", async () => {
    const participant = await createParticipant();
    await grant(participant);
    await record(participant, { type: "notice_given", choices: {}, detail: { noticeVersion: "2024-04.1", channel: "online" } });
    await record(participant, { type: "provision_stopped", choices: {}, detail: { recipient: "certified_producer" } });
    const { event: death } = await record(participant, { type: "death_recorded", choices: {}, detail: { occurredOn: "2026-11-20", source: "family_report" } });
    const { body } = await search(participant.pseudonym);
    expectValidBundle(body);
    const consent = body.entry![0]!.resource;
    expect(consent.meta).toMatchObject({ versionId: String(death.participantSeq), lastUpdated: death.occurredAt });
    // Without a disposition on record, new use stops and what exists is kept: the record is inactive from the death on.
    expect(consent.status).toBe("inactive");
    expect(consent.provision).toMatchObject({ type: "deny", period: { start: death.occurredAt } });
    const extension = (url: string) => consent.extension?.find((candidate) => candidate.url === url)?.extension;
    expect(extension("urn:tsunagi:fhir:extension:provision-under-law")).toEqual([
      { url: "noticeVersion", valueString: "2024-04.1" },
      { url: "stopped", valueBoolean: true },
    ]);
    expect(extension("urn:tsunagi:fhir:extension:life-event")).toEqual([
      { url: "kind", valueCode: "death" },
      { url: "date", valueDate: "2026-11-20" },
      { url: "disposition", valueCode: "stop_new_use" },
      { url: "dispositionChosen", valueBoolean: false },
      { url: "store", valueCode: "keep" },
    ]);
  });

  it("names a proxy's consent as given by a legal representative, without the proxy's name", async () => {
    const child = await createParticipant({ withAccount: false, withProxy: true, fullName: "山田 さくら", dateOfBirth: "2015-06-01" });
    await grant(child, "proxy_granted", child.proxy!.fullName);
    const { body } = await search(child.pseudonym);
    expectValidBundle(body);
    expect(body.entry![0]!.resource.performer).toEqual([{ type: "RelatedPerson", display: "Legal representative (proxy)" }]);
    expect(JSON.stringify(body)).not.toContain(child.proxy!.fullName);
    expect(JSON.stringify(body)).not.toContain(child.proxy!.email);
  });

  it("lists every signed consent, newest first, earlier ones inactive", async () => {
    const participant = await createParticipant();
    const first = await grant(participant);
    const second = await grant(participant, "reconsented");
    const { body } = await search(participant.pseudonym);
    expectValidBundle(body);
    expect(body.total).toBe(2);
    expect(body.entry!.map((entry) => [entry.resource.id, entry.resource.status])).toEqual([
      [second.event.id, "active"],
      [first.event.id, "inactive"],
    ]);
    expect(body.entry![1]!.resource.provision.period).toEqual({ start: first.event.occurredAt, end: second.event.occurredAt });
  });

  it("answers an unknown pseudonym with an empty searchset, and a missing or malformed one with 400", async () => {
    const unknown = await search("TGP-ZZZZ-ZZZZ");
    expect(unknown.response.status).toBe(200);
    expectValidBundle(unknown.body);
    expect(unknown.body).toMatchObject({ type: "searchset", total: 0 });
    expect(unknown.body.entry).toBeUndefined();

    for (const patient of [null, "", "<script>alert(1)</script>", "x".repeat(65)]) {
      const { response, body } = await search(patient);
      expect(response.status, String(patient)).toBe(400);
      expect(fhirValidationErrors(body)).toEqual([]);
      expect(body.issue[0]).toMatchObject({ severity: "error", code: patient ? "value" : "required" });
    }
    expect(await lastApiRequestAudit()).toMatchObject({ outcome: "denied", detail: { resource: "Consent", reason: "invalid_patient" } });
  });

  it("reads one consent by id, and says 404 for an id that is not one", async () => {
    const participant = await createParticipant();
    const { event } = await grant(participant);
    const headers = { Authorization: `Bearer ${readerToken}` };
    const found = await readLoader({ request: fhirRequest(`/fhir/Consent/${event.id}`, headers), context, params: { id: event.id } });
    expect(found.status).toBe(200);
    const consent = (await found.json()) as FhirConsent;
    expect(fhirValidationErrors(consent)).toEqual([]);
    expect(consent.id).toBe(event.id);

    for (const id of [randomUUID(), "not-a-uuid"]) {
      const missing = await readLoader({ request: fhirRequest(`/fhir/Consent/${id}`, headers), context, params: { id } });
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as OperationOutcome).issue[0]?.code).toBe("not-found");
    }
  });
});

describe("GET /fhir/Consent refuses", () => {
  it.each([
    ["no credentials", {}, 401, "missing", 'Bearer realm="tsunagi-fhir"'],
    ["a token without the Bearer scheme", { Authorization: "Token abc" }, 401, "malformed", 'Bearer realm="tsunagi-fhir", error="invalid_token"'],
    ["a malformed token", { Authorization: "Bearer tsg_short.secret" }, 401, "malformed", 'Bearer realm="tsunagi-fhir", error="invalid_token"'],
    ["an unknown token", { Authorization: `Bearer tsg_${"a".repeat(16)}.${"b".repeat(32)}` }, 401, "unknown", 'Bearer realm="tsunagi-fhir", error="invalid_token"'],
  ])("%s with 401 and an OperationOutcome that tells nothing about the participant", async (_label, headers, status, reason, challenge) => {
    const participant = await createParticipant();
    await grant(participant);
    const { response, body } = await search(participant.pseudonym, headers);
    expect(response.status).toBe(status);
    expect(response.headers.get("WWW-Authenticate")).toBe(challenge);
    expect(fhirValidationErrors(body)).toEqual([]);
    expect(body).toMatchObject({ resourceType: "OperationOutcome", issue: [{ severity: "error", code: "login" }] });
    expect(JSON.stringify(body)).not.toContain(participant.pseudonym);
    expect(await lastApiRequestAudit()).toMatchObject({ outcome: "denied", detail: { resource: "Consent", reason } });
  });

  it("a revoked token with 401, and a token without fhir:read with 403", async () => {
    const participant = await createParticipant();
    await grant(participant);
    const revoked = await issueApiToken({ name: "old reader", scopes: ["fhir:read"], createdById: null });
    await revokeApiToken({ tokenId: revoked.id, context: {} });
    const refused = await search(participant.pseudonym, { Authorization: `Bearer ${revoked.token}` });
    expect(refused.response.status).toBe(401);
    expect(refused.body.issue[0]?.code).toBe("login");
    expect(await lastApiRequestAudit()).toMatchObject({ outcome: "denied", detail: { reason: "revoked", tokenId: revoked.id } });

    const gate = await issueApiToken({ name: "gate only", scopes: ["gate:sequence"], createdById: null });
    const forbidden = await search(participant.pseudonym, { Authorization: `Bearer ${gate.token}` });
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.response.headers.get("WWW-Authenticate")).toContain('error="insufficient_scope"');
    expect(forbidden.body).toMatchObject({ resourceType: "OperationOutcome", issue: [{ code: "forbidden" }] });
    expect(JSON.stringify(forbidden.body)).not.toContain(participant.pseudonym);
    expect(await lastApiRequestAudit()).toMatchObject({ outcome: "denied", detail: { reason: "scope", tokenId: gate.id } });
  });
});

describe("GET /fhir/Consent with a browser session", () => {
  it("serves staff whose role may read consent records", async () => {
    const participant = await createParticipant();
    await grant(participant);
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const { response, body } = await search(participant.pseudonym, { Cookie: await sessionCookieFor(coordinator) });
    expect(response.status).toBe(200);
    expectValidBundle(body);
    expect(body.total).toBe(1);
    expect(await lastApiRequestAudit()).toMatchObject({ outcome: "success", actorUserId: coordinator.id, detail: { resource: "Consent", rows: 1 } });
  });

  it("refuses a participant's session with 403 and records the denied permission", async () => {
    const participant = await createParticipant();
    await grant(participant);
    const { response, body } = await search(participant.pseudonym, { Cookie: await sessionCookieFor(participant.user!) });
    expect(response.status).toBe(403);
    expect(body.issue[0]?.code).toBe("forbidden");
    expect(JSON.stringify(body)).not.toContain(participant.pseudonym);
    const denial = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "authz.permission_denied", actorUserId: participant.user!.id } });
    expect(denial.detail).toEqual({ permission: "consent:read", path: "/fhir/Consent" });
  });

  it("treats staff who have not passed the second factor as not signed in", async () => {
    const participant = await createParticipant();
    await grant(participant);
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const { response } = await search(participant.pseudonym, { Cookie: await sessionCookieFor(coordinator, false) });
    expect(response.status).toBe(401);
  });

  it("judges a request that carries a token by the token alone", async () => {
    const participant = await createParticipant();
    await grant(participant);
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const { response } = await search(participant.pseudonym, { Cookie: await sessionCookieFor(coordinator), Authorization: "Bearer nonsense" });
    expect(response.status).toBe(401);
  });
});

describe("a withdrawn participant's Consent in FHIR (issue 11)", () => {
  const headers = () => ({ Authorization: `Bearer ${readerToken}` });

  async function history(id: string, versionId?: string) {
    const path = `/fhir/Consent/${id}/_history${versionId === undefined ? "" : `/${versionId}`}`;
    const response =
      versionId === undefined
        ? await historyLoader({ request: fhirRequest(path, headers()), context, params: { id } })
        : await versionLoader({ request: fhirRequest(path, headers()), context, params: { id, versionId } });
    return { response, body: (await response.json()) as FhirBody & FhirConsent };
  }

  it("carries the time of the withdrawal that made it inactive, keeps the signing time, and every earlier version stays readable", async () => {
    const participant = await createParticipant();
    const { event: signed } = await grant(participant);
    const withdrawal = await withdrawOnline(participant, { level: "no_further_use" });
    expect(withdrawal.occurredAt).not.toBe(signed.occurredAt);

    const { body } = await search(participant.pseudonym);
    expectValidBundle(body);
    const now = body.entry![0]!.resource;
    expect(now.status).toBe("inactive");
    expect(now.dateTime).toBe(withdrawal.occurredAt);
    expect(now.extension).toContainEqual({ url: "urn:tsunagi:fhir:extension:signed-date-time", valueDateTime: signed.occurredAt });
    // ADR 018: after "no further use" what exists is kept, as the gate answers for store.
    expect(now.extension?.find((item) => item.url === "urn:tsunagi:fhir:extension:withdrawal")?.extension).toContainEqual({ url: "store", valueCode: "keep" });
    expect(now.meta.versionId).toBe(String(withdrawal.participantSeq));

    const all = await history(signed.id);
    expect(all.response.status).toBe(200);
    expect(fhirValidationErrors(all.body)).toEqual([]);
    expect(all.body).toMatchObject({ resourceType: "Bundle", type: "history", total: 2 });
    const versions = all.body.entry!.map((entry) => entry.resource);
    for (const version of versions) expect(fhirValidationErrors(version)).toEqual([]);
    expect(versions.map((version) => [version.meta.versionId, version.status, version.dateTime])).toEqual([
      [String(withdrawal.participantSeq), "inactive", withdrawal.occurredAt],
      [String(signed.participantSeq), "active", signed.occurredAt],
    ]);

    const first = await history(signed.id, String(signed.participantSeq));
    expect(first.response.status).toBe(200);
    expect(first.body).toMatchObject({ id: signed.id, status: "active", dateTime: signed.occurredAt, provision: { type: "permit" } });
    expect(first.body.extension?.some((item) => item.url === "urn:tsunagi:fhir:extension:withdrawal")).toBe(false);
  });

  it("says destroy in the withdrawal extension after a withdrawal that destroys, as the gate denies store", async () => {
    const participant = await createParticipant();
    await grant(participant);
    const withdrawal = await withdrawOnline(participant, { level: "destroy" });
    const { body } = await search(participant.pseudonym);
    const consent = body.entry![0]!.resource;
    expect(consent.dateTime).toBe(withdrawal.occurredAt);
    expect(consent.extension?.find((item) => item.url === "urn:tsunagi:fhir:extension:withdrawal")?.extension).toContainEqual({ url: "store", valueCode: "destroy" });
  });

  it("answers an unknown record or version with 404 and a malformed id with 404, changing nothing", async () => {
    const participant = await createParticipant();
    const { event } = await grant(participant);
    for (const [id, version] of [[randomUUID(), undefined], ["not-a-uuid", undefined], [event.id, "99"], [event.id, "x'<b>"]] as const) {
      const { response, body } = await history(id, version);
      expect(response.status, `${id} ${version}`).toBe(404);
      expect(fhirValidationErrors(body)).toEqual([]);
      expect(body.issue[0]?.code).toBe("not-found");
    }
    const anonymous = await historyLoader({ request: fhirRequest(`/fhir/Consent/${event.id}/_history`), context, params: { id: event.id } });
    expect(anonymous.status).toBe(401);
  });
});
