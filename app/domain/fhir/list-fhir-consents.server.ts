import { createHash } from "node:crypto";
import { getDatabase, type Database } from "../../db.server";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { signedGrantTypes } from "@tsunagi/consent-rules/ledger-event";
import { projectionFromRow } from "../consent";
import { consentsToFhir, consentVersionsToFhir, type ConsentToFhirInput, type FhirConsentDocument, type FhirFormVersion } from "./consent-to-fhir";
import type { FhirConsent } from "./fhir-types";

/**
 * Every consent record of one participant, found by pseudonym, as FHIR Consent resources (newest first). An
 * unknown pseudonym has none. Reads the ledger, the stored projection, the form versions and the PDF copies;
 * never the identity tables.
 */
export async function listFhirConsents(options: { pseudonym: string; appUrl: string }, db: Database = getDatabase()): Promise<FhirConsent[]> {
  const input = await loadFhirInput(options, db);
  return input ? consentsToFhir(input) : [];
}

/** What the mapping needs for one participant: ledger, projection, forms, PDF digests; null without events. */
async function loadFhirInput(options: { pseudonym: string; appUrl: string }, db: Database): Promise<ConsentToFhirInput | null> {
  const participant = await db.participant.findUnique({ where: { pseudonym: options.pseudonym }, select: { id: true, pseudonym: true } });
  if (!participant) return null;
  const [events, stateRow] = await Promise.all([
    db.consentEvent.findMany({ where: { participantId: participant.id }, orderBy: { participantSeq: "asc" } }),
    db.consentState.findUnique({ where: { participantId: participant.id } }),
  ]);
  if (events.length === 0) return null;

  const formVersionIds = new Set(events.flatMap((event) => (event.formVersionId ? [event.formVersionId] : [])));
  if (stateRow?.pendingFormVersionId) formVersionIds.add(stateRow.pendingFormVersionId);
  const grantIds = events.filter((event) => signedGrantTypes.includes(event.type)).map((event) => event.id);
  const [forms, documents] = await Promise.all([
    db.consentFormVersion.findMany({ where: { id: { in: [...formVersionIds] } }, select: { id: true, formKey: true, version: true, contentHash: true } }),
    db.consentDocument.findMany({ where: { eventId: { in: grantIds } }, select: { eventId: true, language: true, pdf: true, sha256: true, createdAt: true } }),
  ]);

  return {
    pseudonym: participant.pseudonym,
    appUrl: options.appUrl,
    events: events.map((event) => ({
      id: event.id,
      participantSeq: event.participantSeq,
      type: event.type,
      occurredAt: event.occurredAt.toISOString(),
      method: event.method,
      formVersionId: event.formVersionId,
      formVersionHash: event.formVersionHash,
      choices: (event.choices ?? {}) as ChoiceSnapshot,
      withdrawalLevel: event.withdrawalLevel,
      detail: (event.detail ?? {}) as Record<string, unknown>,
    })),
    projection: stateRow ? projectionFromRow(stateRow) : null,
    formVersions: Object.fromEntries(forms.map((form): [string, FhirFormVersion] => [form.id, form])),
    documents: Object.fromEntries(
      documents.map((document): [string, FhirConsentDocument] => [
        document.eventId,
        {
          language: document.language,
          sha256: document.sha256,
          sha1Base64: createHash("sha1").update(document.pdf).digest("base64"),
          size: document.pdf.byteLength,
          createdAt: document.createdAt.toISOString(),
        },
      ]),
    ),
  };
}

/** One consent record by its id (the grant event's id), for FHIR's read interaction; null when there is none. */
export async function findFhirConsent(options: { id: string; appUrl: string }, db: Database = getDatabase()): Promise<FhirConsent | null> {
  const event = await db.consentEvent.findUnique({ where: { id: options.id }, select: { participant: { select: { pseudonym: true } } } });
  if (!event) return null;
  const consents = await listFhirConsents({ pseudonym: event.participant.pseudonym, appUrl: options.appUrl }, db);
  return consents.find((consent) => consent.id === options.id) ?? null;
}

/** Every version of one consent record, oldest first (FHIR history and vread); empty when there is no such record. */
export async function findFhirConsentVersions(options: { id: string; appUrl: string }, db: Database = getDatabase()): Promise<FhirConsent[]> {
  const event = await db.consentEvent.findUnique({ where: { id: options.id }, select: { participant: { select: { pseudonym: true } } } });
  if (!event) return [];
  const input = await loadFhirInput({ pseudonym: event.participant.pseudonym, appUrl: options.appUrl }, db);
  return input ? consentVersionsToFhir(input, options.id) : [];
}
