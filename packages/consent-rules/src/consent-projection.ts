import type { ChoiceSnapshot } from "./choice-catalogue";
import type { ConsentEventType, WithdrawalLevel } from "./ledger-event";
import { isStricterWithdrawal } from "./ledger-event";
import type { InterimRule } from "./form-content";

export type ConsentStatus = "active" | "reconsent_required" | "withdrawn";

/**
 * Where the participant stands under the 2024 law (次世代医療基盤法, ADR 140), apart from the research consent: the
 * version of the notice they were given (null: never notified, so nothing goes to a certified producer), and whether
 * they asked to stop provision. A stop is for good here: provision starts again only by a new request, which this
 * release does not offer (ADR 140).
 */
export interface ProvisionStanding {
  noticeVersion: string | null;
  stopped: boolean;
}

/** Nobody has been notified and nothing is stopped: where everyone starts. */
export const NO_PROVISION_STANDING: ProvisionStanding = Object.freeze({ noticeVersion: null, stopped: false });

/**
 * A death or a loss of capacity recorded by the clinic (ADR 143), with the day it happened. A death stands for good; a
 * loss of capacity recorded after it changes nothing.
 */
export interface LifeEvent {
  kind: "death" | "incapacity";
  /** The day it happened (YYYY-MM-DD, Japan), as the source gave it. */
  on: string;
}

/**
 * A participant's current consent, as the screens and the pipeline gate see it. Derived only from ledger
 * events (`applyConsentEvent`), so it can be rebuilt and compared with the stored copy at any time.
 */
export interface ConsentProjection {
  participantId: string;
  status: ConsentStatus;
  formVersionId: string | null;
  formVersionHash: string | null;
  choices: ChoiceSnapshot;
  permittedPurposes: string[];
  withdrawalLevel: WithdrawalLevel | null;
  pendingFormVersionId: string | null;
  interimRule: InterimRule | null;
  consentedBy: "self" | "proxy";
  /** The 2024 law's notice and stop (ADR 140): carried across grants and withdrawals, changed only by their own events. */
  provision: ProvisionStanding;
  /** A death or loss of capacity (ADR 143): carried across grants, changed only by its own events; null while neither. */
  lifeEvent: LifeEvent | null;
  lastEventId: string;
  /** The participant's event count: only ever goes up, so consumers can drop stale or repeated updates. */
  version: number;
  /** When the consent last changed: the last event's time, except a sample event's, which changes no consent. */
  updatedAt: string;
}

/** What the projection needs from an event (a subset of the ledger row). */
export interface ProjectableEvent {
  id: string;
  participantId: string;
  participantSeq: number;
  type: ConsentEventType;
  occurredAt: string;
  formVersionId: string | null;
  formVersionHash: string | null;
  choices: ChoiceSnapshot;
  withdrawalLevel: WithdrawalLevel | null;
  detail: Record<string, unknown>;
}

const grantTypes: readonly ConsentEventType[] = ["granted", "reconsented", "proxy_granted", "transferred_at_majority"];

function stricterWithdrawal(current: WithdrawalLevel | null, next: WithdrawalLevel | null): WithdrawalLevel | null {
  if (!next) return current;
  return isStricterWithdrawal(next, current) ? next : current;
}

function purposesOf(detail: Record<string, unknown>, fallback: string[]): string[] {
  const value = detail.permittedPurposes;
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? [...value] : fallback;
}

/**
 * The state after one more event. Events must come in the participant's order; one that is not the next
 * leaves the state as it was: a duplicate or a stale delivery, and also one that skips ahead, because applying
 * it would lose whatever the missing event said (a declined choice, a withdrawal). A consumer that sees
 * `participantSeq > version + 1` must fetch or wait for the missing events rather than acknowledge this one.
 * With no state yet, a grant starts the consent wherever it stands in the ledger (a grant carries everything it
 * needs, and the FHIR export replays each grant's epoch on its own); anything else needs a consent to amend.
 */
export function applyConsentEvent(state: ConsentProjection | null, event: ProjectableEvent): ConsentProjection | null {
  if (state && event.participantSeq !== state.version + 1) return state;
  const base = {
    participantId: event.participantId,
    lastEventId: event.id,
    version: event.participantSeq,
    updatedAt: event.occurredAt,
  };
  if (grantTypes.includes(event.type)) {
    return {
      ...base,
      status: "active",
      formVersionId: event.formVersionId,
      formVersionHash: event.formVersionHash,
      choices: { ...event.choices },
      permittedPurposes: purposesOf(event.detail, state?.permittedPurposes ?? []),
      withdrawalLevel: null,
      pendingFormVersionId: null,
      interimRule: null,
      consentedBy: event.type === "proxy_granted" ? "proxy" : "self",
      provision: state?.provision ?? NO_PROVISION_STANDING,
      lifeEvent: state?.lifeEvent ?? null,
    };
  }
  // Anything else amends a consent that must already exist.
  if (!state) return null;
  switch (event.type) {
    case "choices_changed":
      return { ...state, ...base, choices: { ...event.choices } };
    case "reconsent_requested": {
      if (state.status === "withdrawn") return { ...state, ...base };
      // Carrying on with the earlier consent must be stated; anything else pauses new uses (fail closed).
      const rule = event.detail.interimRule === "continue_previous" ? "continue_previous" : "pause_new_uses";
      const pending = typeof event.detail.pendingFormVersionId === "string" ? event.detail.pendingFormVersionId : null;
      return { ...state, ...base, status: "reconsent_required", pendingFormVersionId: pending, interimRule: rule };
    }
    case "withdrawn":
      return { ...state, ...base, status: "withdrawn", withdrawalLevel: stricterWithdrawal(state.withdrawalLevel, event.withdrawalLevel) };
    case "notice_given": {
      // A notice given is no change of consent: like a sample's event, it moves the version and not the consent's time.
      const noticeVersion = typeof event.detail.noticeVersion === "string" ? event.detail.noticeVersion : state.provision.noticeVersion;
      return { ...state, lastEventId: event.id, version: event.participantSeq, provision: { ...state.provision, noticeVersion } };
    }
    case "provision_stopped":
      return { ...state, ...base, provision: { ...state.provision, stopped: true } };
    case "death_recorded":
    case "incapacity_recorded": {
      if (state.lifeEvent?.kind === "death") return { ...state, lastEventId: event.id, version: event.participantSeq };
      const on = typeof event.detail.occurredOn === "string" ? event.detail.occurredOn : event.occurredAt.slice(0, 10);
      return { ...state, ...base, lifeEvent: { kind: event.type === "death_recorded" ? "death" : "incapacity", on } };
    }
    case "sample_registered":
      // A new sample is covered by the consent as it stands: the version moves on (so the message that carries the
      // sample supersedes the last one), and nothing else does — not even the time of the consent's last change.
      return { ...state, lastEventId: event.id, version: event.participantSeq };
    default:
      // Assent is recorded for the record; it changes no choice.
      return { ...state, ...base };
  }
}

export function projectConsent(events: Iterable<ProjectableEvent>): ConsentProjection | null {
  let state: ConsentProjection | null = null;
  for (const event of events) state = applyConsentEvent(state, event);
  return state;
}
