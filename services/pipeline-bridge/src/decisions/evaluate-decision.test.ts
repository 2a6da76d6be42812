import { describe, expect, it } from "vitest";
import { decideAction } from "@tsunagi/consent-rules/decide-action";
import { choiceSnapshot } from "../../../../tests/factories/choice-snapshot";
import { subjectRecord } from "../../../../tests/support/subject-record";
import type { HealthState } from "../health/bridge-health";
import { resolvedSubject, type ResolvedSubject, type SubjectRecord } from "../projection/subject-store";
import { decisionVerdict, evaluateDecision, parseDecisionInput, verdictsFor } from "./evaluate-decision";

const now = "2026-11-21T08:00:00.000Z";
const ready: HealthState = { ready: true };
const allGates = new Set(["gate:sequence", "gate:analyze", "gate:store", "gate:share", "gate:release", "gate:distribute_specimen", "gate:return_primary", "gate:return_secondary", "gate:recontact"]);

function record(consent: Partial<SubjectRecord["consent"]> = {}, samples = [{ code: "S-AAAA-T", destroyed: false }]): SubjectRecord {
  return subjectRecord({ version: 3, globalSeq: "42", samples, consent: { permittedPurposes: ["DUO:0000006", "DUO:0000007"], ...consent } });
}
const byPseudonym = (subject: SubjectRecord): ResolvedSubject => resolvedSubject(subject);
const bySample = (subject: SubjectRecord, index = 0): ResolvedSubject => resolvedSubject(subject, subject.samples[index]);
const analyse = parseDecisionInput({ subject: "S-AAAA-T", action: "analyze", purpose: "DUO:0000006" });

describe("evaluateDecision", () => {
  it("allows what the consent rule allows, echoing the request and the state it rests on", () => {
    expect(evaluateDecision(bySample(record()), analyse, ready, allGates, now)).toEqual({
      subject: "S-AAAA-T",
      action: "analyze",
      purpose: "DUO:0000006",
      recipient: null,
      allowed: true,
      reason: "consented",
      choices: ["core.wgs"],
      pseudonym: "TGP-AAAA-BBBB",
      consentVersion: "1.1",
      stateVersion: 3,
      eventId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
      evaluatedAt: now,
    });
  });

  it("gives decideAction's answer for every combination it judges (one rule, not a copy)", () => {
    const subjects = [
      record(),
      record({ status: "withdrawn", withdrawalLevel: "no_contact" }),
      record({ status: "withdrawn", withdrawalLevel: "destroy" }),
      record({ status: "reconsent_required", interimRule: "pause_new_uses" }),
      record({ choices: choiceSnapshot({ "share.industry": "no", "findings.secondary.other_actionable": "undecided" }) }),
    ];
    const requests = [
      { subject: "TGP-AAAA-BBBB", action: "sequence" },
      { subject: "TGP-AAAA-BBBB", action: "analyze" },
      { subject: "TGP-AAAA-BBBB", action: "analyze", purpose: "DUO:0000042" },
      { subject: "TGP-AAAA-BBBB", action: "share", purpose: "DUO:0000006", recipient: "industry" },
      { subject: "TGP-AAAA-BBBB", action: "release", purpose: "DUO:0000006" },
      { subject: "TGP-AAAA-BBBB", action: "return_secondary", findingsCategory: "other_actionable" },
      { subject: "TGP-AAAA-BBBB", action: "return_secondary" },
      { subject: "TGP-AAAA-BBBB", action: "recontact", recontactTopic: "findings_update" },
      { subject: "TGP-AAAA-BBBB", action: "distribute_specimen", purpose: "DUO:0000006", recipient: "public" },
    ] as const;
    for (const subject of subjects) {
      for (const request of requests) {
        const rule = decideAction(subject.consent, request);
        const answer = evaluateDecision(byPseudonym(subject), parseDecisionInput(request), ready, allGates, now);
        expect({ allowed: answer.allowed, reason: answer.reason, choices: answer.choices }).toEqual(rule);
      }
    }
  });

  it("keeps the members of an answer in the order clients compare and the signature covers", () => {
    const common = ["subject", "action", "purpose", "recipient"];
    const rest = ["allowed", "reason", "choices", "pseudonym", "consentVersion", "stateVersion", "eventId", "evaluatedAt"];
    const keys = (raw: unknown, subject = bySample(record())) => Object.keys(evaluateDecision(subject, parseDecisionInput(raw), ready, allGates, now));
    expect(keys({ subject: "S-AAAA-T", action: "analyze", purpose: "DUO:0000006" })).toEqual([...common, ...rest]);
    expect(keys({ subject: "S-AAAA-T", action: "return_secondary", findingsCategory: "hereditary_cancer" })).toEqual([...common, "findingsCategory", ...rest]);
    expect(keys({ recontactTopic: "research", action: "recontact", subject: "S-AAAA-T" })).toEqual([...common, "recontactTopic", ...rest]);
    expect(keys({ subject: "S-AAAA-T", action: "recontact", recontactTopic: "research", findingsCategory: "other_actionable" })).toEqual([...common, "findingsCategory", "recontactTopic", ...rest]);
    expect(keys({ subject: "S-NOBODY", action: "analyze", purpose: "DUO:0000006" }, undefined)).toEqual([...common, ...rest]);
  });

  it("denies an unknown subject", () => {
    expect(evaluateDecision(undefined, analyse, ready, allGates, now)).toMatchObject({ allowed: false, reason: "unknown_subject", pseudonym: null, stateVersion: null, eventId: null });
  });

  it("denies a destroyed sample even when the consent would allow, and its sibling stays allowed", () => {
    const subject = record({}, [
      { code: "S-AAAA-T", destroyed: true },
      { code: "S-AAAA-B", destroyed: false },
    ]);
    expect(evaluateDecision(bySample(subject, 0), analyse, ready, allGates, now)).toMatchObject({ allowed: false, reason: "sample_destroyed" });
    expect(evaluateDecision(bySample(subject, 1), analyse, ready, allGates, now)).toMatchObject({ allowed: true });
  });

  it("keeps the consent's own reason when a destroyed sample's participant withdrew", () => {
    const subject = record({ status: "withdrawn", withdrawalLevel: "destroy" }, [{ code: "S-AAAA-T", destroyed: true }]);
    expect(evaluateDecision(bySample(subject), analyse, ready, allGates, now)).toMatchObject({ allowed: false, reason: "withdrawn_destroy" });
  });

  it("denies everything while the projection is stale or the database unavailable", () => {
    for (const reason of ["projection_stale", "database_unavailable"] as const) {
      expect(evaluateDecision(bySample(record()), analyse, { ready: false, reason }, allGates, now)).toMatchObject({ allowed: false, reason, pseudonym: "TGP-AAAA-BBBB" });
    }
  });

  it("denies an action the client holds no gate scope for, before looking at anything else", () => {
    const scopes = new Set(["gate:sequence", "gate:events"]);
    expect(evaluateDecision(bySample(record()), analyse, ready, scopes, now)).toMatchObject({ allowed: false, reason: "scope_missing" });
    expect(evaluateDecision(undefined, analyse, { ready: false, reason: "projection_stale" }, scopes, now)).toMatchObject({ reason: "scope_missing" });
    expect(evaluateDecision(bySample(record()), parseDecisionInput({ subject: "S-AAAA-T", action: "sequence" }), ready, scopes, now)).toMatchObject({ allowed: true });
  });

  it("denies a malformed item, echoing only short strings without NUL", () => {
    const cases: unknown[] = [
      null,
      [],
      "analyze",
      { subject: "S-AAAA-T" },
      { subject: "S-AAAA-T", action: "delete" },
      { subject: "S-AAAA-T", action: "analyze", purpose: "" },
      { subject: "S-AAAA-T", action: "analyze", purpose: "research" },
      { subject: "S-AAAA-T", action: "share", recipient: "everyone" },
      { subject: "S-AAAA-T\u0000", action: "analyze" },
      { subject: "S-\uD800", action: "analyze\uDC00x", purpose: "\uD83D" },
      { subject: "S-AAAA-T", action: "analyze", extra: true },
      { subject: "x".repeat(65), action: "analyze" },
      { subject: "S.AAAA", action: "analyze" },
      { subject: 42, action: "analyze" },
    ];
    for (const raw of cases) {
      const input = parseDecisionInput(raw);
      expect(input.valid, JSON.stringify(raw)).toBe(false);
      const answer = evaluateDecision(bySample(record()), input, ready, allGates, now);
      expect(answer).toMatchObject({ allowed: false, reason: "malformed_request", pseudonym: null });
      expect(JSON.stringify(answer)).not.toMatch(/\\u0000|\\ud[89a-f]/i);
      expect((answer.subject ?? "").length).toBeLessThanOrEqual(200);
    }
  });
});

