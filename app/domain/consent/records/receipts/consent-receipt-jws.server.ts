import type { KeyObject } from "node:crypto";
import { CompactSign, compactVerify, createLocalJWKSet, type JSONWebKeySet } from "jose";
import { DPV_27560_RECEIPT_PROFILE, type ConsentReceipt } from "@tsunagi/consent-rules/consent-record";
import { isCanonicalEs256Signature, LOW_S_HEADER, withLowS } from "@tsunagi/service-kit/es256-low-s";

/** The JWS header's `typ`: what the signed bytes are, so a receipt cannot be taken for another of the programme's tokens. */
export const CONSENT_RECEIPT_JWS_TYPE = "consent-receipt+jws";

/**
 * A receipt signed as a compact JWS (ES256, the key's `kid` in the header; issue 32 item 2): the receipt's JSON is the
 * payload exactly as signed, so anyone with the published keys can check it offline, byte for byte. Low S, and the
 * header says so: a receipt has one valid form (ADR 117).
 */
export async function signConsentReceipt(receipt: ConsentReceipt, key: { kid: string; privateKey: KeyObject }): Promise<string> {
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(receipt)))
    .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: CONSENT_RECEIPT_JWS_TYPE, cty: "application/ld+json", ...LOW_S_HEADER })
    .sign(key.privateKey);
  return withLowS(jws);
}

export type ReceiptVerification =
  | { ok: true; receipt: ConsentReceipt; kid: string }
  | { ok: false; reason: "malformed" | "unknown_key" | "bad_signature" | "not_a_receipt" };

/**
 * Checks a receipt against a published key set: the signature (ES256 only, by a key the set holds), then that what it
 * signs is a receipt of the DPV-27560 receipt profile. Proves the programme issued it, not that nothing has changed
 * since: a later change has its own receipt, and the ledger (the participant's history) shows which is the latest.
 */
export async function verifyConsentReceipt(jws: string, keys: JSONWebKeySet): Promise<ReceiptVerification> {
  const text = jws.trim();
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text) || text.length > 1_000_000) return { ok: false, reason: "malformed" };
  let verified: Awaited<ReturnType<typeof compactVerify>>;
  try {
    verified = await compactVerify(text, createLocalJWKSet(keys), { algorithms: ["ES256"] });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_JWKS_NO_MATCHING_KEY") return { ok: false, reason: "unknown_key" };
    if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") return { ok: false, reason: "bad_signature" };
    return { ok: false, reason: "malformed" };
  }
  // The high-S twin of a receipt's signature verifies too; it is a second form the programme never issued (ADR 117).
  // Receipts issued before the header promised low S are held by participants and keep verifying in either form.
  if (!isCanonicalEs256Signature(text, "when-promised")) return { ok: false, reason: "bad_signature" };
  if (verified.protectedHeader.typ !== CONSENT_RECEIPT_JWS_TYPE) return { ok: false, reason: "not_a_receipt" };
  let receipt: unknown;
  try {
    receipt = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(verified.payload));
  } catch {
    return { ok: false, reason: "not_a_receipt" };
  }
  const candidate = receipt as Partial<ConsentReceipt> | null;
  if (candidate?.["@type"] !== "dpv:ConsentReceipt" || candidate["dct:conformsTo"] !== DPV_27560_RECEIPT_PROFILE || typeof candidate["dpv:hasRecordOfActivity"] !== "object") {
    return { ok: false, reason: "not_a_receipt" };
  }
  return { ok: true, receipt: candidate as ConsentReceipt, kid: verified.protectedHeader.kid ?? "" };
}
