import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { choiceCatalogue, choiceIds, type ChoiceSnapshot } from "./choice-catalogue";
import { choiceProcessTerms, consentRecordOf, dpvConsentStates, type ConsentRecordEvent, type ConsentRecordInput } from "./consent-record";
import { consentEventTypes, isConsentVersionEvent, withdrawalLevels, type ConsentEventType, type WithdrawalLevel } from "./ledger-event";

const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, "../dpv-27560/consent-record.schema.json"), "utf8")) as object;
const ajv = new Ajv({
  allErrors: true,
  formats: { "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, uri: /^[a-z][a-z0-9+.-]*:[^\s]+$/i },
});
const validate = ajv.compile(schema);
const problems = (record: unknown) => (validate(record) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`));

const programme = { iri: "https://tsunagi.example/", name: "Tsunagi whole-genome programme", consentPage: "https://tsunagi.example/consent", rightsPage: "https://tsunagi.example/privacy" };
const notices = { "form-v1": { version: "1.0", effectiveFrom: "2026-04-01" }, "form-v2": { version: "2.0", effectiveFrom: "2026-10-01" } };
const everyYes: ChoiceSnapshot = {
  "core.wgs": "yes",
  "return.primary": "yes",
  "findings.secondary.hereditary_cancer": "want",
  "findings.secondary.other_actionable": "undecided",
  "share.academia": "yes",
  "share.industry": "no",
  "share.international": "yes",
  "share.public_db": "no",
  "specimen.joint_research": "yes",
  "specimen.industry_only": "no",
  "recontact.research": "yes",
  "recontact.findings_update": "yes",
  "recontact.channel": "email",
  "recontact.frequency": "yearly",
  "linkage.public_db": "yes",
};

/** A participant's ledger, event by event, as the record builder takes it. */
function ledger() {
  const events: ConsentRecordEvent[] = [];
  const add = (type: ConsentEventType, fields: Partial<ConsentRecordEvent> = {}) => {
    const seq = events.length + 1;
    events.push({
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
      participantId: "participant-1",
      participantSeq: seq,
      type,
      occurredAt: new Date(Date.UTC(2026, 4, seq)).toISOString(),
      formVersionId: null,
      formVersionHash: null,
      choices: {},
      withdrawalLevel: null,
      detail: {},
      method: "online",
      actorRole: "participant",
      ...fields,
    });
    return add;
  };
  return { events, add };
}

const granted = { formVersionId: "form-v1", formVersionHash: "a".repeat(64), choices: everyYes, language: "ja" as const };
const input = (events: ConsentRecordEvent[]): ConsentRecordInput => ({ pseudonym: "TSG-7F3K-Q2MX", programme, events, notices });

describe("a consent record per change (ISO/IEC TS 27560, DPV-27560 record profile)", () => {
  it("every kind of consent event gives a record that validates, with its state in the history", () => {
    const cases: { last: ConsentEventType; build: (add: ReturnType<typeof ledger>["add"]) => void; state: string }[] = [
      { last: "granted", build: (add) => add("granted", granted), state: "dpv:ConsentGiven" },
      { last: "choices_changed", build: (add) => add("granted", granted)("choices_changed", { choices: { ...everyYes, "share.academia": "no" } }), state: "dpv:ConsentGiven" },
      { last: "reconsent_requested", build: (add) => add("granted", granted)("reconsent_requested", { actorRole: "system", method: "system", detail: { pendingFormVersionId: "form-v2" } }), state: "dpv:ConsentRequested" },
      { last: "reconsented", build: (add) => add("granted", granted)("reconsented", { ...granted, formVersionId: "form-v2", formVersionHash: "b".repeat(64), language: "ja-easy" }), state: "dpv:RenewedConsentGiven" },
      { last: "proxy_granted", build: (add) => add("proxy_granted", { ...granted, actorRole: "proxy", method: "assisted" }), state: "dpv:ConsentGiven" },
      { last: "assent", build: (add) => add("proxy_granted", { ...granted, actorRole: "proxy" })("assent", { actorRole: "participant" }), state: "dpv:ConsentGiven" },
      { last: "transferred_at_majority", build: (add) => add("proxy_granted", { ...granted, actorRole: "proxy" })("transferred_at_majority", { ...granted, language: "en" }), state: "dpv:ConsentGiven" },
      { last: "withdrawn", build: (add) => add("granted", granted)("withdrawn", { withdrawalLevel: "no_further_use" }), state: "dpv:ConsentWithdrawn" },
    ];
    // Every consent event type is here (a sample event yields no record: it changes no consent).
    expect(cases.map((entry) => entry.last).sort()).toEqual(consentEventTypes.filter(isConsentVersionEvent).sort());
    for (const entry of cases) {
      const { events, add } = ledger();
      entry.build(add);
      const record = consentRecordOf(input(events));
      expect(problems(record), entry.last).toEqual([]);
      expect(record["dct:identifier"], entry.last).toBe(events.at(-1)!.id);
      expect(record["dpv:hasConsentStatus"].at(-1)!["@type"][0], entry.last).toBe(entry.state);
      expect(record["dpv:hasConsentStatus"]).toHaveLength(events.length);
    }
  });

  it("each withdrawal level withdraws what it covers: no further contact the recontact processes only, the other two everything", () => {
    const expected: Record<WithdrawalLevel, (choice: string) => boolean> = {
      no_contact: (choice) => choice.startsWith("recontact."),
      no_further_use: () => true,
      destroy: () => true,
    };
    for (const level of withdrawalLevels) {
      const { events, add } = ledger();
      add("granted", granted)("withdrawn", { withdrawalLevel: level });
      const record = consentRecordOf(input(events));
      expect(problems(record), level).toEqual([]);
      expect(record["tsunagi:withdrawalLevel"]).toBe(level);
      expect(record["dpv:hasConsentStatus"].at(-1)).toMatchObject({ "@type": ["dpv:ConsentWithdrawn"], "tsunagi:withdrawalLevel": level });
      for (const process of record["dpv:hasProcess"]) {
        const withdrawn = process["dpv:hasConsentStatus"]["@type"] === "dpv:ConsentWithdrawn";
        expect(withdrawn, `${level}: ${process["dct:identifier"]}`).toBe(expected[level](process["dct:identifier"]));
      }
    }
  });

  it("states each choice as its process: given, refused or deferred, with its DPV terms and DUO codes; a preference is no process", () => {
    const { events, add } = ledger();
    add("granted", granted);
    const record = consentRecordOf(input(events));
    const byChoice = new Map(record["dpv:hasProcess"].map((process) => [process["dct:identifier"], process]));
    expect([...byChoice.keys()].sort()).toEqual(choiceIds.filter((choice) => choiceProcessTerms[choice] !== null).sort());
    for (const choice of choiceIds.filter((id) => "preference" in choiceCatalogue[id])) expect(byChoice.has(choice)).toBe(false);
    expect(byChoice.get("share.academia")).toMatchObject({ "dpv:hasPurpose": ["dpv:AcademicResearch"], "dpv:hasConsentStatus": { "@type": "dpv:ConsentGiven" }, "dct:subject": ["duo:0000006", "duo:0000026"] });
    expect(byChoice.get("share.industry")).toMatchObject({ "dpv:hasConsentStatus": { "@type": "dpv:ConsentRefused" }, "dct:subject": ["duo:0000046", "duo:0000045"] });
    expect(byChoice.get("findings.secondary.hereditary_cancer")!["dpv:hasConsentStatus"]["@type"]).toBe("dpv:ConsentGiven");
    expect(byChoice.get("findings.secondary.other_actionable")!["dpv:hasConsentStatus"]["@type"]).toBe("dpv:ConsentRequestDeferred");
    expect(byChoice.get("share.international")!["dpv:hasRecipient"]).toEqual([expect.objectContaining({ "@id": "https://tsunagi.example/recipients/international", "@type": "dpv:ThirdParty" })]);
    // Processes the programme does itself name the programme as their recipient.
    expect(byChoice.get("core.wgs")!["dpv:hasRecipient"]).toEqual([{ "@id": "https://tsunagi.example" }]);
    for (const process of record["dpv:hasProcess"]) expect(dpvConsentStates).toContain(process["dpv:hasConsentStatus"]["@type"]);
  });

  it("names the notice the participant signed, with its version, language and hash, and who gave each state by role", () => {
    const { events, add } = ledger();
    add("proxy_granted", { ...granted, actorRole: "proxy", method: "paper" })("assent", {})("transferred_at_majority", { ...granted, formVersionId: "form-v2", formVersionHash: "c".repeat(64), language: "en" });
    const record = consentRecordOf(input(events));
    expect(record["dpv:hasNotice"]).toEqual({ "@id": "https://tsunagi.example/consent-forms/form-v2", "@type": "dpv:ConsentNotice", "dct:hasVersion": "2.0", "dct:date": "2026-10-01", "dct:language": "en", "tsunagi:formVersionSha256": "c".repeat(64) });
    expect(record["dct:language"]).toEqual(["ja", "en"]);
    expect(record["dpv:hasConsentStatus"].map((state) => [state["dpv:isIndicatedBy"], state["dpv:hasIndicationMethod"]])).toEqual([
      ["dpv:GuardianOfDataSubject", "paper"],
      ["dpv:Child", "online"],
      ["dpv:DataSubject", "online"],
    ]);
  });

  it("carries the pseudonym and nothing that names the person", () => {
    const { events, add } = ledger();
    add("granted", { ...granted, detail: { note: "山田 花子 様, 03-1234-5678" } });
    const text = JSON.stringify(consentRecordOf(input(events)));
    expect(text).toContain("TSG-7F3K-Q2MX");
    expect(text).not.toContain("participant-1");
    expect(text).not.toContain("山田");
    expect(text).not.toContain("03-1234");
  });

  it("a record altered to a state DPV does not define, or without its history, no longer validates", () => {
    const { events, add } = ledger();
    add("granted", granted);
    const record = consentRecordOf(input(events));
    expect(problems({ ...record, "dpv:hasConsentStatus": [{ ...record["dpv:hasConsentStatus"][0], "@type": ["dpv:ConsentTerminated"] }] })).not.toEqual([]);
    expect(problems({ ...record, "dpv:hasConsentStatus": [] })).not.toEqual([]);
    const { "dpv:hasDataSubject": _subject, ...withoutSubject } = record;
    expect(problems(withoutSubject)).not.toEqual([]);
  });

  it("is made for a consent event only, from the participant's events in order", () => {
    const { events, add } = ledger();
    add("granted", granted)("sample_registered", { detail: { sampleCode: "S-1" } });
    expect(() => consentRecordOf(input(events))).toThrow(/consent event/);
    const shuffled = ledger();
    shuffled.add("granted", granted)("withdrawn", { withdrawalLevel: "no_contact" });
    expect(() => consentRecordOf(input([shuffled.events[1]!, shuffled.events[0]!]))).toThrow();
  });
});
