import {
  choiceCatalogue,
  choiceIds,
  findingsCategories,
  gateActions,
  isGranted,
  recontactTopics,
  type ChoiceId,
  type ChoiceSnapshot,
  type FindingsCategory,
  type GateAction,
  type Recipient,
  type RecontactTopic,
} from "@tsunagi/consent-rules/choice-catalogue";
import { decideAction, lifeEventLevel, type ConsentView, type Decision, type DecisionRequest } from "@tsunagi/consent-rules/decide-action";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";

/**
 * What a choice or a withdrawal level does, as the gate answers it. Nothing here is written by hand: every effect
 * is decideAction's answer for a reference consent, so the words a participant reads (composed per action and
 * outcome in effect-sentences.ts) cannot say something the bridge then contradicts (issue 11, ADR 018).
 */

export type EffectOutcome = "allowed" | "denied" | "undecided";

export interface GateEffect {
  action: GateAction;
  outcome: EffectOutcome;
  /** Who receives, when the effect holds for some recipients of the action only. */
  recipients?: Recipient[];
  /** Which kind of secondary finding, when the effect holds for one kind only. */
  findingsCategory?: FindingsCategory;
  /** Which kind of recontact, when the effect holds for one topic only. */
  recontactTopic?: RecontactTopic;
}

/** A research purpose the reference consent covers, so that only choices and withdrawal decide the answers. */
const referencePurpose = "DUO:0000006";

/** Every question the gate can be asked about an action, one per recipient, findings category or recontact topic. */
export function requestVariants(action: GateAction): DecisionRequest[] {
  const base: DecisionRequest = { action, purpose: referencePurpose };
  if (action === "return_secondary") return findingsCategories.map((findingsCategory) => ({ ...base, findingsCategory }));
  if (action === "recontact") return recontactTopics.map((recontactTopic) => ({ ...base, recontactTopic }));
  const covered = recipientsOf(action);
  return covered.length ? covered.map((recipient) => ({ ...base, recipient })) : [base];
}

function recipientsOf(action: GateAction): Recipient[] {
  const found: Recipient[] = [];
  for (const id of choiceIds) {
    for (const rule of choiceCatalogue[id].governs) {
      if (rule.action !== action || !("recipients" in rule)) continue;
      for (const recipient of rule.recipients) if (!found.includes(recipient)) found.push(recipient);
    }
  }
  return found;
}

function isPreference(id: ChoiceId): boolean {
  return "preference" in choiceCatalogue[id] && choiceCatalogue[id].preference === true;
}

/** The answer that grants each choice (yes, want); preferences keep their first option. */
function grantingValue(id: ChoiceId): string {
  const options = choiceCatalogue[id].options as readonly string[];
  return options.find((option) => isGranted(id, option)) ?? options[0]!;
}

/** Everything granted: the consent a withdrawal level or a single answer is measured against. */
export const everythingGranted: ChoiceSnapshot = Object.fromEntries(choiceIds.map((id) => [id, grantingValue(id)]));

export function referenceConsent(overrides: Partial<ConsentView> = {}, choices: ChoiceSnapshot = everythingGranted): ConsentView {
  return { status: "active", choices, permittedPurposes: [referencePurpose], withdrawalLevel: null, interimRule: null, ...overrides };
}

export function outcomeOf(decision: Decision): EffectOutcome {
  if (decision.allowed) return "allowed";
  return decision.reason === "choice_undecided" ? "undecided" : "denied";
}

interface Answered {
  request: DecisionRequest;
  outcome: EffectOutcome;
}

/** One effect per action and outcome; qualified (recipients, category, topic) when it holds for some variants only. */
function grouped(action: GateAction, answered: Answered[]): GateEffect[] {
  const all = requestVariants(action);
  const effects: GateEffect[] = [];
  for (const outcome of ["allowed", "undecided", "denied"] as const) {
    const these = answered.filter((item) => item.outcome === outcome);
    if (these.length === 0) continue;
    const effect: GateEffect = { action, outcome };
    if (these.length < all.length) {
      const recipients = these.flatMap((item) => (item.request.recipient ? [item.request.recipient] : []));
      if (recipients.length) effect.recipients = recipients;
      const category = these.find((item) => item.request.findingsCategory)?.request.findingsCategory;
      if (category && these.length === 1) effect.findingsCategory = category;
      const topic = these.find((item) => item.request.recontactTopic)?.request.recontactTopic;
      if (topic && these.length === 1) effect.recontactTopic = topic;
    }
    effects.push(effect);
  }
  return effects;
}

