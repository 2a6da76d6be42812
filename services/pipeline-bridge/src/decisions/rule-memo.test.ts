import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { choiceIds, findingsCategories, gateActions, recipients, recontactTopics } from "@tsunagi/consent-rules/choice-catalogue";
import { decideAction } from "@tsunagi/consent-rules/decide-action";
import { interimRules } from "@tsunagi/consent-rules/form-content";
import { withdrawalLevels } from "@tsunagi/consent-rules/ledger-event";
import type { HealthState } from "../health/bridge-health";
import { SubjectStore, type SubjectRecord } from "../projection/subject-store";
import type { DecisionRequestItem } from "./decision-request";
import { evaluateDecision, type DecisionInput } from "./evaluate-decision";

const now = "2026-11-21T08:00:00.000Z";
const ready: HealthState = { ready: true };
const allGates = new Set(gateActions.map((action) => `gate:${action}`));
const purposes = ["DUO:0000006", "DUO:0000007", "DUO:0000042"] as const;

const consentArbitrary: fc.Arbitrary<SubjectRecord["consent"]> = fc.record({
  status: fc.constantFrom("active", "reconsent_required", "withdrawn"),
  formVersion: fc.constantFrom("1.0", "1.1", null),
  formVersionHash: fc.constant("a".repeat(64)),
  // Some choices missing (not offered), each with any value a form offers.
  choices: fc.dictionary(fc.constantFrom(...choiceIds), fc.constantFrom("yes", "no", "want", "not_want", "undecided")),
  permittedPurposes: fc.subarray([...purposes]),
  withdrawalLevel: fc.constantFrom(null, ...withdrawalLevels),
  interimRule: fc.constantFrom(null, ...interimRules),
  consentedBy: fc.constantFrom("self", "proxy"),
});

const requestArbitrary: fc.Arbitrary<DecisionRequestItem> = fc.record(
  {
    subject: fc.constantFrom("S-ONE-A", "S-ONE-B", "TGP-ONE"),
    action: fc.constantFrom(...gateActions),
    purpose: fc.constantFrom(...purposes, "DUO:0000001"),
    recipient: fc.constantFrom(...recipients),
    findingsCategory: fc.constantFrom(...findingsCategories),
    recontactTopic: fc.constantFrom(...recontactTopics),
  },
  { requiredKeys: ["subject", "action"] },
);

function record(version: number, consent: SubjectRecord["consent"], destroyedB = false): SubjectRecord {
  return {
    pseudonym: "TGP-ONE",
    version,
    eventId: `00000000-0000-4000-8000-${String(version).padStart(12, "0")}`,
    globalSeq: String(version),
    occurredAt: "2026-11-20T01:00:00.000Z",
    // A copy: the store freezes what it holds, and fast-check may hand the same object to another run.
    consent: structuredClone(consent),
    samples: [
      { code: "S-ONE-A", destroyed: false },
      { code: "S-ONE-B", destroyed: destroyedB },
    ],
  };
}

/** What the bridge must answer, computed the long way: the rule itself, then the destroyed sample. */
function expected(state: SubjectRecord, request: DecisionRequestItem) {
  const rule = decideAction(state.consent, request);
  const destroyed = state.samples.find((sample) => sample.code === request.subject)?.destroyed ?? false;
  const allowed = rule.allowed && !destroyed;
  const reason = rule.allowed && destroyed ? "sample_destroyed" : rule.reason;
  return { allowed, reason, choices: rule.choices, stateVersion: state.version, eventId: state.eventId };
}

function ask(store: SubjectStore, request: DecisionRequestItem) {
  const input: DecisionInput = { valid: true, request };
  const answer = evaluateDecision(store.resolve(request.subject), input, ready, allGates, now);
  return { allowed: answer.allowed, reason: answer.reason, choices: answer.choices, stateVersion: answer.stateVersion, eventId: answer.eventId };
}

describe("memoised consent rule", () => {
  it("answers exactly what the uncached rule answers, asked once or again, for any states and questions", () => {
    fc.assert(
      fc.property(fc.array(consentArbitrary, { minLength: 1, maxLength: 4 }), fc.array(requestArbitrary, { minLength: 1, maxLength: 30 }), fc.boolean(), (states, requests, destroyedB) => {
        // Several participants, some holding equal consents (which share a memo), asked everything twice over.
        const store = new SubjectStore();
        const records = states.map((consent, index) => ({ ...record(1, consent, destroyedB), pseudonym: `TGP-P${index}`, samples: [{ code: `S-P${index}`, destroyed: destroyedB && index % 2 === 1 }] }));
        for (const held of records) store.apply(held);
        for (let round = 0; round < 2; round++) {
          for (const request of requests) {
            for (const held of records) {
              const asked = { ...request, subject: held.samples[0]!.code };
              expect(ask(store, asked)).toEqual(expected(held, asked));
            }
          }
        }
      }),
    );
  });

  it("never answers from an older state: after a version bump every answer is the new state's", () => {
    fc.assert(
      fc.property(consentArbitrary, consentArbitrary, fc.array(requestArbitrary, { minLength: 1, maxLength: 30 }), fc.boolean(), (before, after, requests, destroyedLater) => {
        const store = new SubjectStore();
        const first = record(1, before);
        store.apply(first);
        for (const request of requests) expect(ask(store, request)).toEqual(expected(first, request)); // fills the memo
        const second = record(2, after, destroyedLater);
        store.apply(second);
        for (const request of requests) expect(ask(store, request)).toEqual(expected(second, request));
      }),
    );
  });

  it("a withdrawal after an allow is a denial at once, with the withdrawal's version and event id", () => {
    const consenting = { status: "active", formVersion: "1.1", formVersionHash: "a".repeat(64), choices: { "core.wgs": "yes" }, permittedPurposes: ["DUO:0000006"], withdrawalLevel: null, interimRule: null, consentedBy: "self" } as const;
    const store = new SubjectStore();
    const analyse: DecisionRequestItem = { subject: "S-ONE-A", action: "analyze", purpose: "DUO:0000006" };
    store.apply(record(4, { ...consenting, choices: { ...consenting.choices }, permittedPurposes: [...consenting.permittedPurposes] }));
    expect(ask(store, analyse)).toMatchObject({ allowed: true, reason: "consented", stateVersion: 4 });
    store.apply(record(5, { ...consenting, choices: { ...consenting.choices }, permittedPurposes: [...consenting.permittedPurposes], status: "withdrawn", withdrawalLevel: "no_further_use" }));
    expect(ask(store, analyse)).toEqual({ allowed: false, reason: "withdrawn_no_further_use", choices: [], stateVersion: 5, eventId: "00000000-0000-4000-8000-000000000005" });
  });

  it("a record the store holds cannot be changed in place, so no memo can outlive what it was computed from", () => {
    const store = new SubjectStore();
    const held = record(1, { status: "active", formVersion: "1.1", formVersionHash: null, choices: { "core.wgs": "yes" }, permittedPurposes: [], withdrawalLevel: null, interimRule: null, consentedBy: "self" });
    store.apply(held);
    expect(() => {
      (held.consent as { status: string }).status = "withdrawn";
    }).toThrow(TypeError);
    expect(() => {
      (held.consent.choices as Record<string, string>)["core.wgs"] = "no";
    }).toThrow(TypeError);
    expect(() => {
      held.samples[0]!.destroyed = true;
    }).toThrow(TypeError);
  });
});
