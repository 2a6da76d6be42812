import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  choiceCatalogue,
  choiceIds,
  findingsCategories,
  gateActions,
  recipients,
  recontactTopics,
  type ChoiceId,
  type ChoiceSnapshot,
  type FindingsCategory,
  type GateAction,
  type Recipient,
  type RecontactTopic,
} from "./choice-catalogue";
import { decideAction, type ConsentView, type Decision, type DecisionReason, type DecisionRequest } from "./decide-action";
import type { InterimRule } from "./form-content";
import type { ProvisionStanding } from "./consent-projection";
import { lawPurposeOf, lawRecipients } from "./provision-law";
import type { WithdrawalLevel } from "./ledger-event";

// ---------------------------------------------------------------------------------------------------------------
// The oracle: the gate policy written out again, as a table per action, without reading the catalogue's `governs`
// lists. If the implementation and this table ever disagree, one of them misstates the policy.

const HMB = "DUO:0000006"; // health/medical/biomedical research — covered by the programme's consent
const DS = "DUO:0000007"; // disease-specific research — covered
const GRU = "DUO:0000042"; // general research use — NOT covered
const programmePurposes = [HMB, DS];

interface ActionPolicy {
  /** A new use of data or specimens: paused while a re-consent is pending under "pause new uses". */
  newUse: boolean;
  /** Reaches the participant: stopped by a "no further contact" withdrawal. */
  reachesParticipant: boolean;
  /** required: must name a covered purpose. if_stated: any stated purpose must be covered. ignored: serves the participant. */
  purpose: "required" | "if_stated" | "ignored";
  /** The one choice (besides core.wgs) the action rests on, picked from the request. */
  choice: (request: DecisionRequest) => ChoiceId | "recipient_required" | "recipient_not_covered" | "findings_category_required";
}

// The 2024 law's recipient (ADR 140): no choice governs it; its own purpose, the notice and the stop do.
const LAW = "TSUNAGI:0000001";
const APPROVAL = "TSUNAGI:0000002";
const lawRecipientList: readonly Recipient[] = ["certified_producer", "regulator_pmda", "regulator_fda", "regulator_mhra", "regulator_ema"];
const lawPurposeFor = (recipient: Recipient) => (recipient === "certified_producer" ? LAW : APPROVAL);

const dataRecipients: Partial<Record<Recipient, ChoiceId>> = {
  academia: "share.academia",
  industry: "share.industry",
  international: "share.international",
  public: "share.public_db",
};
const specimenRecipients: Partial<Record<Recipient, ChoiceId>> = {
  academia: "specimen.joint_research",
  industry: "specimen.industry_only",
};
const byRecipient = (table: Partial<Record<Recipient, ChoiceId>>) => (request: DecisionRequest) =>
  request.recipient === undefined ? "recipient_required" : (table[request.recipient] ?? "recipient_not_covered");

const policy: Record<GateAction, ActionPolicy> = {
  sequence: { newUse: true, reachesParticipant: false, purpose: "if_stated", choice: () => "core.wgs" },
  analyze: { newUse: true, reachesParticipant: false, purpose: "required", choice: () => "core.wgs" },
  store: { newUse: false, reachesParticipant: false, purpose: "if_stated", choice: () => "core.wgs" },
  share: { newUse: true, reachesParticipant: false, purpose: "required", choice: byRecipient(dataRecipients) },
  release: { newUse: true, reachesParticipant: false, purpose: "required", choice: byRecipient(dataRecipients) },
  distribute_specimen: { newUse: true, reachesParticipant: false, purpose: "required", choice: byRecipient(specimenRecipients) },
  return_primary: { newUse: false, reachesParticipant: false, purpose: "ignored", choice: () => "return.primary" },
  return_secondary: {
    newUse: false,
    reachesParticipant: true,
    purpose: "ignored",
    choice: (request) => (request.findingsCategory ? `findings.secondary.${request.findingsCategory}` : "findings_category_required"),
  },
  recontact: {
    newUse: false,
    reachesParticipant: true,
    purpose: "ignored",
    choice: (request) => (request.recontactTopic === "findings_update" ? "recontact.findings_update" : "recontact.research"),
  },
};

