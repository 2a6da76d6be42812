// Issue 32 item 2 (ADR 108): the keys that sign consent receipts — their own file, published at
// /consent-receipts/jwks.json, rotated without a restart — and a receipt signed with them checked against what is
// published, before and after a rotation.
import { statSync } from "node:fs";
import path from "node:path";
import { decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { signConsentReceipt, verifyConsentReceipt } from "../../app/domain/consent/records/receipts/consent-receipt-jws.server";
import { loadReceiptKeys, RECEIPT_KEYS_FILE } from "../../app/domain/consent/records/receipts/receipt-keys.server";
import { loader as jwksLoader } from "../../app/routes/public/consent-receipts.jwks[.]json";
import { rotateSigningKeys } from "../../scripts/rotate-signing-keys";
import { recordEvent, testReceipt } from "../factories/consent-receipt";
import { useTempDataDir } from "../support/temp-data-dir";

const dataDir = useTempDataDir();

const published = async () => {
  const response = await jwksLoader();
  expect(response.headers.get("Content-Type")).toMatch(/^application\/jwk-set\+json/);
  expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  return (await response.json()) as { keys: { kid: string; d?: string }[] };
};

const receipt = () => testReceipt([recordEvent(1)], new Date().toISOString());

describe("the consent receipts' signing keys", () => {
  it("are made on first use in their own file (0600), published without their private part, and check what they sign", async () => {
    const keys = await published();
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0]!.d).toBeUndefined();
    expect(statSync(path.join(dataDir.path, RECEIPT_KEYS_FILE)).mode & 0o777).toBe(0o600);
    const jws = await signConsentReceipt(receipt(), (await loadReceiptKeys()).signing);
    expect(decodeProtectedHeader(jws).kid).toBe(keys.keys[0]!.kid);
    expect(await verifyConsentReceipt(jws, keys as never)).toMatchObject({ ok: true });
  });

  it("rotate without a restart: the new key is published before it signs, and a receipt signed before still checks", async () => {
    const before = await signConsentReceipt(receipt(), (await loadReceiptKeys()).signing);
    const rotation = await rotateSigningKeys({ keys: "receipts", file: path.join(dataDir.path, RECEIPT_KEYS_FILE), activateInMs: 60_000, retire: [], newKey: true, force: true });
    const newKid = rotation.added!.kid;
    process.kill(process.pid, "SIGHUP");
    await expect.poll(async () => (await published()).keys.map((key) => key.kid), { timeout: 10_000 }).toContain(newKid);
    // Not yet its time: the old key still signs; from its time on, the new one.
    expect((await loadReceiptKeys()).signing.kid).not.toBe(newKid);
    expect((await loadReceiptKeys(Date.parse(rotation.added!.signsFrom) + 1)).signing.kid).toBe(newKid);
    expect(await verifyConsentReceipt(before, (await published()) as never)).toMatchObject({ ok: true });
  });
});
