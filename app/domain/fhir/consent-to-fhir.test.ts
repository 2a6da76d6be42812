import { describe, expect, it } from "vitest";
import { fhirValidationErrors } from "../../../tests/support/fhir-schema";
import { choiceCatalogue, choiceIds, type ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { projectConsent } from "@tsunagi/consent-rules/consent-projection";
import { consentsToFhir, consentVersionsToFhir, type ConsentToFhirInput, type FhirLedgerEvent } from "./consent-to-fhir";
import { duoTerms } from "@tsunagi/consent-rules/duo-terms";
import type { FhirConsent } from "./fhir-types";
import { choiceSnapshot } from "../../../tests/factories/choice-snapshot";

const participantId = "00000000-0000-4000-8000-000000000001";
const form10 = "10000000-0000-4000-8000-000000000010";
const form20 = "10000000-0000-4000-8000-000000000020";
const formVersions = {
  [form10]: { formKey: "wgs-cancer", version: "1.0", contentHash: "a".repeat(64) },
  [form20]: { formKey: "wgs-cancer", version: "2.0", contentHash: "b".repeat(64) },
};

const allYes: ChoiceSnapshot = choiceSnapshot();

let seq = 0;
function event(type: FhirLedgerEvent["type"], occurredAt: string, extra: Partial<FhirLedgerEvent> = {}): FhirLedgerEvent {
  seq += 1;
  return {
    id: `20000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    participantSeq: seq,
    type,
    occurredAt,
    method: "online",
    formVersionId: form10,
    formVersionHash: "a".repeat(64),
    choices: allYes,
    withdrawalLevel: null,
    detail: { permittedPurposes: ["DUO:0000006", "DUO:0000007"] },
    ...extra,
  };
}

function input(events: FhirLedgerEvent[], extra: Partial<ConsentToFhirInput> = {}): ConsentToFhirInput {
  return {
    pseudonym: "TGP-AB12-CD34",
    appUrl: "https://tsunagi.test/",
    events,
    projection: projectConsent(events.map((item) => ({ ...item, participantId }))),
    formVersions,
    documents: {},
    ...extra,
  };
}

function provisionFor(consent: FhirConsent, choiceId: string) {
  return consent.provision.provision?.find((item) => item.code?.[0]?.coding[0]?.code === choiceId);
}

function expectValid(consents: FhirConsent[]) {
  for (const consent of consents) {
    expect(fhirValidationErrors(consent), consent.id).toEqual([]);
    // ppc-1 (policy or policyRule) and ppc-3 (research scope needs a patient): invariants the schema cannot check.
    expect(consent.policy.length).toBeGreaterThan(0);
    expect(consent.patient.identifier?.value).toBe("TGP-AB12-CD34");
  }
}

describe("consentsToFhir", () => {
  it("maps a signed consent to one active Consent with a provision per choice, DUO purposes and the signed form", () => {
    seq = 0;
    const grant = event("granted", "2026-05-01T01:02:03.004Z");
    const consents = consentsToFhir(
      input([grant], {
        documents: { [grant.id]: { language: "ja_easy", sha256: "c".repeat(64), sha1Base64: "qUqP5cyxm6YcTAhz05Hph5gvu9M=", size: 1234, createdAt: "2026-05-01T01:02:05.000Z" } },
      }),
    );
    expectValid(consents);
    expect(consents).toHaveLength(1);
    const [consent] = consents as [FhirConsent];
    expect(consent.status).toBe("active");
    expect(consent.id).toBe(grant.id);
    expect(consent.dateTime).toBe(grant.occurredAt);
    expect(consent.scope.coding[0]).toMatchObject({ system: "http://terminology.hl7.org/CodeSystem/consentscope", code: "research" });
    expect(consent.category.map((item) => item.coding[0]?.code)).toEqual(["57016-8", "research"]);
    expect(consent.performer).toEqual([{ type: "Patient", identifier: { system: "urn:tsunagi:participant", value: "TGP-AB12-CD34" }, display: "Participant (self)" }]);
    expect(consent.policy[0]?.uri).toBe("urn:tsunagi:icf:wgs-cancer:1.0");
    expect(consent.policy[0]?.extension?.[0]?.valueString).toBe("a".repeat(64));
    expect(consent.sourceAttachment).toMatchObject({
      contentType: "application/pdf",
      url: `https://tsunagi.test/consent/documents/${grant.id}.pdf`,
      hash: "qUqP5cyxm6YcTAhz05Hph5gvu9M=",
      language: "ja",
      extension: [{ url: "urn:tsunagi:fhir:extension:document-sha256", valueString: "c".repeat(64) }],
    });
    expect(consent.sourceAttachment?.title).toContain("wgs-cancer 1.0");
    expect(consent.provision.type).toBe("permit");
    expect(consent.provision.period).toEqual({ start: grant.occurredAt });

    // Preferences grant nothing, so they are not provisions; every other offered choice is one.
    const preferenceIds = choiceIds.filter((id) => "preference" in choiceCatalogue[id]);
    expect(consent.provision.provision).toHaveLength(choiceIds.length - preferenceIds.length);
    expect(provisionFor(consent, "share.academia")).toMatchObject({
      type: "permit",
      action: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/consentaction", code: "disclose" }] }],
      purpose: [
        { system: "http://purl.obolibrary.org/obo/duo", code: "DUO:0000006", display: duoTerms["DUO:0000006"].label },
        { system: "http://purl.obolibrary.org/obo/duo", code: "DUO:0000026", display: "user specific restriction" },
      ],
      actor: [{ reference: { identifier: { system: "urn:tsunagi:recipient-class", value: "academia" } } }],
    });
    expect(provisionFor(consent, "share.international")?.type).toBe("deny");
    expect(provisionFor(consent, "findings.secondary.hereditary_cancer")?.type).toBe("permit");
    expect(provisionFor(consent, "findings.secondary.other_actionable")).toMatchObject({ type: "deny", extension: [{ valueCode: "undecided" }] });
    expect(provisionFor(consent, "recontact.channel")).toBeUndefined();
    expect(consent.extension).toContainEqual({
      url: "urn:tsunagi:fhir:extension:contact-preference",
      extension: [
        { url: "choice", valueCode: "recontact.channel" },
        { url: "value", valueCode: "email" },
      ],
    });
    // The refusal of overseas sharing shows as the DUO geographic-restriction modifier on the consent as a whole.
    expect(consent.extension).toContainEqual({ url: "urn:tsunagi:fhir:extension:duo-data-use", valueCoding: { system: "http://purl.obolibrary.org/obo/duo", code: "DUO:0000022", display: "geographical restriction" } });
  });

  it("shows a later change of choice on the current consent", () => {
    seq = 0;
    const events = [event("granted", "2026-05-01T00:00:00.000Z"), event("choices_changed", "2026-06-01T00:00:00.000Z", { choices: { ...allYes, "share.industry": "no" } })];
    const [consent] = consentsToFhir(input(events)) as [FhirConsent];
    expectValid([consent]);
    expect(provisionFor(consent, "share.industry")).toMatchObject({ type: "deny", extension: [{ valueCode: "no" }] });
    expect(consent.meta).toEqual({ versionId: "2", lastUpdated: "2026-06-01T00:00:00.000Z" });
  });

  it("a sample registered later is no new version: the record, its versionId and its history read as before it", () => {
    seq = 0;
    const events = [event("granted", "2026-05-01T00:00:00.000Z"), event("choices_changed", "2026-06-01T00:00:00.000Z", { choices: { ...allYes, "share.industry": "no" } })];
    const sample = event("sample_registered", "2026-07-01T00:00:00.000Z", { method: "system", formVersionId: null, formVersionHash: null, choices: {}, detail: { sampleCode: "S-0000000002", sampleKind: "blood" } });
    const before = consentsToFhir(input(events));
    const after = consentsToFhir(input([...events, sample]));
    expect(after).toEqual(before);
    expect(after[0]!.meta).toEqual({ versionId: "2", lastUpdated: "2026-06-01T00:00:00.000Z" });
    expect(consentVersionsToFhir(input([...events, sample]), events[0]!.id)).toEqual(consentVersionsToFhir(input(events), events[0]!.id));
    expect(consentVersionsToFhir(input([...events, sample]), events[0]!.id).map((version) => version.meta.versionId)).toEqual(["1", "2"]);
    // A change after it is the record's next version, numbered as the ledger numbers it.
    const later = event("withdrawn", "2026-08-01T00:00:00.000Z", { withdrawalLevel: "no_contact" });
    const versions = consentVersionsToFhir(input([...events, sample, later]), events[0]!.id);
    expect(versions.map((version) => version.meta.versionId)).toEqual(["1", "2", "4"]);
    expectValid(versions);
  });

  it("makes a consent withdrawn from further use inactive, with a deny from the withdrawal on", () => {
    seq = 0;
    const events = [event("granted", "2026-05-01T00:00:00.000Z"), event("withdrawn", "2026-07-01T00:00:00.000Z", { withdrawalLevel: "no_further_use" })];
    const [consent] = consentsToFhir(input(events)) as [FhirConsent];
    expectValid([consent]);
    expect(consent.status).toBe("inactive");
    expect(consent.provision.type).toBe("deny");
    expect(consent.provision.period).toEqual({ start: "2026-07-01T00:00:00.000Z" });
    expect(consent.provision.provision?.every((item) => item.type === "deny")).toBe(true);
    expect(consent.extension).toContainEqual({
      url: "urn:tsunagi:fhir:extension:withdrawal",
      extension: [
        { url: "level", valueCode: "no_further_use" },
        { url: "dateTime", valueDateTime: "2026-07-01T00:00:00.000Z" },
        { url: "store", valueCode: "keep" },
      ],
    });
    // Issue 11: an inactive record carries the time of the change that made it inactive; the signing time stays.
    expect(consent.dateTime).toBe("2026-07-01T00:00:00.000Z");
    expect(consent.extension).toContainEqual({ url: "urn:tsunagi:fhir:extension:signed-date-time", valueDateTime: "2026-05-01T00:00:00.000Z" });
    expect(consent.extension?.some((item) => item.url === "urn:tsunagi:fhir:extension:duo-data-use")).toBe(false);
  });

  it("keeps a consent withdrawn from contact only active, with contact denied", () => {
    seq = 0;
    const events = [event("granted", "2026-05-01T00:00:00.000Z"), event("withdrawn", "2026-07-01T00:00:00.000Z", { withdrawalLevel: "no_contact" })];
    const [consent] = consentsToFhir(input(events)) as [FhirConsent];
    expectValid([consent]);
    expect(consent.status).toBe("active");
    expect(consent.provision.type).toBe("permit");
    expect(provisionFor(consent, "recontact.research")?.type).toBe("deny");
    expect(provisionFor(consent, "findings.secondary.hereditary_cancer")?.type).toBe("deny");
    expect(provisionFor(consent, "share.academia")?.type).toBe("permit");
  });

  it("lists a proxy's consent, replaced at majority, as inactive with a proxy performer and an end date", () => {
    seq = 0;
    const events = [
      event("proxy_granted", "2026-05-01T00:00:00.000Z"),
      event("choices_changed", "2026-05-02T00:00:00.000Z", { choices: { ...allYes, "share.public_db": "no" } }),
      event("transferred_at_majority", "2030-05-01T00:00:00.000Z", { formVersionId: form20, formVersionHash: "b".repeat(64) }),
    ];
    const consents = consentsToFhir(input(events));
    expectValid(consents);
    expect(consents.map((consent) => consent.status)).toEqual(["active", "inactive"]);
    const [current, earlier] = consents as [FhirConsent, FhirConsent];
    expect(current.performer[0]).toMatchObject({ type: "Patient", display: "Participant (self)" });
    expect(current.policy[0]?.uri).toBe("urn:tsunagi:icf:wgs-cancer:2.0");
    expect(earlier.performer).toEqual([{ type: "RelatedPerson", display: "Legal representative (proxy)" }]);
    expect(earlier.provision.period).toEqual({ start: "2026-05-01T00:00:00.000Z", end: "2030-05-01T00:00:00.000Z" });
    // Replaced at majority: inactive from then, and that replacement is its last version.
    expect(earlier.dateTime).toBe("2030-05-01T00:00:00.000Z");
    expect(earlier.meta).toEqual({ versionId: "3", lastUpdated: "2030-05-01T00:00:00.000Z" });
    // The earlier record shows the choices in force when it was replaced, not only those first signed.
    expect(provisionFor(earlier, "share.public_db")?.type).toBe("deny");
    expect(JSON.stringify(consents)).not.toMatch(/山田|printedName/);
  });

  it("marks a consent awaiting re-consent active, naming the new form", () => {
    seq = 0;
    const events = [
      event("granted", "2026-05-01T00:00:00.000Z"),
      event("reconsent_requested", "2027-01-01T00:00:00.000Z", { method: "system", detail: { pendingFormVersionId: form20, interimRule: "pause_new_uses" } }),
    ];
    const [consent] = consentsToFhir(input(events)) as [FhirConsent];
    expectValid([consent]);
    expect(consent.status).toBe("active");
    expect(consent.extension).toContainEqual({
      url: "urn:tsunagi:fhir:extension:reconsent-required",
      extension: [
        { url: "pendingPolicy", valueUri: "urn:tsunagi:icf:wgs-cancer:2.0" },
        { url: "interimRule", valueCode: "pause_new_uses" },
      ],
    });
  });

  it("has nothing for a participant without a signed consent", () => {
    expect(consentsToFhir(input([]))).toEqual([]);
  });

  it("is checked by a validator that does refuse broken resources", () => {
    seq = 0;
    const [consent] = consentsToFhir(input([event("granted", "2026-05-01T00:00:00.000Z")])) as [FhirConsent];
    expect(fhirValidationErrors({ ...consent, status: "signed" }).join("\n")).toMatch(/status/);
    expect(fhirValidationErrors({ ...consent, performer: [] }).join("\n")).toMatch(/empty array/);
    expect(fhirValidationErrors({ ...consent, provision: { ...consent.provision, type: "maybe" } }).join("\n")).toMatch(/provision/);
  });

  it("knows every DUO term the choice catalogue uses", () => {
    for (const id of choiceIds) {
      for (const term of [...choiceCatalogue[id].duo.whenGranted, ...choiceCatalogue[id].duo.whenDeclined]) expect(Object.keys(duoTerms)).toContain(term);
    }
  });
});