function oracle(consent: ConsentView | null, request: DecisionRequest): Decision {
  const no = (reason: DecisionReason, choices: ChoiceId[] = []): Decision => ({ allowed: false, reason, choices });
  if (consent === null) return no("unknown_subject");
  const rule = policy[request.action];

  // ADR 018: "no further use" keeps what exists (store) and does nothing new; "destroy" keeps nothing.
  let keptAfterWithdrawal = false;
  if (consent.status === "withdrawn") {
    switch (consent.withdrawalLevel) {
      case "destroy":
        return no("withdrawn_destroy");
      case "no_contact":
        if (rule.reachesParticipant) return no("withdrawn_no_contact");
        break;
      default: // no_further_use, or a withdrawal whose level is unknown
        if (request.action !== "store") return no("withdrawn_no_further_use");
        keptAfterWithdrawal = true;
    }
  }
  // ADR 143: after a death or a loss of capacity, the person's disposition, written out again: keep using stops only
  // what reaches the person; destroy stops everything; stop new use (or no disposition on record) keeps what exists.
  let keptAfterLifeEvent = false;
  if (consent.lifeEvent) {
    const disposition = consent.choices["disposition.life_event"];
    if (disposition === "destroy") return no("life_event_destroy");
    if (disposition === "keep_using") {
      if (rule.reachesParticipant) return no("life_event_no_contact");
    } else {
      if (request.action !== "store") return no("life_event_no_further_use");
      keptAfterLifeEvent = true;
    }
  }
  const paused = consent.status === "reconsent_required" && consent.interimRule !== "continue_previous";
  if (paused && rule.newUse) return no("reconsent_pending");

  // Provision under the 2024 law: data only, for the law's purpose, to someone taking part, notified and not stopped.
  if (request.recipient !== undefined && lawRecipientList.includes(request.recipient) && ["share", "release", "distribute_specimen"].includes(request.action)) {
    if (request.purpose === undefined || request.purpose === "") return no("purpose_required");
    if (request.purpose !== lawPurposeFor(request.recipient)) return no("purpose_not_permitted");
    if (request.action === "distribute_specimen") return no("recipient_not_covered");
    const core = consent.choices["core.wgs"];
    if (core === undefined) return no("choice_not_offered", ["core.wgs"]);
    if (core !== "yes") return no("choice_declined", ["core.wgs"]);
    if (consent.provision?.stopped === true) return no("provision_stopped");
    if (!consent.provision?.noticeVersion) return no("notice_not_given");
    return { allowed: true, reason: "notified_not_stopped", choices: ["core.wgs"] };
  }

  // An empty purpose is no purpose where one is required; where one is optional, whatever is stated must be covered.
  if (rule.purpose === "required" && (request.purpose === undefined || request.purpose === "")) return no("purpose_required");
  const purposeChecked = rule.purpose === "required" || (rule.purpose === "if_stated" && request.purpose !== undefined);
  if (purposeChecked && !consent.permittedPurposes.includes(request.purpose!)) return no("purpose_not_permitted");

  const governing = rule.choice(request);
  if (!governing.includes(".")) return no(governing as DecisionReason);
  const needed = [...new Set<ChoiceId>(["core.wgs", governing as ChoiceId])];
  for (const id of needed) {
    const value = consent.choices[id];
    if (value === undefined) return no("choice_not_offered", [id]);
    if (value === "undecided") return no("choice_undecided", [id]);
    if (!["yes", "want"].includes(value)) return no("choice_declined", [id]);
  }
  return { allowed: true, reason: keptAfterWithdrawal ? "withdrawn_no_further_use" : keptAfterLifeEvent ? "life_event_no_further_use" : "consented", choices: needed };
}

// ---------------------------------------------------------------------------------------------------------------
// Consents and requests to enumerate.

const preferences = choiceIds.filter((id) => "preference" in choiceCatalogue[id]);
const decisions = choiceIds.filter((id) => !preferences.includes(id));
const grantValue = (id: ChoiceId) => (id.startsWith("findings.") ? "want" : "yes");
const declineValue = (id: ChoiceId) => (id.startsWith("findings.") ? "not_want" : "no");

