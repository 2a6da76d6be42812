import { choiceCatalogue, choiceIds, type ChoiceId, type Recipient } from "./choice-catalogue";
import { applyConsentEvent, type ConsentProjection, type ProjectableEvent } from "./consent-projection";
import { isConsentVersionEvent, isSampleEvent, lifeEventTypes, provisionEventTypes, type ConsentEventType, type ConsentMethod, type WithdrawalLevel } from "./ledger-event";

/**
 * A consent record per change (issue 32 item 1; ADR 108): ISO/IEC TS 27560:2023 as the W3C DPVCG implements it with
 * the Data Privacy Vocabulary (DPV 2.3, the `dpv-27560#record` profile), in JSON-LD. Pure: built from the
 * participant's ledger events up to the change, so the same events always give the same record, and what the record
 * says a choice means is this file's table, derived from the choice catalogue (every choice must have its line).
 *
 * What it never carries: a name, an address, a signature's printed name, a free-text answer. The participant is their
 * pseudonym, the programme's people are roles.
 */

/** The namespaces a record's compact IRIs use (DPV 2.3; `tsunagi` is the programme's own, for what DPV has no term for). */
export function consentRecordContext(programmeIri: string) {
  return {
    dpv: "https://w3id.org/dpv#",
    pd: "https://w3id.org/dpv/pd#",
    loc: "https://w3id.org/dpv/loc#",
    "legal-jp": "https://w3id.org/dpv/legal/jp#",
    "sector-health": "https://w3id.org/dpv/sector/health#",
    dct: "http://purl.org/dc/terms/",
    duo: "http://purl.obolibrary.org/obo/DUO_",
    tsunagi: `${programmeIri.replace(/\/$/, "")}/ns#`,
  } as const;
}

export const DPV_27560_RECORD_PROFILE = "https://w3id.org/dpv/schema/dpv-27560#record";

/**
 * A record's IRI: where the programme serves it (GET /api/v1/consent-records/<pseudonym>, to the readers allowed
 * there), the change's event id as the fragment. The FHIR Consent of the same change links to it.
 */
export function consentRecordIri(programmeIri: string, pseudonym: string, eventId: string): string {
  return `${programmeIri.replace(/\/+$/, "")}/api/v1/consent-records/${encodeURIComponent(pseudonym)}#${eventId}`;
}

/**
 * What each choice, granted, lets the programme do, in DPV terms: the purposes, the processing and the personal data
 * (DPV 2.3; each term checked to exist there, ADR 108). Recipients come from the catalogue's `governs`. A preference
 * (the recontact channel and frequency) grants nothing and is no process.
 */
export const choiceProcessTerms = {
  "core.wgs": { purposes: ["sector-health:HealthcareScientificResearch"], processing: ["dpv:Collect", "dpv:Store", "dpv:Analyse"], personalData: ["sector-health:GenomicData", "pd:Health"] },
  "return.primary": { purposes: ["sector-health:GeneticConditionDiagnosis"], processing: ["dpv:Analyse", "dpv:Disclose"], personalData: ["sector-health:GenomicData"] },
  "findings.secondary.hereditary_cancer": { purposes: ["sector-health:GeneticConditionDiagnosis"], processing: ["dpv:Analyse", "dpv:Disclose"], personalData: ["sector-health:GenomicData"] },
  "findings.secondary.other_actionable": { purposes: ["sector-health:GeneticConditionDiagnosis"], processing: ["dpv:Analyse", "dpv:Disclose"], personalData: ["sector-health:GenomicData"] },
  "share.academia": { purposes: ["dpv:AcademicResearch"], processing: ["dpv:Share"], personalData: ["sector-health:GenomicData", "pd:Health"] },
  "share.industry": { purposes: ["dpv:CommercialResearch"], processing: ["dpv:Share"], personalData: ["sector-health:GenomicData", "pd:Health"] },
  "share.international": { purposes: ["dpv:ScientificResearch"], processing: ["dpv:Transfer"], personalData: ["sector-health:GenomicData", "pd:Health"] },
  "share.public_db": { purposes: ["dpv:ScientificResearch"], processing: ["dpv:Disclose"], personalData: ["sector-health:GenomicData"] },
  "specimen.joint_research": { purposes: ["dpv:AcademicResearch"], processing: ["dpv:Share"], personalData: ["sector-health:BiobankData"] },
  "specimen.industry_only": { purposes: ["dpv:CommercialResearch"], processing: ["dpv:Share"], personalData: ["sector-health:BiobankData"] },
  "recontact.research": { purposes: ["dpv:CommunicationManagement", "dpv:ScientificResearch"], processing: ["dpv:Use"], personalData: ["pd:Contact"] },
  "recontact.findings_update": { purposes: ["dpv:CommunicationManagement", "sector-health:GeneticConditionDiagnosis"], processing: ["dpv:Use"], personalData: ["pd:Contact"] },
  "recontact.channel": null,
  "recontact.frequency": null,
  // What happens after a death or loss of capacity (ADR 143) is no processing of its own: the record states the life
  // event and the disposition apart from the processes.
  "disposition.life_event": null,
  "linkage.public_db": { purposes: ["dpv:ScientificResearch"], processing: ["dpv:Combine"], personalData: ["pd:HealthRecord"] },
} as const satisfies Record<ChoiceId, { purposes: readonly string[]; processing: readonly string[]; personalData: readonly string[] } | null>;