export type ChoiceEffectKind = "gate" | "preference" | "outside_gate" | "after_life_event";

export interface ChoiceEffects {
  choiceId: ChoiceId;
  value: string;
  /** gate: the effects below; preference: how we contact you, grants nothing; outside_gate: no gate action asks. */
  kind: ChoiceEffectKind;
  effects: GateEffect[];
  /** after_life_event (ADR 143): the withdrawal level whose reach this answer takes once a death or loss of capacity is recorded. */
  level?: WithdrawalLevel;
}

/**
 * What answering `value` to one choice does at the gate: for each action the choice governs, the questions whose
 * answer rests on this choice (found on a consent where everything is granted), answered for `consent` with this
 * value — the participant's own consent, withdrawal and pending re-consent included, or, without one, a consent
 * where everything else is granted. Purposes are left out of it: they belong to the form, not to the answer.
 */
export function describeChoiceEffects(choiceId: ChoiceId, value: string, consent?: ConsentView): ChoiceEffects {
  // A pure function of the choice, the value and the four fields of the consent decideAction reads here (its purposes
  // are replaced below), asked for every choice on every /consent and /family page: remembered per those, frozen so
  // no caller can change what another reads, the map emptied at its bound.
  const key = `${choiceId}\u0000${value}\u0000${consent ? consentKeyOf(consent) : ""}`;
  let effects = rememberedEffects.get(key);
  if (!effects) {
    effects = deepFreeze(computeChoiceEffects(choiceId, value, consent));
    if (rememberedEffects.size >= REMEMBERED_BOUND) rememberedEffects.clear();
    rememberedEffects.set(key, effects);
  }
  return effects;
}

const rememberedEffects = new Map<string, ChoiceEffects>();

// A page asks for every choice of one consent object: its key is written once per object.
const consentKeys = new WeakMap<ConsentView, string>();
function consentKeyOf(consent: ConsentView): string {
  let key = consentKeys.get(consent);
  if (key === undefined) {
    key = JSON.stringify([consent.status, consent.choices, consent.withdrawalLevel, consent.interimRule]);
    consentKeys.set(consent, key);
  }
  return key;
}
const REMEMBERED_BOUND = 10_000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function computeChoiceEffects(choiceId: ChoiceId, value: string, consent?: ConsentView): ChoiceEffects {
  // What happens after a death or loss of capacity is the rule's own answer for a recorded life event (ADR 143).
  if (choiceId === "disposition.life_event") {
    const level = lifeEventLevel({ choices: { [choiceId]: value }, lifeEvent: { kind: "death", on: "" } });
    return { choiceId, value, kind: "after_life_event", effects: [], ...(level ? { level } : {}) };
  }
  if (isPreference(choiceId)) return { choiceId, value, kind: "preference", effects: [] };
  const reference = referenceConsent({}, { ...everythingGranted, [choiceId]: value });
  const actual = consent ? { ...consent, permittedPurposes: [referencePurpose], choices: { ...consent.choices, [choiceId]: value } } : reference;
  const actions = gateActions.filter((action) => choiceCatalogue[choiceId].governs.some((rule) => rule.action === action));
  const effects = actions.flatMap((action) =>
    grouped(
      action,
      requestVariants(action).flatMap((request) =>
        // Only the questions whose answer rests on this choice (a share choice governs one recipient's share).
        decideAction(reference, request).choices.includes(choiceId) ? [{ request, outcome: outcomeOf(decideAction(actual, request)) }] : [],
      ),
    ),
  );
  return { choiceId, value, kind: effects.length ? "gate" : "outside_gate", effects };
}

export interface ConsentEffects {
  /** What the gate refuses in this state (for a withdrawal: what it stops). */
  stops: GateEffect[];
  /** What the gate still allows, as the participant chose. */
  continues: GateEffect[];
}

/** The gate's answer to every action for one consent state, split into what stops and what continues. */
export function describeConsentEffects(consent: ConsentView): ConsentEffects {
  const effects = gateActions.flatMap((action) => grouped(action, requestVariants(action).map((request) => ({ request, outcome: outcomeOf(decideAction(consent, request)) }))));
  return { stops: effects.filter((effect) => effect.outcome !== "allowed"), continues: effects.filter((effect) => effect.outcome === "allowed") };
}
