import { consentRecordIri } from "@tsunagi/consent-rules/consent-record";
import { choiceCatalogue, choiceIds, duoTermsOf, isGranted, type ChoiceId, type ChoiceSnapshot, type Recipient } from "@tsunagi/consent-rules/choice-catalogue";
import { decideAction, lifeEventLevel, withdrawalStops } from "@tsunagi/consent-rules/decide-action";
import type { ConsentEventType, ConsentMethod, WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { isSampleEvent, signedGrantTypes } from "@tsunagi/consent-rules/ledger-event";
import { projectConsent, type ConsentProjection, type ProjectableEvent } from "@tsunagi/consent-rules/consent-projection";
import { duoTerms, isDuoTermId } from "@tsunagi/consent-rules/duo-terms";
import { fhirSystems, formPolicyUri, tsunagiExtensions } from "./fhir-systems";
import type { Attachment, Coding, ConsentProvision, Extension, FhirConsent, Reference } from "./fhir-types";

/** One ledger event as the mapping needs it; identity never reaches this module. */
export interface FhirLedgerEvent {
  id: string;
  participantSeq: number;
  type: ConsentEventType;
  occurredAt: string;
  method: ConsentMethod;
  formVersionId: string | null;
  formVersionHash: string | null;
  choices: ChoiceSnapshot;
  withdrawalLevel: WithdrawalLevel | null;
  detail: Record<string, unknown>;
}

export interface FhirFormVersion {
  formKey: string;
  version: string;
  contentHash: string | null;
}

/** The signer's PDF copy, as stored: its SHA-256 (hex, as the app records it) and, for FHIR, its SHA-1. */
export interface FhirConsentDocument {
  language: "ja" | "ja_easy" | "en";
  sha256: string;
  sha1Base64: string;
  size: number;
  createdAt: string;
}

export interface ConsentToFhirInput {
  pseudonym: string;
  /** Public URL of the app, for links to the PDF copies. */
  appUrl: string;
  /** The participant's events in ledger order. */
  events: readonly FhirLedgerEvent[];
  /** The stored projection: what the current consent is, including later changes and withdrawal. */
  projection: ConsentProjection | null;
  formVersions: Readonly<Record<string, FhirFormVersion>>;
  /** By event id. */
  documents: Readonly<Record<string, FhirConsentDocument>>;
}

const consentActionDisplay = { collect: "Collect", access: "Access", use: "Use", disclose: "Disclose", correct: "Access and Correct" } as const;
const recipientDisplay: Record<Recipient, string> = {
  academia: "Academic researchers",
  industry: "Industry researchers",
  international: "Researchers abroad (equivalent protection)",
  public: "Public databases",
  certified_producer: "Certified producers of anonymised or pseudonymised medical information (Next-Generation Medical Infrastructure Act)",
  regulator_pmda: "MHLW and PMDA, for drug approval only (pseudonymised medical information)",
  regulator_fda: "US FDA, for drug approval only (pseudonymised medical information)",
  regulator_mhra: "UK MHRA, for drug approval only (pseudonymised medical information)",
  regulator_ema: "EU EMA, for drug approval only (pseudonymised medical information)",
};
/** A choice a withdrawal level stops: one governing an action the consent rule's withdrawalStops lists for it. */
function stoppedBy(level: WithdrawalLevel, id: ChoiceId): boolean {
  return choiceCatalogue[id].governs.some((rule) => withdrawalStops[level].includes(rule.action));
}

/** The grant and every event after it up to the next grant: one FHIR Consent each. */
interface Epoch {
  grant: FhirLedgerEvent;
  events: FhirLedgerEvent[];
  /** Set when a later grant replaced this one. */
  supersededAt: string | null;
  /** The grant that replaced it: the change that made this record inactive, and so its last version. */
  supersededBy: FhirLedgerEvent | null;
}

function epochsOf(events: readonly FhirLedgerEvent[]): Epoch[] {
  const epochs: Epoch[] = [];
  for (const event of events) {
    if (signedGrantTypes.includes(event.type)) {
      const previous = epochs.at(-1);
      if (previous) {
        previous.supersededAt = event.occurredAt;
        previous.supersededBy = event;
      }
      epochs.push({ grant: event, events: [event], supersededAt: null, supersededBy: null });
    } else {
      epochs.at(-1)?.events.push(event);
    }
  }
  return epochs;
}

/**
 * The events that make a new version of the FHIR resource: every event that changes what it says. A sample registered
 * later (a sample event) is in the ledger and in the replay, but the consent it is covered by reads the same before and
 * after it: no new version. The 2024 law's notice and stop and a life event are no new version of the consent itself
 * (no copy, no receipt), but they change the resource's extensions and, for a life event, its status: a new resource
 * version each (ADR 143).
 */
function versionEvents(events: readonly FhirLedgerEvent[]): FhirLedgerEvent[] {
  return events.filter((event) => !isSampleEvent(event.type));
}

/** The 2024 law's standing (ADR 140) and a recorded life event (ADR 143), as extensions of the current record. */
function standingExtensions(state: ConsentProjection | null): Extension[] {
  if (!state) return [];
  const extensions: Extension[] = [];
  if (state.provision.noticeVersion !== null || state.provision.stopped) {
    extensions.push({
      url: tsunagiExtensions.provisionUnderLaw,
      extension: [
        ...(state.provision.noticeVersion !== null ? [{ url: "noticeVersion", valueString: state.provision.noticeVersion }] : []),
        { url: "stopped", valueBoolean: state.provision.stopped },
      ],
    });
  }
  const level = lifeEventLevel(state);
  if (state.lifeEvent && level) {
    const chosen = state.choices["disposition.life_event"];
    extensions.push({
      url: tsunagiExtensions.lifeEvent,
      extension: [
        { url: "kind", valueCode: state.lifeEvent.kind },
        ...(state.lifeEvent.on ? [{ url: "date", valueDate: state.lifeEvent.on }] : []),
        // The disposition in force: the person's choice, or stop_new_use when they made none (ADR 143).
        { url: "disposition", valueCode: chosen ?? "stop_new_use" },
        { url: "dispositionChosen", valueBoolean: chosen !== undefined },
        { url: "store", valueCode: decideAction(state, { action: "store" }).allowed ? "keep" : "destroy" },
      ],
    });
  }
  return extensions;
}

function replay(participantId: string, events: readonly FhirLedgerEvent[]): ConsentProjection | null {
  return projectConsent(events.map((event): ProjectableEvent => ({ ...event, participantId })));
}

/** When an epoch's withdrawal took the level now in force. */
function withdrawalTime(epoch: Epoch, level: WithdrawalLevel | null): string | null {
  return epoch.events.find((event) => event.type === "withdrawn" && event.withdrawalLevel === level)?.occurredAt ?? null;
}

function coding(system: string, code: string, display?: string): Coding {
  return display ? { system, code, display } : { system, code };
}

function duoCoding(term: string): Coding {
  return coding(fhirSystems.duo, term, isDuoTermId(term) ? duoTerms[term].label : undefined);
}

function recipientsOf(id: ChoiceId): Recipient[] {
  const found = new Set<Recipient>();
  for (const rule of choiceCatalogue[id].governs) {
    if ("recipients" in rule) for (const recipient of rule.recipients) found.add(recipient);
  }
  return [...found];
}

function choiceProvision(id: ChoiceId, value: string, type: "permit" | "deny"): ConsentProvision {
  const definition = choiceCatalogue[id];
  // Purposes name the use the provision permits or denies; the modifiers a refusal implies (non-commercial
  // only, geographic restriction) describe the whole consent and sit in the data-use extension instead.
  const purposes = definition.duo.whenGranted;
  const recipients = recipientsOf(id);
  return {
    type,
    extension: [{ url: tsunagiExtensions.choiceValue, valueCode: value }],
    ...(recipients.length
      ? {
          actor: recipients.map((recipient) => ({
            role: { coding: [coding(fhirSystems.participationType, "IRCP", "information recipient")] },
            reference: { identifier: { system: fhirSystems.recipientClass, value: recipient }, display: recipientDisplay[recipient] },
          })),
        }
      : {}),
    action: [{ coding: [coding(fhirSystems.consentAction, definition.fhirAction, consentActionDisplay[definition.fhirAction])] }],
    ...(purposes.length ? { purpose: purposes.map(duoCoding) } : {}),
    code: [{ coding: [coding(fhirSystems.consentChoice, id)] }],
  };
}

function isPreference(id: ChoiceId): boolean {
  return "preference" in choiceCatalogue[id] && choiceCatalogue[id].preference === true;
}

interface EpochView {
  status: FhirConsent["status"];
  /** When the record became what it now is: the signature, or the change that made it inactive. */
  dateTime: string;
  baseType: "permit" | "deny";
  period: { start: string; end?: string };
  /** Choices whose provision is a deny whatever was chosen (withdrawal). */
  forcedDeny: (id: ChoiceId) => boolean;
  state: ConsentProjection | null;
  extensions: Extension[];
}

function viewOf(epoch: Epoch, state: ConsentProjection | null, formVersions: ConsentToFhirInput["formVersions"]): EpochView {
  const start = epoch.grant.occurredAt;
  if (epoch.supersededAt !== null) {
    const stoppedAt = state?.status === "withdrawn" && state.withdrawalLevel !== "no_contact" ? withdrawalTime(epoch, state.withdrawalLevel) : null;
    const end = stoppedAt ?? epoch.supersededAt;
    return { status: "inactive", dateTime: end, baseType: "permit", period: { start, end }, forcedDeny: () => false, state, extensions: [] };
  }
  if (state?.status === "withdrawn") {
    const level = state.withdrawalLevel ?? "no_further_use";
    const at = withdrawalTime(epoch, state.withdrawalLevel) ?? state.updatedAt;
    const withdrawal: Extension = {
      url: tsunagiExtensions.withdrawal,
      extension: [
        { url: "level", valueCode: level },
        { url: "dateTime", valueDateTime: at },
        // ADR 018: whether what exists is kept (no further use) or to be destroyed — the gate's answer to `store`.
        { url: "store", valueCode: decideAction(state, { action: "store" }).allowed ? "keep" : "destroy" },
      ],
    };
    if (level === "no_contact") {
      return { status: "active", dateTime: start, baseType: "permit", period: { start }, forcedDeny: (id) => stoppedBy(level, id), state, extensions: [withdrawal, ...standingExtensions(state)] };
    }
    // Inactive from the withdrawal on, so that is its time; the signature's time stays in the signed extension.
    return { status: "inactive", dateTime: at, baseType: "deny", period: { start: at }, forcedDeny: () => true, state, extensions: [withdrawal, ...standingExtensions(state)] };
  }
  const afterLife = state ? lifeEventLevel(state) : null;
  if (state && afterLife !== null) {
    // After a death or loss of capacity the person's disposition has a withdrawal level's reach (ADR 143): contact
    // stops and the record stays active under keep_using; otherwise it is inactive from the record's day on.
    const at = epoch.events.findLast((event) => event.type === "death_recorded" || event.type === "incapacity_recorded")?.occurredAt ?? state.updatedAt;
    if (afterLife === "no_contact") return { status: "active", dateTime: start, baseType: "permit", period: { start }, forcedDeny: (id) => stoppedBy(afterLife, id), state, extensions: standingExtensions(state) };
    return { status: "inactive", dateTime: at, baseType: "deny", period: { start: at }, forcedDeny: () => true, state, extensions: standingExtensions(state) };
  }
  const extensions: Extension[] = standingExtensions(state);
  if (state?.status === "reconsent_required") {
    const pending = state.pendingFormVersionId ? formVersions[state.pendingFormVersionId] : undefined;
    extensions.push({
      url: tsunagiExtensions.reconsentRequired,
      extension: [
        ...(pending ? [{ url: "pendingPolicy", valueUri: formPolicyUri(pending.formKey, pending.version) }] : []),
        { url: "interimRule", valueCode: state.interimRule ?? "pause_new_uses" },
      ],
    });
  }
  return { status: "active", dateTime: start, baseType: "permit", period: { start }, forcedDeny: () => false, state, extensions };
}

function performerOf(grant: FhirLedgerEvent, pseudonym: string): Reference {
  if (grant.type === "proxy_granted") return { type: "RelatedPerson", display: "Legal representative (proxy)" };
  return { type: "Patient", identifier: { system: fhirSystems.participant, value: pseudonym }, display: "Participant (self)" };
}

function policyOf(grant: FhirLedgerEvent, form: FhirFormVersion | undefined): FhirConsent["policy"] {
  const hash = grant.formVersionHash ?? form?.contentHash ?? null;
  return [
    {
      // Without a known form the programme's ICF as such is the policy; ppc-1 needs one either way.
      uri: form ? formPolicyUri(form.formKey, form.version) : "urn:tsunagi:icf",
      ...(hash ? { extension: [{ url: tsunagiExtensions.formContentSha256, valueString: hash }] } : {}),
    },
  ];
}

function attachmentOf(grant: FhirLedgerEvent, form: FhirFormVersion | undefined, document: FhirConsentDocument | undefined, appUrl: string): Attachment | undefined {
  if (!document) return undefined;
  const formName = form ? `${form.formKey} ${form.version}` : "consent form";
  return {
    contentType: "application/pdf",
    language: document.language === "en" ? "en" : "ja",
    url: `${appUrl.replace(/\/+$/, "")}/consent/documents/${grant.id}.pdf`,
    size: document.size,
    // R4 Attachment.hash is the base64 SHA-1; the app itself identifies documents by SHA-256, carried alongside.
    hash: document.sha1Base64,
    title: `Signed consent, ${formName}${document.language === "ja_easy" ? " (easy Japanese)" : ""}`,
    creation: document.createdAt,
    extension: [{ url: tsunagiExtensions.documentSha256, valueString: document.sha256 }],
  };
}

function consentOf(epoch: Epoch, view: EpochView, input: ConsentToFhirInput): FhirConsent {
  const { grant } = epoch;
  const form = grant.formVersionId ? input.formVersions[grant.formVersionId] : undefined;
  const choices = view.state?.choices ?? grant.choices;
  const offered = choiceIds.filter((id) => choices[id] !== undefined);
  const provisions = offered
    .filter((id) => !isPreference(id))
    .map((id) => choiceProvision(id, choices[id]!, !view.forcedDeny(id) && isGranted(id, choices[id]) ? "permit" : "deny"));
  const preferences: Extension[] = offered
    .filter(isPreference)
    .map((id) => ({ url: tsunagiExtensions.preference, extension: [{ url: "choice", valueCode: id }, { url: "value", valueCode: choices[id]! }] }));
  const dataUse: Extension[] =
    view.baseType === "permit" ? duoTermsOf(choices).map((term) => ({ url: tsunagiExtensions.dataUse, valueCoding: duoCoding(term) })) : [];
  // A replacing grant changes this record (it becomes inactive), so it is this record's last version.
  const last = epoch.supersededBy ?? versionEvents(epoch.events).at(-1) ?? grant;
  const attachment = attachmentOf(grant, form, input.documents[grant.id], input.appUrl);
  // The ISO/IEC TS 27560 record of this version's last change (ADR 108): the same change, in DPV terms (a record is
  // made for the 2024 law's and life events too, ADR 143).
  const recordOf = versionEvents(epoch.events).at(-1) ?? grant;
  return {
    resourceType: "Consent",
    id: grant.id,
    meta: { versionId: String(last.participantSeq), lastUpdated: last.occurredAt },
    extension: [
      { url: tsunagiExtensions.eventType, valueCode: grant.type },
      { url: tsunagiExtensions.method, valueCode: grant.method },
      { url: tsunagiExtensions.signedDateTime, valueDateTime: grant.occurredAt },
      { url: tsunagiExtensions.consentRecord, valueUri: consentRecordIri(input.appUrl, input.pseudonym, recordOf.id) },
      ...view.extensions,
      ...dataUse,
      ...preferences,
    ],
    identifier: [{ system: fhirSystems.consentEvent, value: grant.id }],
    status: view.status,
    scope: { coding: [coding(fhirSystems.consentScope, "research", "Research")] },
    category: [
      { coding: [coding(fhirSystems.loinc, "57016-8", "Privacy policy acknowledgment Document")] },
      { coding: [coding(fhirSystems.consentCategory, "research", "Research Information Access")] },
    ],
    patient: { identifier: { system: fhirSystems.participant, value: input.pseudonym } },
    dateTime: view.dateTime,
    performer: [performerOf(grant, input.pseudonym)],
    policy: policyOf(grant, form),
    ...(attachment ? { sourceAttachment: attachment } : {}),
    provision: { type: view.baseType, period: view.period, ...(provisions.length ? { provision: provisions } : {}) },
  };
}

/**
 * One FHIR R4 Consent per signed grant, newest first. The newest shows the consent as it stands now (the
 * stored projection: later choice changes, a pending re-consent, a withdrawal); earlier ones are `inactive`
 * and show the choices that were in force until they were replaced. Pure, so the mapping is unit-tested.
 */
export function consentsToFhir(input: ConsentToFhirInput): FhirConsent[] {
  const epochs = epochsOf(input.events);
  const participantId = input.projection?.participantId ?? "";
  return epochs
    .map((epoch) => {
      const current = epoch.supersededAt === null;
      const state = current && input.projection ? input.projection : replay(participantId, epoch.events);
      return consentOf(epoch, viewOf(epoch, state, input.formVersions), input);
    })
    .reverse();
}

/**
 * Every version of one record, oldest first, for FHIR's history and vread: the record as it stood after each
 * ledger event that changed it (its grant, later changes and withdrawals, and the grant that replaced it). Each is
 * rebuilt from the events up to that version, so an earlier version reads exactly as it did then.
 */
export function consentVersionsToFhir(input: ConsentToFhirInput, id: string): FhirConsent[] {
  const epoch = epochsOf(input.events).find((candidate) => candidate.grant.id === id);
  if (!epoch) return [];
  const seqs = versionEvents([...epoch.events, ...(epoch.supersededBy ? [epoch.supersededBy] : [])]).map((event) => event.participantSeq);
  const latest = versionEvents(input.events).at(-1)?.participantSeq;
  return seqs.flatMap((seq) => {
    const events = input.events.filter((event) => event.participantSeq <= seq);
    // The stored projection is the state now; an earlier version is replayed from its own events.
    const isNow = seq === latest;
    const version = consentsToFhir({ ...input, events, projection: isNow ? input.projection : null }).find((consent) => consent.id === id);
    return version ? [version] : [];
  });
}