/** The DPV consent states a record's history and its processes use (all in DPV 2.3's `dpv:ConsentStatus`). */
export const dpvConsentStates = ["dpv:ConsentGiven", "dpv:RenewedConsentGiven", "dpv:ConsentRefused", "dpv:ConsentRequestDeferred", "dpv:ConsentRequested", "dpv:ConsentWithdrawn"] as const;
export type DpvConsentState = (typeof dpvConsentStates)[number];

/** An event's state as the record's history states it (a withdrawal at any level is dpv:ConsentWithdrawn; its level beside it). */
export function dpvStateOfEvent(type: Exclude<ConsentEventType, "sample_registered" | "notice_given" | "provision_stopped" | "death_recorded" | "incapacity_recorded">): DpvConsentState {
  switch (type) {
    case "granted":
    case "proxy_granted":
    case "transferred_at_majority":
    case "choices_changed":
    case "assent":
      return "dpv:ConsentGiven";
    case "reconsented":
      return "dpv:RenewedConsentGiven";
    case "reconsent_requested":
      return "dpv:ConsentRequested";
    case "withdrawn":
      return "dpv:ConsentWithdrawn";
  }
}

/** A withdrawal covers every process, except "no further contact", which covers the recontact processes only. */
function withdrawalCovers(level: WithdrawalLevel, choice: ChoiceId): boolean {
  return level !== "no_contact" || choice.startsWith("recontact.");
}

/** A choice's value as the state of consent for its process. */
function dpvStateOfChoice(choice: ChoiceId, value: string | undefined, withdrawal: WithdrawalLevel | null): DpvConsentState {
  if (withdrawal && withdrawalCovers(withdrawal, choice)) return "dpv:ConsentWithdrawn";
  if (value === "yes" || value === "want") return "dpv:ConsentGiven";
  if (value === "undecided") return "dpv:ConsentRequestDeferred";
  return "dpv:ConsentRefused";
}

/** Who gave what an event records, by the ledger's actor role. */
function indicatedBy(type: ConsentEventType, actorRole: string): string {
  if (type === "assent") return "dpv:Child";
  if (actorRole === "proxy" || type === "proxy_granted") return "dpv:GuardianOfDataSubject";
  if (actorRole === "participant") return "dpv:DataSubject";
  // A coordinator who records a paper or assisted consent, or the system (a re-consent request): the controller.
  return "dpv:DataController";
}

/** What a record event needs beyond the projection's fields. */
export interface ConsentRecordEvent extends ProjectableEvent {
  method: ConsentMethod;
  actorRole: string;
  /** The language the form was read and signed in, for a signed event. */
  language?: "ja" | "ja-easy" | "en" | null;
}

export interface ConsentRecordInput {
  /** The participant as other systems know them (the bridge's subject): never a name or an address. */
  pseudonym: string;
  /** The programme: the controller, and the pages where a participant acts on their consent and their rights. */
  programme: { iri: string; name: string; consentPage: string; rightsPage: string };
  /** The participant's ledger events in order, up to and including the change the record is for. */
  events: readonly ConsentRecordEvent[];
  /** Each form version the events name: its version label and when it took effect. */
  notices: Readonly<Record<string, { version: string; effectiveFrom: string }>>;
}

const recipientNames: Record<Recipient, string> = {
  academia: "academic research institutions",
  industry: "companies doing research",
  international: "research institutions outside Japan",
  public: "public research databases",
  certified_producer: "certified producers of anonymised or pseudonymised medical information under the Next-Generation Medical Infrastructure Act",
  regulator_pmda: "the Ministry of Health, Labour and Welfare and the PMDA, for drug approval only",
  regulator_fda: "the US Food and Drug Administration, for drug approval only",
  regulator_mhra: "the UK Medicines and Healthcare products Regulatory Agency, for drug approval only",
  regulator_ema: "the European Medicines Agency, for drug approval only",
};

/** BCP 47 for the signed text: やさしい日本語 is Japanese (its own form text is kept apart by the notice's version). */
const bcp47 = { ja: "ja", "ja-easy": "ja", en: "en" } as const;

