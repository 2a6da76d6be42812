import {
  choiceCatalogue,
  choiceIds,
  gateActions,
  type ChoiceId,
  type FindingsCategory,
  type GateAction,
  type Recipient,
  type RecontactTopic,
} from "./choice-catalogue";
import { isStricterWithdrawal, type WithdrawalLevel } from "./ledger-event";
import { NO_PROVISION_STANDING, type ConsentProjection } from "./consent-projection";
import { isLawRecipient, lawPurposeOf, type LawRecipient } from "./provision-law";

/**
 * "May this action happen for this subject now?" — the one rule, used by the app and the pipeline bridge alike.
 * Pure: no clock, no I/O. Anything it cannot positively justify is a deny with a reason.
 */

export const decisionReasons = [
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
  "notice_not_given",
  "provision_stopped",
  "life_event_no_contact",
  "life_event_no_further_use",
  "life_event_destroy",
] as const;
export type DecisionReason = (typeof decisionReasons)[number];

export interface DecisionRequest {
  action: GateAction;
  recipient?: Recipient;
  /** A DUO data-use permission id, e.g. DUO:0000006 (health/medical/biomedical research). */
  purpose?: string;
  findingsCategory?: FindingsCategory;
  recontactTopic?: RecontactTopic;
}

/**
 * What the rule reads of a consent. `provision` may be missing (a message written before the 2024 law's events, a
 * read that does not join it): then nobody was notified, and nothing goes to a law recipient (fail closed).
 */
export type ConsentView = Pick<ConsentProjection, "status" | "choices" | "permittedPurposes" | "withdrawalLevel" | "interimRule"> & Partial<Pick<ConsentProjection, "provision" | "lifeEvent">>;

export interface Decision {
  allowed: boolean;
  reason: DecisionReason;
  /** The choices the answer rests on, for the reader of a denial. */
  choices: ChoiceId[];
}

/** New uses of data or specimens: what a pause for re-consent stops. */
const newUses: readonly GateAction[] = ["sequence", "analyze", "share", "release", "distribute_specimen"];
/** Actions that reach the participant: stopped by a "no further contact" withdrawal. */
const contactActions: readonly GateAction[] = ["recontact", "return_secondary"];

/**
 * What each withdrawal level stops (ADR 018); every other action goes on deciding as the participant chose.
 * "No further use" keeps what exists (`store` stays allowed, answered with this level as its reason so storage
 * knows the data is frozen) and does nothing new with it; "destroy" denies `store` too, which tells storage
 * systems to destroy. The participant's pages word each level from this table (app/domain/consent/explain).
 */
export const withdrawalStops: Readonly<Record<WithdrawalLevel, readonly GateAction[]>> = {
  no_contact: contactActions,
  no_further_use: gateActions.filter((action) => action !== "store"),
  destroy: gateActions,
};
const withdrawalReasons = {
  no_contact: "withdrawn_no_contact",
  no_further_use: "withdrawn_no_further_use",
  destroy: "withdrawn_destroy",
} as const satisfies Record<WithdrawalLevel, DecisionReason>;
const lifeEventReasons = {
  no_contact: "life_event_no_contact",
  no_further_use: "life_event_no_further_use",
  destroy: "life_event_destroy",
} as const satisfies Record<WithdrawalLevel, DecisionReason>;

/** What the rule reads when no disposition is on record: stop new use (ADR 143). */
export const dispositionWhenUnchosen = "stop_new_use";

/**
 * After a death or a loss of capacity (ADR 143), the disposition the person chose acts as the withdrawal level of the
 * same reach: keep using stops only what reaches the person; stop new use keeps what exists unused; destroy stops
 * everything, storage too. Without a choice on record (a consent signed before the choice was asked), stop new use:
 * nothing is destroyed that the person did not ask to destroy, and nothing new is done they did not agree to.
 */
export function lifeEventLevel(consent: Pick<ConsentView, "choices" | "lifeEvent">): WithdrawalLevel | null {
  if (!consent.lifeEvent) return null;
  const chosen = consent.choices["disposition.life_event"] ?? dispositionWhenUnchosen;
  return chosen === "keep_using" ? "no_contact" : chosen === "destroy" ? "destroy" : "no_further_use";
}

/**
 * How far the consent is withdrawn now: the person's own withdrawal, or the disposition a life event applies (ADR 143),
 * whichever reaches further. The withdrawal pages offer only the levels beyond it, and choices change only while it is
 * null or "no further contact".
 */
export function withdrawalLevelInForce(consent: Pick<ConsentView, "choices" | "lifeEvent" | "withdrawalLevel">): WithdrawalLevel | null {
  const afterLife = lifeEventLevel(consent);
  if (afterLife === null) return consent.withdrawalLevel;
  return isStricterWithdrawal(afterLife, consent.withdrawalLevel) ? afterLife : consent.withdrawalLevel;
}

/** Actions that need a research purpose the consent covers. */
const purposeActions: readonly GateAction[] = ["analyze", "share", "release", "distribute_specimen"];
/** Actions on data or specimens for research, where a stated purpose must be one the consent covers. */
const researchActions: readonly GateAction[] = ["sequence", "analyze", "store", "share", "release", "distribute_specimen"];
/** Actions whose permission depends on who receives the data or specimen. */
const recipientActions: readonly GateAction[] = ["share", "release", "distribute_specimen"];

function deny(reason: DecisionReason, choices: ChoiceId[] = []): Decision {
  return { allowed: false, reason, choices };
}