const allGranted: ChoiceSnapshot = {
  ...Object.fromEntries(decisions.map((id) => [id, grantValue(id)])),
  "recontact.channel": "email",
  "recontact.frequency": "as_needed",
};
const without = (id: ChoiceId): ChoiceSnapshot => Object.fromEntries(Object.entries(allGranted).filter(([key]) => key !== id));

const snapshots: { name: string; choices: ChoiceSnapshot }[] = [
  { name: "all granted", choices: allGranted },
  ...decisions.map((id) => ({ name: `${id} declined`, choices: { ...allGranted, [id]: declineValue(id) } })),
  ...findingsCategories.map((category) => ({
    name: `findings.secondary.${category} undecided`,
    choices: { ...allGranted, [`findings.secondary.${category}`]: "undecided" },
  })),
  ...choiceIds.map((id) => ({ name: `${id} not offered`, choices: without(id) })),
];

type Standing =
  | { status: "active" }
  | { status: "reconsent_required"; interimRule: InterimRule | null }
  | { status: "withdrawn"; withdrawalLevel: WithdrawalLevel | null }
  | null;
const standings: Standing[] = [
  { status: "active" },
  { status: "reconsent_required", interimRule: "continue_previous" },
  { status: "reconsent_required", interimRule: "pause_new_uses" },
  { status: "reconsent_required", interimRule: null },
  { status: "withdrawn", withdrawalLevel: "no_contact" },
  { status: "withdrawn", withdrawalLevel: "no_further_use" },
  { status: "withdrawn", withdrawalLevel: "destroy" },
  { status: "withdrawn", withdrawalLevel: null },
  null,
];

/** Where a consent may stand under the 2024 law; `undefined` is a view read without it (nobody notified). */
const provisionOptions: (ProvisionStanding | undefined)[] = [
  { noticeVersion: "2024-04.1", stopped: false },
  { noticeVersion: null, stopped: false },
  { noticeVersion: "2024-04.1", stopped: true },
  { noticeVersion: null, stopped: true },
  undefined,
];

function consentOf(standing: Standing, choices: ChoiceSnapshot, provision: ProvisionStanding | undefined = provisionOptions[0]): ConsentView | null {
  if (!standing) return null;
  return {
    status: standing.status,
    choices,
    permittedPurposes: programmePurposes,
    withdrawalLevel: "withdrawalLevel" in standing ? standing.withdrawalLevel : null,
    interimRule: "interimRule" in standing ? standing.interimRule : null,
    ...(provision === undefined ? {} : { provision }),
  };
}

const recipientOptions: (Recipient | undefined)[] = [...recipients, undefined];
const purposeOptions: (string | undefined)[] = [HMB, DS, GRU, LAW, APPROVAL, undefined];
const categoryOptions: (FindingsCategory | undefined)[] = [...findingsCategories, undefined];
const topicOptions: (RecontactTopic | undefined)[] = [...recontactTopics, undefined];

/**
 * Two decisions alike, field by field and nothing more (what comparing their JSON said, at a tenth of the cost: the
 * enumeration below compares some hundreds of thousands).
 */
function sameDecision(a: Decision, b: Decision): boolean {
  // Three keys each, all three compared: no field more on either side.
  return (
    Object.keys(a).length === 3 &&
    Object.keys(b).length === 3 &&
    a.allowed === b.allowed &&
    a.reason === b.reason &&
    Array.isArray(a.choices) &&
    Array.isArray(b.choices) &&
    a.choices.length === b.choices.length &&
    a.choices.every((choice, index) => choice === b.choices[index])
  );
}

function request(action: GateAction, parts: Omit<DecisionRequest, "action"> = {}): DecisionRequest {
  // Leave absent parts out entirely, as a JSON request would.
  return Object.fromEntries(Object.entries({ action, ...parts }).filter(([, value]) => value !== undefined)) as unknown as DecisionRequest;
}

/** A request that names everything an action could need, to a recipient its choice covers. */
function complete(action: GateAction, recipient: Recipient = "academia"): DecisionRequest {
  return request(action, { recipient, purpose: HMB, findingsCategory: "hereditary_cancer", recontactTopic: "research" });
}