/**
 * The consent record after the last of `events` (ADR 108). Throws when the events hold no consent event, or the last
 * is a sample event (which changes no consent and yields no record). The last may be an event of the 2024 law (a
 * notice, a stop) or a life event (a death, a loss of capacity): the record then states the consent as it stands with
 * that standing beside it (ADR 140, 143), though no receipt is issued for it (the consent did not change).
 */
export function consentRecordOf(input: ConsentRecordInput) {
  const consentEvents = input.events.filter((event) => isConsentVersionEvent(event.type));
  const last = input.events.at(-1);
  if (!last || isSampleEvent(last.type) || consentEvents.length === 0) throw new Error("A consent record is made for a consent event");
  if (input.events.some((event, index) => index > 0 && event.participantSeq !== input.events[index - 1]!.participantSeq + 1)) throw new Error("The events are not the participant's, in order");
  let state: ConsentProjection | null = null;
  for (const event of input.events) state = applyConsentEvent(state, event);
  if (!state || state.lastEventId !== last.id) throw new Error("The events are not the participant's, in order");

  const programme = input.programme.iri.replace(/\/$/, "");
  const noticeOf = (formVersionId: string | null, formVersionHash: string | null, language?: string | null) => {
    if (!formVersionId) return undefined;
    const notice = input.notices[formVersionId];
    if (!notice) throw new Error(`No notice given for form version ${formVersionId}`);
    return {
      "@id": `${programme}/consent-forms/${formVersionId}`,
      "@type": "dpv:ConsentNotice",
      "dct:hasVersion": notice.version,
      "dct:date": notice.effectiveFrom,
      ...(language ? { "dct:language": bcp47[language as keyof typeof bcp47] } : {}),
      ...(formVersionHash ? { "tsunagi:formVersionSha256": formVersionHash } : {}),
    };
  };
  const signed = [...consentEvents].reverse().find((event) => event.formVersionId === state!.formVersionId && event.language);
  const languages = [...new Set(consentEvents.flatMap((event) => (event.language ? [bcp47[event.language]] : [])))];

  const processes = choiceIds.flatMap((choice) => {
    const terms = choiceProcessTerms[choice];
    if (terms === null || !(choice in state!.choices)) return [];
    const recipients = [...new Set(choiceCatalogue[choice].governs.flatMap((rule) => ("recipients" in rule ? rule.recipients : [])))];
    const duo = [...(state!.choices[choice] === "yes" ? choiceCatalogue[choice].duo.whenGranted : choiceCatalogue[choice].duo.whenDeclined)];
    return [
      {
        "@type": "dpv:Process",
        "dct:identifier": choice,
        "dpv:hasPurpose": [...terms.purposes],
        "dpv:hasProcessing": [...terms.processing],
        "dpv:hasPersonalData": [...terms.personalData],
        "dpv:hasLegalBasis": "dpv:Consent",
        "dpv:hasRecipient":
          recipients.length > 0
            ? recipients.map((recipient) => ({ "@id": `${programme}/recipients/${recipient}`, "@type": "dpv:ThirdParty", "dpv:hasName": recipientNames[recipient] }))
            : [{ "@id": programme }],
        ...(duo.length > 0 ? { "dct:subject": duo.map((code) => code.replace("DUO:", "duo:")) } : {}),
        "tsunagi:choice": state!.choices[choice],
        "dpv:hasConsentStatus": { "@type": dpvStateOfChoice(choice, state!.choices[choice], state!.withdrawalLevel) },
      },
    ];
  });

  const history = consentEvents.map((event) => {
    const type = event.type as Exclude<ConsentEventType, "sample_registered" | "notice_given" | "provision_stopped" | "death_recorded" | "incapacity_recorded">;
    const notice = noticeOf(event.formVersionId, event.formVersionHash, event.language);
    return {
      "@type": type === "withdrawn" || type === "reconsent_requested" ? [dpvStateOfEvent(type)] : [dpvStateOfEvent(type), "dpv:ExplicitlyExpressedConsent"],
      "dct:identifier": event.id,
      "dpv:isIndicatedAtTime": event.occurredAt,
      "dpv:isIndicatedBy": indicatedBy(type, event.actorRole),
      "dpv:hasIndicationMethod": event.method,
      "dpv:hasDuration": { "@type": "dpv:EndlessDuration" },
      "tsunagi:event": type,
      ...(event.withdrawalLevel ? { "tsunagi:withdrawalLevel": event.withdrawalLevel } : {}),
      ...(notice ? { "dpv:hasNotice": notice } : {}),
    };
  });

  const currentNotice = noticeOf(state.formVersionId, state.formVersionHash, signed?.language);
  return {
    "@context": consentRecordContext(programme),
    "@id": consentRecordIri(programme, input.pseudonym, last.id),
    "@type": "dpv:ConsentRecord",
    "dct:conformsTo": DPV_27560_RECORD_PROFILE,
    "dct:identifier": last.id,
    "dct:created": last.occurredAt,
    "dpv:hasDataSubject": { "@type": "dpv:Participant", "dct:identifier": input.pseudonym },
    "dpv:hasDataController": { "@id": programme, "@type": "dpv:DataController", "dpv:hasName": input.programme.name },
    "dpv:hasJurisdiction": "loc:JP",
    "dpv:hasApplicableLaw": "legal-jp:law-APPI",
    "dct:language": languages.length > 0 ? languages : ["ja"],
    ...(currentNotice ? { "dpv:hasNotice": currentNotice } : {}),
    "dpv:hasStorageCondition": [
      { "@type": "dpv:StorageLocation", "dpv:hasLocation": "loc:JP" },
      { "@type": "dpv:StorageDuration", "dpv:hasDuration": { "@type": "dpv:UntilEventDuration", "dct:description": "until the participant withdraws at the level destroy, or the programme ends" } },
    ],
    "dpv:hasConsentControl": [{ "@type": ["dpv:ProvideConsent", "dpv:WithdrawConsent", "dpv:ReaffirmConsent"], "dpv:isExercisedAt": input.programme.consentPage }],
    "dpv:hasRight": [{ "@type": "dpv:DataSubjectRight", "dpv:isExercisedAt": input.programme.rightsPage }],
    "tsunagi:status": state.status,
    ...(state.withdrawalLevel ? { "tsunagi:withdrawalLevel": state.withdrawalLevel } : {}),
    "tsunagi:consentedBy": state.consentedBy,
    ...standingOf(state, input.events),
    "dpv:hasProcess": processes,
    "dpv:hasConsentStatus": history,
  };
}

