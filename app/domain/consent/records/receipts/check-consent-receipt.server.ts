import { consentEventTypes, consentMethods, withdrawalLevels, type ConsentEventType, type ConsentMethod, type WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { verifyConsentReceipt, type ReceiptVerification } from "./consent-receipt-jws.server";
import { receiptJwks } from "./receipt-keys.server";

/** What a checked receipt says, as a page shows it: the change it is for and who issued it; the whole receipt beside. */
export interface CheckedReceipt {
  issuer: { name: string; iri: string };
  keyId: string;
  pseudonym: string;
  change: {
    eventId: string;
    type: ConsentEventType | null;
    occurredAt: string;
    method: ConsentMethod | null;
    withdrawalLevel: WithdrawalLevel | null;
  };
  formVersion: string | null;
  formVersionSha256: string | null;
  issuedAt: string;
  /** The receipt's JSON, indented, for the reader who wants every field. */
  json: string;
}

export type ReceiptCheck = { valid: true; receipt: CheckedReceipt } | { valid: false; reason: Extract<ReceiptVerification, { ok: false }>["reason"] };

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | null => (values.includes(value as T) ? (value as T) : null);

/**
 * The public check of a receipt (issue 32 item 2; ADR 108): its signature against the keys the programme publishes at
 * /consent-receipts/jwks.json, nothing else — no database, nothing kept, nothing logged of what it holds. It proves the
 * programme issued the receipt and that it is unaltered; not that it is still the participant's consent.
 */
export async function checkConsentReceipt(text: string): Promise<ReceiptCheck> {
  const checked = await verifyConsentReceipt(text, await receiptJwks());
  if (!checked.ok) return { valid: false, reason: checked.reason };
  const record = checked.receipt["dpv:hasRecordOfActivity"];
  const last = record["dpv:hasConsentStatus"].at(-1);
  const notice = last?.["dpv:hasNotice"] ?? record["dpv:hasNotice"];
  return {
    valid: true,
    receipt: {
      issuer: { name: record["dpv:hasDataController"]["dpv:hasName"], iri: record["dpv:hasDataController"]["@id"] },
      keyId: checked.kid,
      pseudonym: record["dpv:hasDataSubject"]["dct:identifier"],
      change: {
        eventId: record["dct:identifier"],
        type: oneOf(consentEventTypes, last?.["tsunagi:event"]),
        occurredAt: record["dct:created"],
        method: oneOf(consentMethods, last?.["dpv:hasIndicationMethod"]),
        withdrawalLevel: oneOf(withdrawalLevels, last?.["tsunagi:withdrawalLevel"]),
      },
      formVersion: notice?.["dct:hasVersion"] ?? null,
      formVersionSha256: notice?.["tsunagi:formVersionSha256"] ?? null,
      issuedAt: checked.receipt["dct:created"],
      json: JSON.stringify(checked.receipt, null, 2),
    },
  };
}
