import { consentReceiptOf, consentRecordOf, type ConsentReceipt, type ConsentRecordEvent } from "@tsunagi/consent-rules/consent-record";
import { choiceSnapshot } from "./choice-snapshot";

/** The programme a test's records and receipts name. */
export const testProgramme = { iri: "https://tsunagi.example", name: "Tsunagi", consentPage: "https://tsunagi.example/consent", rightsPage: "https://tsunagi.example/consent/history" };

/** One ledger event as the record builder takes it: a grant online by the participant, unless `fields` say otherwise. */
export function recordEvent(seq: number, fields: Partial<ConsentRecordEvent> = {}): ConsentRecordEvent {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    participantId: "p-1",
    participantSeq: seq,
    type: "granted",
    occurredAt: new Date(Date.UTC(2026, 10, seq, 9)).toISOString(),
    formVersionId: "form-v1",
    formVersionHash: "f".repeat(64),
    choices: choiceSnapshot(),
    withdrawalLevel: null,
    detail: {},
    method: "online",
    actorRole: "participant",
    language: "en",
    ...fields,
  };
}

/** A receipt for the last of `events` (by default one grant), as the programme issues it. */
export function testReceipt(events: ConsentRecordEvent[] = [recordEvent(1)], issuedAt = "2026-11-27T16:00:00.000Z"): ConsentReceipt {
  const record = consentRecordOf({ pseudonym: "TGP-AB12-CD34", programme: testProgramme, events, notices: { "form-v1": { version: "1.0", effectiveFrom: "2026-04-01" } } });
  return consentReceiptOf(record, issuedAt);
}
