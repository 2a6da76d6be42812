import { generateKeyPairSync } from "node:crypto";
import { CompactSign } from "jose";
import { describe, expect, it } from "vitest";
import { recordEvent, testReceipt } from "../../../../../tests/factories/consent-receipt";
import { hasLowS, highSTwinJws, jwsSignature } from "../../../../../tests/support/high-s-twin";
import { DPV_27560_RECEIPT_PROFILE } from "@tsunagi/consent-rules/consent-record";
import { signConsentReceipt, verifyConsentReceipt } from "./consent-receipt-jws.server";

function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: "jwk" }), kid, alg: "ES256", use: "sig" } };
}

const signer = keyPair("receipts-2026-11");
const published = { keys: [signer.jwk] };

const receipt = (withdrawn = false) =>
  testReceipt([recordEvent(1), ...(withdrawn ? [recordEvent(2, { type: "withdrawn", withdrawalLevel: "no_further_use", formVersionId: null, formVersionHash: null, choices: {} })] : [])]);

describe("a consent receipt signed as a JWS (issue 32 item 2)", () => {
  it("wraps the change's whole record in the DPV-27560 receipt profile, and verifies against the published keys", async () => {
    const issued = receipt();
    expect(issued).toMatchObject({ "@type": "dpv:ConsentReceipt", "dct:conformsTo": DPV_27560_RECEIPT_PROFILE, "dct:audience": "dpv:DataSubject", "dct:publisher": "https://tsunagi.example" });
    expect(issued["dpv:hasRecordOfActivity"]["dct:identifier"]).toBe("00000000-0000-4000-8000-000000000001");
    const jws = await signConsentReceipt(issued, signer);
    const checked = await verifyConsentReceipt(jws, published);
    expect(checked).toEqual({ ok: true, receipt: issued, kid: "receipts-2026-11" });
  });

  it("a receipt altered after signing fails: the signature no longer matches what it says", async () => {
    const [header, payload, signature] = (await signConsentReceipt(receipt(), signer)).split(".");
    // Turn the given consent into another: the same receipt with every "ConsentGiven" made "ConsentRefused".
    const text = Buffer.from(payload!, "base64url").toString("utf8").replaceAll("dpv:ConsentGiven", "dpv:ConsentRefused");
    const forged = `${header}.${Buffer.from(text).toString("base64url")}.${signature}`;
    expect(await verifyConsentReceipt(forged, published)).toEqual({ ok: false, reason: "bad_signature" });
    // Another receipt's signature on this one's payload fails alike.
    const other = (await signConsentReceipt(receipt(true), signer)).split(".")[2];
    expect(await verifyConsentReceipt(`${header}.${payload}.${other}`, published)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a receipt signed by a key the programme does not publish, one that is not a receipt, and what is no JWS", async () => {
    const stranger = keyPair("receipts-2026-11");
    expect((await verifyConsentReceipt(await signConsentReceipt(receipt(), stranger), published)).ok).toBe(false);
    const unknownKid = keyPair("someone-else");
    expect(await verifyConsentReceipt(await signConsentReceipt(receipt(), unknownKid), published)).toEqual({ ok: false, reason: "unknown_key" });
    // The programme's key on something else (another token type, or a receipt-shaped JSON under another typ).
    const notReceipt = await new CompactSign(new TextEncoder().encode(JSON.stringify({ "@type": "dpv:ConsentRecord" }))).setProtectedHeader({ alg: "ES256", kid: signer.kid, typ: "consent-receipt+jws" }).sign(signer.privateKey);
    expect(await verifyConsentReceipt(notReceipt, published)).toEqual({ ok: false, reason: "not_a_receipt" });
    const otherType = await new CompactSign(new TextEncoder().encode(JSON.stringify(receipt()))).setProtectedHeader({ alg: "ES256", kid: signer.kid, typ: "JWT" }).sign(signer.privateKey);
    expect(await verifyConsentReceipt(otherType, published)).toEqual({ ok: false, reason: "not_a_receipt" });
    // An unsigned token ("alg": "none") and text that is no JWS at all.
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "consent-receipt+jws" })).toString("base64url")}.${Buffer.from(JSON.stringify(receipt())).toString("base64url")}.`;
    for (const text of [none, "", "not a receipt", "a.b.c", "\u202Eeyj.x.y"]) expect((await verifyConsentReceipt(text, published)).ok, text).toBe(false);
  });
});

// ADR 117: a receipt has one valid form. ECDSA's (r, n − s) verifies as well as (r, s), so a second encoding of the
// same receipt could be shown as one the programme issued.
describe("a consent receipt's signature has one form (low S)", () => {
  it("every receipt is signed low-S, over many signatures (jose alone gives high S about half the time)", async () => {
    const issued = receipt();
    for (let i = 0; i < 100; i++) {
      const jws = await signConsentReceipt(issued, signer);
      expect(hasLowS(jwsSignature(jws)), jws).toBe(true);
      expect((await verifyConsentReceipt(jws, published)).ok).toBe(true);
    }
  });

  it("refuses the high-S twin of a genuine receipt as a signature that does not match", async () => {
    const jws = await signConsentReceipt(receipt(), signer);
    expect((await verifyConsentReceipt(jws, published)).ok).toBe(true);
    expect(await verifyConsentReceipt(highSTwinJws(jws), published)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses the signature's segment written with other unused bits, which decodes to the same bytes", async () => {
    const jws = await signConsentReceipt(receipt(), signer);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sameBytes = `${jws.slice(0, -1)}${alphabet[alphabet.indexOf(jws.at(-1)!) ^ 1]}`;
    expect(await verifyConsentReceipt(sameBytes, published)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("a receipt issued before the rule (no low-S promise in its header) still verifies in either form: participants hold them", async () => {
    const issued = receipt();
    const before = await new CompactSign(new TextEncoder().encode(JSON.stringify(issued)))
      .setProtectedHeader({ alg: "ES256", kid: signer.kid, typ: "consent-receipt+jws", cty: "application/ld+json" })
      .sign(signer.privateKey);
    for (const form of [before, highSTwinJws(before)]) {
      expect(await verifyConsentReceipt(form, published)).toEqual({ ok: true, receipt: issued, kid: "receipts-2026-11" });
    }
  });
});