const active = (choices: ChoiceSnapshot = allGranted) => consentOf({ status: "active" }, choices)!;
const withdrawnAt = (withdrawalLevel: WithdrawalLevel) => consentOf({ status: "withdrawn", withdrawalLevel }, allGranted)!;
const pending = (interimRule: InterimRule) => consentOf({ status: "reconsent_required", interimRule }, allGranted)!;

// ---------------------------------------------------------------------------------------------------------------

describe("decideAction agrees with the policy table", () => {
  it("for every standing × snapshot × action × recipient × purpose × findings category × recontact topic", () => {
    const mismatches: string[] = [];
    const reasonsSeen = new Set<DecisionReason>();
    let combinations = 0;
    let allowed = 0;
    // Every request, made once: they do not depend on the consent (making them inside the loop was most of its time).
    const asks = gateActions.flatMap((action) =>
      recipientOptions.flatMap((recipient) =>
        purposeOptions.flatMap((purpose) =>
          categoryOptions.flatMap((findingsCategory) => topicOptions.map((recontactTopic) => request(action, { recipient, purpose, findingsCategory, recontactTopic }))),
        ),
      ),
    );
    for (const standing of standings) {
      for (const snapshot of snapshots) {
        const consent = consentOf(standing, snapshot.choices);
        for (const ask of asks) {
          const actual = decideAction(consent, ask);
          const expected = oracle(consent, ask);
          combinations++;
          if (actual.allowed) allowed++;
          reasonsSeen.add(actual.reason);
          if (!sameDecision(actual, expected) && mismatches.length < 10) {
            mismatches.push(`${JSON.stringify(standing)} / ${snapshot.name} / ${JSON.stringify(ask)}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    // The enumeration is not vacuous: it reaches both answers and every reason the gate can give.
    expect(combinations).toBe(standings.length * snapshots.length * gateActions.length * recipientOptions.length * purposeOptions.length * 3 * 3);
    expect(allowed).toBeGreaterThan(0);
    expect([...reasonsSeen].sort()).toEqual(
      [
        "consented",
        "notified_not_stopped",
        "unknown_subject",
        "withdrawn_destroy",
        "withdrawn_no_further_use",
        "withdrawn_no_contact",
        "reconsent_pending",
        "purpose_required",
        "purpose_not_permitted",
        "recipient_required",
        "recipient_not_covered",
        "findings_category_required",
        "choice_not_offered",
        "choice_declined",
        "choice_undecided",
      ].sort(),
    );
  }, 60_000);

  it("for every standing under the 2024 law × standing × snapshot × action that provides × recipient × purpose", () => {
    const mismatches: string[] = [];
    const reasonsSeen = new Set<DecisionReason>();
    for (const provision of provisionOptions) {
      for (const standing of standings) {
        for (const snapshot of snapshots) {
          const consent = consentOf(standing, snapshot.choices, provision);
          for (const action of ["share", "release", "distribute_specimen", "analyze"] as const) {
            for (const recipient of recipientOptions) {
              for (const purpose of purposeOptions) {
                const ask = request(action, { recipient, purpose });
                const actual = decideAction(consent, ask);
                reasonsSeen.add(actual.reason);
                if (!sameDecision(actual, oracle(consent, ask)) && mismatches.length < 10) {
                  mismatches.push(`${JSON.stringify(provision)} / ${JSON.stringify(standing)} / ${snapshot.name} / ${JSON.stringify(ask)}: got ${JSON.stringify(actual)}`);
                }
              }
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(reasonsSeen).toContain("provision_stopped");
    expect(reasonsSeen).toContain("notice_not_given");
    expect(reasonsSeen).toContain("notified_not_stopped");
  });

  it("for every life event × disposition × standing × action × recipient × purpose × category (ADR 143)", () => {
    const mismatches: string[] = [];
    const reasonsSeen = new Set<DecisionReason>();
    for (const lifeEvent of [{ kind: "death", on: "2026-11-01" }, { kind: "incapacity", on: "2026-11-01" }] as const) {
      for (const disposition of [undefined, "keep_using", "stop_new_use", "destroy"] as const) {
        for (const standing of standings) {
          const base = consentOf(standing, disposition ? { ...allGranted, "disposition.life_event": disposition } : allGranted);
          const consent = base && { ...base, lifeEvent, provision: { noticeVersion: "2024-04.1", stopped: false } };
          for (const action of gateActions) {
            for (const recipient of recipientOptions) {
              for (const purpose of purposeOptions) {
                const ask = request(action, { recipient, purpose, findingsCategory: "hereditary_cancer" });
                const actual = decideAction(consent, ask);
                reasonsSeen.add(actual.reason);
                if (!sameDecision(actual, oracle(consent, ask)) && mismatches.length < 10) {
                  mismatches.push(`${lifeEvent.kind} / ${disposition} / ${JSON.stringify(standing)} / ${JSON.stringify(ask)}: got ${JSON.stringify(actual)}`);
                }
              }
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    for (const reason of ["life_event_destroy", "life_event_no_further_use", "life_event_no_contact"] as const) expect(reasonsSeen).toContain(reason);
  });

  it("the oracle's law recipients and purpose are the rule's", () => {
    expect([...lawRecipientList]).toEqual([...lawRecipients]);
    expect(Object.entries(lawPurposeOf)).toEqual(lawRecipientList.map((recipient) => [recipient, lawPurposeFor(recipient)]));
  });
});

describe("the gate rule, case by case", () => {
  const everyRequest = gateActions.flatMap((action) =>
    recipientOptions.flatMap((recipient) => purposeOptions.map((purpose) => request(action, { recipient, purpose, findingsCategory: "hereditary_cancer" }))),
  );

  it("allows every action when everything is granted and the request names a covered purpose and recipient", () => {
    for (const action of gateActions) {
      expect(decideAction(active(), complete(action)), action).toMatchObject({ allowed: true, reason: "consented" });
    }
  });

  it("a participant who withdrew from further use is never used, contacted or returned anything, but what exists is kept (ADR 018)", () => {
    for (const ask of everyRequest.filter((item) => item.action !== "store")) {
      expect(decideAction(withdrawnAt("no_further_use"), ask), JSON.stringify(ask)).toEqual({ allowed: false, reason: "withdrawn_no_further_use", choices: [] });
    }
    expect(decideAction(withdrawnAt("no_further_use"), complete("store"))).toEqual({ allowed: true, reason: "withdrawn_no_further_use", choices: ["core.wgs"] });
    // Keeping is no wider than it was: a purpose the consent never covered is still refused.
    expect(decideAction(withdrawnAt("no_further_use"), request("store", { purpose: GRU }))).toMatchObject({ allowed: false, reason: "purpose_not_permitted" });
  });

  it("a withdrawal recorded without a level is treated as no further use", () => {
    const consent = consentOf({ status: "withdrawn", withdrawalLevel: null }, allGranted);
    for (const action of gateActions) expect(decideAction(consent, complete(action)).reason).toBe("withdrawn_no_further_use");
    expect(decideAction(consent, complete("store")).allowed).toBe(true);
  });

  it("a participant who asked for destruction is never allowed anything, storage included", () => {
    for (const ask of everyRequest) expect(decideAction(withdrawnAt("destroy"), ask)).toEqual({ allowed: false, reason: "withdrawn_destroy", choices: [] });
  });

  it("'no further contact' stops recontact and the return of secondary findings, and nothing else", () => {
    const consent = withdrawnAt("no_contact");
    for (const action of gateActions) {
      const decision = decideAction(consent, complete(action));
      if (action === "recontact" || action === "return_secondary") expect(decision, action).toMatchObject({ allowed: false, reason: "withdrawn_no_contact" });
      else expect(decision, action).toMatchObject({ allowed: true });
    }
    expect(decideAction(consent, request("recontact", { recontactTopic: "findings_update" })).reason).toBe("withdrawn_no_contact");
  });

  it("a pending re-consent under 'pause new uses' stops new uses, but storage and returns carry on", () => {
    const consent = pending("pause_new_uses");
    for (const action of ["sequence", "analyze", "share", "release", "distribute_specimen"] as const) {
      expect(decideAction(consent, complete(action)), action).toMatchObject({ allowed: false, reason: "reconsent_pending" });
    }
    for (const action of ["store", "return_primary", "return_secondary", "recontact"] as const) {
      expect(decideAction(consent, complete(action)), action).toMatchObject({ allowed: true });
    }
  });

  it("a pending re-consent under 'continue previous' keeps the earlier consent in force", () => {
    for (const action of gateActions) expect(decideAction(pending("continue_previous"), complete(action)), action).toMatchObject({ allowed: true });
  });

  it("a pending re-consent with no rule on record pauses new uses (fail closed)", () => {
    const consent = consentOf({ status: "reconsent_required", interimRule: null }, allGranted);
    expect(decideAction(consent, complete("analyze")).reason).toBe("reconsent_pending");
    expect(decideAction(consent, complete("store")).allowed).toBe(true);
  });

  it("sharing with industry needs share.industry = yes, whatever academia allows", () => {
    expect(decideAction(active(), complete("share", "industry"))).toEqual({ allowed: true, reason: "consented", choices: ["core.wgs", "share.industry"] });
    const declined = active({ ...allGranted, "share.industry": "no" });
    expect(decideAction(declined, complete("share", "industry"))).toEqual({ allowed: false, reason: "choice_declined", choices: ["share.industry"] });
    expect(decideAction(declined, complete("release", "industry")).reason).toBe("choice_declined");
    expect(decideAction(declined, complete("share", "academia")).allowed).toBe(true);
    expect(decideAction(active(without("share.industry")), complete("share", "industry")).reason).toBe("choice_not_offered");
  });

  it("international and public-database sharing each need their own choice", () => {
    expect(decideAction(active({ ...allGranted, "share.international": "no" }), complete("share", "international")).choices).toEqual(["share.international"]);
    expect(decideAction(active({ ...allGranted, "share.public_db": "no" }), complete("release", "public")).choices).toEqual(["share.public_db"]);
  });

  it("specimens go only to academia (joint research) or industry, each by its own choice", () => {
    expect(decideAction(active(), complete("distribute_specimen", "industry")).choices).toEqual(["core.wgs", "specimen.industry_only"]);
    expect(decideAction(active({ ...allGranted, "specimen.joint_research": "no" }), complete("distribute_specimen", "academia")).reason).toBe("choice_declined");
    expect(decideAction(active(), complete("distribute_specimen", "international")).reason).toBe("recipient_not_covered");
    expect(decideAction(active(), complete("distribute_specimen", "public")).reason).toBe("recipient_not_covered");
  });

  it("sharing without saying with whom is denied", () => {
    for (const action of ["share", "release", "distribute_specimen"] as const) {
      expect(decideAction(active(), request(action, { purpose: HMB })).reason, action).toBe("recipient_required");
    }
  });

  it("general research use (GRU) is not a purpose this consent covers; HMB and disease-specific research are", () => {
    for (const action of ["sequence", "analyze", "store", "share", "release", "distribute_specimen"] as const) {
      expect(decideAction(active(), { ...complete(action), purpose: GRU }), action).toMatchObject({ allowed: false, reason: "purpose_not_permitted" });
      expect(decideAction(active(), { ...complete(action), purpose: DS }), action).toMatchObject({ allowed: true });
    }
  });

  it("research on the data must state its purpose; sequencing and storage need not, returns and recontact ignore it", () => {
    for (const action of ["analyze", "share", "release", "distribute_specimen"] as const) {
      expect(decideAction(active(), { ...complete(action), purpose: undefined }).reason, action).toBe("purpose_required");
    }
    for (const action of ["sequence", "store"] as const) expect(decideAction(active(), request(action)).allowed, action).toBe(true);
    for (const action of ["return_primary", "return_secondary", "recontact"] as const) {
      expect(decideAction(active(), { ...complete(action), purpose: GRU }).allowed, action).toBe(true);
    }
  });

  it("everything needs core.wgs: declined or missing, every action is denied and names it", () => {
    for (const choices of [{ ...allGranted, "core.wgs": "no" }, without("core.wgs")]) {
      for (const action of gateActions) {
        const decision = decideAction(active(choices), complete(action));
        expect(decision.allowed, action).toBe(false);
        expect(decision.choices, action).toEqual(["core.wgs"]);
      }
    }
  });

  it("secondary findings go back only to those who want them, per category; undecided is not yes", () => {
    const undecided = active({ ...allGranted, "findings.secondary.hereditary_cancer": "undecided", "findings.secondary.other_actionable": "not_want" });
    expect(decideAction(undecided, complete("return_secondary"))).toEqual({ allowed: false, reason: "choice_undecided", choices: ["findings.secondary.hereditary_cancer"] });
    expect(decideAction(undecided, { ...complete("return_secondary"), findingsCategory: "other_actionable" }).reason).toBe("choice_declined");
    expect(decideAction(active(), request("return_secondary")).reason).toBe("findings_category_required");
  });

  it("recontact follows the topic's own choice, research by default", () => {
    const noResearch = active({ ...allGranted, "recontact.research": "no" });
    expect(decideAction(noResearch, request("recontact")).choices).toEqual(["recontact.research"]);
    expect(decideAction(noResearch, request("recontact", { recontactTopic: "findings_update" })).allowed).toBe(true);
    expect(decideAction(active({ ...allGranted, "recontact.findings_update": "no" }), request("recontact", { recontactTopic: "findings_update" })).allowed).toBe(false);
  });

  it("an unknown subject is denied", () => {
    expect(decideAction(null, complete("store"))).toEqual({ allowed: false, reason: "unknown_subject", choices: [] });
  });
});

// ---------------------------------------------------------------------------------------------------------------

const anyChoiceValue = fc.oneof(
  fc.constantFrom("yes", "no", "want", "not_want", "undecided", "email", "as_needed", "", "YES", "true"),
  fc.string({ maxLength: 6 }),
);
const anyConsent: fc.Arbitrary<ConsentView | null> = fc.option(
  fc.record({
    status: fc.constantFrom("active", "reconsent_required", "withdrawn"),
    choices: fc.dictionary(fc.constantFrom(...choiceIds), anyChoiceValue),
    permittedPurposes: fc.subarray([HMB, DS, GRU, "DUO:0000004", ""]),
    withdrawalLevel: fc.constantFrom<WithdrawalLevel | null>("no_contact", "no_further_use", "destroy", null),
    interimRule: fc.constantFrom<InterimRule | null>("continue_previous", "pause_new_uses", null),
  }),
  { freq: 10 },
);
const anyRequest: fc.Arbitrary<DecisionRequest> = fc.record(
  {
    action: fc.constantFrom(...gateActions),
    recipient: fc.constantFrom(...recipients),
    purpose: fc.oneof(fc.constantFrom(HMB, DS, GRU, "DUO:0000004", ""), fc.string({ maxLength: 12 })),
    findingsCategory: fc.constantFrom(...findingsCategories),
    recontactTopic: fc.constantFrom(...recontactTopics),
  },
  { requiredKeys: ["action"] },
);

describe("no consent, however odd, slips through", () => {
  it("a withdrawal from further use (or at an unknown level) allows only keeping what exists; destruction allows nothing", () => {
    fc.assert(
      fc.property(anyConsent, anyRequest, (consent, ask) => {
        if (consent?.status !== "withdrawn" || consent.withdrawalLevel === "no_contact") return;
        const keeping = ask.action === "store" && consent.withdrawalLevel !== "destroy";
        if (!keeping) expect(decideAction(consent, ask).allowed).toBe(false);
      }),
      { numRuns: 5_000 },
    );
  });

  it("allowed only when core.wgs and the governing choice are granted, and then exactly as the policy table says", () => {
    fc.assert(
      fc.property(anyConsent, anyRequest, (consent, ask) => {
        const decision = decideAction(consent, ask);
        expect(decision).toEqual(oracle(consent, ask));
        if (!decision.allowed) return;
        const governing = policy[ask.action].choice(ask) as ChoiceId;
        for (const id of ["core.wgs", governing] as ChoiceId[]) expect(["yes", "want"]).toContain(consent!.choices[id]);
        expect(decision.choices).toContain(governing);
      }),
      { numRuns: 5_000 },
    );
  });
});