describe("verdictsFor (a release's samples, one question)", () => {
  it("gives, subject by subject, exactly decisionVerdict's verdict: scope, health, unknown, parked, destroyed and the rule", () => {
    const subjects: (ResolvedSubject | undefined)[] = [
      undefined,
      bySample(record()),
      byPseudonym(record()),
      bySample(record({}, [{ code: "S-AAAA-T", destroyed: true }])),
      bySample(record({ status: "withdrawn", withdrawalLevel: "destroy" }, [{ code: "S-AAAA-T", destroyed: true }])),
      bySample(record({ status: "withdrawn", withdrawalLevel: "no_further_use" })),
      bySample(record({ status: "reconsent_required", interimRule: "pause_new_uses" })),
      bySample(record({ choices: choiceSnapshot({ "share.industry": "no" }) })),
      resolvedSubject(record(), record().samples[0], [], true),
    ];
    const requests = [
      { subject: "", action: "release", purpose: "DUO:0000006", recipient: "industry" },
      { subject: "", action: "release", purpose: "DUO:0000006", recipient: "academia" },
      { subject: "", action: "release", purpose: "DUO:0000007", recipient: "public" },
      { subject: "", action: "release", purpose: "DUO:0000042", recipient: "industry" },
      { subject: "", action: "analyze", purpose: "DUO:0000006" },
    ] as const;
    const healths: HealthState[] = [ready, { ready: false, reason: "projection_stale" }, { ready: false, reason: "database_unavailable" }];
    const scopeSets = [allGates, new Set(["gate:analyze"]), new Set<string>()];
    let compared = 0;
    for (const request of requests) {
      for (const health of healths) {
        for (const scopes of scopeSets) {
          const verdictOf = verdictsFor(request, health, scopes);
          for (const subject of subjects) {
            expect(verdictOf(subject), JSON.stringify({ request, health, scopes: [...scopes], subject: subject?.record.consent.status })).toEqual(decisionVerdict(subject, request, health, scopes));
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(requests.length * healths.length * scopeSets.length * subjects.length);
  });
});