function governingChoices(request: DecisionRequest): ChoiceId[] | DecisionReason {
  if (request.action === "return_secondary") {
    if (!request.findingsCategory) return "findings_category_required";
    return [`findings.secondary.${request.findingsCategory}`];
  }
  if (request.action === "recontact") {
    return [request.recontactTopic === "findings_update" ? "recontact.findings_update" : "recontact.research"];
  }
  const matching = choiceIds.filter((id) =>
    choiceCatalogue[id].governs.some(
      (rule) => rule.action === request.action && (!("recipients" in rule) || (request.recipient !== undefined && (rule.recipients as readonly string[]).includes(request.recipient))),
    ),
  );
  if (matching.length === 0) return "recipient_not_covered";
  return matching;
}

function computeNeededChoices(request: DecisionRequest): ChoiceId[] | DecisionReason {
  const governing = governingChoices(request);
  if (typeof governing === "string") return governing;
  // Taking part at all rests on the core consent; every action needs it.
  return Object.freeze(governing.includes("core.wgs") ? governing : ["core.wgs", ...governing]) as ChoiceId[];
}

// Which choices govern a request depends only on its action, recipient, findings category and recontact topic —
// a few hundred combinations — so the catalogue is searched once per combination, not once per decision (the
// bridge answers millions). The lists are frozen because every decision for that combination shares them.
const neededChoicesCache = new Map<string, ChoiceId[] | DecisionReason>();
const NEEDED_CHOICES_CACHE_LIMIT = 4096;

function neededChoices(request: DecisionRequest): ChoiceId[] | DecisionReason {
  const key = `${request.action}|${request.recipient ?? ""}|${request.findingsCategory ?? ""}|${request.recontactTopic ?? ""}`;
  let needed = neededChoicesCache.get(key);
  if (needed === undefined) {
    needed = computeNeededChoices(request);
    if (neededChoicesCache.size < NEEDED_CHOICES_CACHE_LIMIT) neededChoicesCache.set(key, needed);
  }
  return needed;
}

export function decideAction(consent: ConsentView | null, request: DecisionRequest): Decision {
  if (!consent) return deny("unknown_subject");
  const { action } = request;
  // Without a level on record, assume the strictest that still keeps what exists.
  const withdrawal = consent.status === "withdrawn" ? (consent.withdrawalLevel ?? "no_further_use") : null;
  if (withdrawal !== null && withdrawalStops[withdrawal].includes(action)) return deny(withdrawalReasons[withdrawal]);
  const afterLife = lifeEventLevel(consent);
  if (afterLife !== null && withdrawalStops[afterLife].includes(action)) return deny(lifeEventReasons[afterLife]);
  if (consent.status === "reconsent_required" && consent.interimRule !== "continue_previous" && newUses.includes(action)) {
    return deny("reconsent_pending");
  }
  if (request.recipient !== undefined && isLawRecipient(request.recipient) && recipientActions.includes(action)) {
    return decideProvisionUnderLaw(consent, request, request.recipient);
  }
  if (purposeActions.includes(action) && !request.purpose) return deny("purpose_required");
  // Returns and recontact serve the participant's care and wishes, so a research purpose does not apply to them.
  const purposeApplies = purposeActions.includes(action) || (request.purpose !== undefined && researchActions.includes(action));
  if (purposeApplies && !consent.permittedPurposes.includes(request.purpose ?? "")) return deny("purpose_not_permitted");
  if (recipientActions.includes(action) && !request.recipient) return deny("recipient_required");

  const needed = neededChoices(request);
  if (typeof needed === "string") return deny(needed);
  for (const id of needed) {
    const value = consent.choices[id];
    if (value === undefined) return deny("choice_not_offered", [id]);
    if (value === "undecided") return deny("choice_undecided", [id]);
    if (value !== "yes" && value !== "want") return deny("choice_declined", [id]);
  }
  // Kept after "no further use": allowed, but the answer says why, so storage keeps it without using it.
  if (withdrawal !== null && withdrawal !== "no_contact") return { allowed: true, reason: withdrawalReasons[withdrawal], choices: needed };
  if (afterLife === "no_further_use") return { allowed: true, reason: lifeEventReasons[afterLife], choices: needed };
  return { allowed: true, reason: "consented", choices: needed };
}

/**
 * Provision to a recipient the 2024 law decides (ADR 140): data only (a specimen is no medical information the law
 * provides), for the law's one purpose, to someone taking part in the programme (core.wgs), who was given the notice
 * and did not stop provision. The research consent's sharing choices do not apply: the law asks for a refusal, not an
 * opt-in. Withdrawal and a pause for re-consent have already denied what they stop (decideAction).
 */
function decideProvisionUnderLaw(consent: ConsentView, request: DecisionRequest, recipient: LawRecipient): Decision {
  if (!request.purpose) return deny("purpose_required");
  if (request.purpose !== lawPurposeOf[recipient]) return deny("purpose_not_permitted");
  if (request.action === "distribute_specimen") return deny("recipient_not_covered");
  const core = consent.choices["core.wgs"];
  if (core === undefined) return deny("choice_not_offered", ["core.wgs"]);
  if (core !== "yes") return deny("choice_declined", ["core.wgs"]);
  const provision = consent.provision ?? NO_PROVISION_STANDING;
  if (provision.stopped) return deny("provision_stopped");
  if (provision.noticeVersion === null) return deny("notice_not_given");
  return { allowed: true, reason: "notified_not_stopped", choices: ["core.wgs"] };
}