export type ConsentRecord = ReturnType<typeof consentRecordOf>;

/**
 * Where the person stands under the 2024 law (its notice and stop, ADR 140) and after a recorded death or loss of
 * capacity (with the disposition in force, ADR 143), each with the events that made it so. Programme terms: DPV has no
 * term for the Act's opt-out or for a disposition after death, and a wrong DPV term would be worse than a named one.
 */
function standingOf(state: ConsentProjection, events: readonly ConsentRecordEvent[]) {
  const eventsOf = (types: readonly ConsentEventType[]) =>
    events.filter((event) => types.includes(event.type)).map((event) => ({ "dct:identifier": event.id, "tsunagi:event": event.type, "dpv:isIndicatedAtTime": event.occurredAt, "dpv:hasIndicationMethod": event.method }));
  const provision =
    state.provision.noticeVersion !== null || state.provision.stopped
      ? {
          "tsunagi:provisionUnderLaw": {
            "dpv:hasApplicableLaw": "tsunagi:NextGenerationMedicalInfrastructureAct",
            "dpv:hasRecipient": { "@type": "dpv:ThirdParty", "dpv:hasName": recipientNames.certified_producer },
            "tsunagi:noticeVersion": state.provision.noticeVersion,
            "tsunagi:stopped": state.provision.stopped,
            "tsunagi:events": eventsOf(provisionEventTypes),
          },
        }
      : {};
  const chosen = state.choices["disposition.life_event"];
  const life = state.lifeEvent
    ? {
        "tsunagi:lifeEvent": {
          "tsunagi:kind": state.lifeEvent.kind,
          "dct:date": state.lifeEvent.on,
          "tsunagi:disposition": chosen ?? "stop_new_use",
          "tsunagi:dispositionChosen": chosen !== undefined,
          "tsunagi:events": eventsOf(lifeEventTypes),
        },
      }
    : {};
  return { ...provision, ...life };
}

export const DPV_27560_RECEIPT_PROFILE = "https://w3id.org/dpv/schema/dpv-27560#receipt";

/**
 * The receipt a participant keeps for one change (issue 32 item 2; ADR 108): a `dpv:ConsentReceipt` of the DPV-27560
 * receipt profile wrapping the whole record of that change (the profile keeps the record's MUST fields), issued at
 * `issuedAt` to the data subject by the programme. What it proves is that the programme issued it once signed
 * (consent-receipt-jws.server.ts); whether a later change superseded it, the ledger says.
 */
export function consentReceiptOf(record: ConsentRecord, issuedAt: string) {
  const { "@context": context, ...recordBody } = record;
  return {
    "@context": context,
    "@id": `${record["@id"]}-receipt`,
    "@type": "dpv:ConsentReceipt",
    "dct:conformsTo": DPV_27560_RECEIPT_PROFILE,
    "dct:identifier": `receipt-${record["dct:identifier"]}`,
    "dct:created": issuedAt,
    "dct:audience": "dpv:DataSubject",
    "dct:publisher": record["dpv:hasDataController"]["@id"],
    "dpv:hasRecordOfActivity": recordBody,
  };
}

export type ConsentReceipt = ReturnType<typeof consentReceiptOf>;
