import { signingKeySet } from "../../../security/index.server";

/**
 * The ES256 keys that sign consent receipts (issue 32 item 2; ADR 108): `<TSUNAGI_DATA_DIR>/receipt-signing-keys.json`,
 * one of the app's signing key sets (created on first ask, watched, rotated by `npm run keys:rotate -- receipts`
 * without a restart). Every key is published at /consent-receipts/jwks.json, retired ones too, so a receipt issued
 * years ago still checks.
 */
export const RECEIPT_KEYS_FILE = "receipt-signing-keys.json";

const receiptKeys = signingKeySet({ fileName: RECEIPT_KEYS_FILE, what: "the consent receipt signing keys", signs: "consent receipts" });

export const loadReceiptKeys = (at: number = Date.now()) => receiptKeys.load(at);
export const receiptJwks = () => receiptKeys.jwks();
export const closeReceiptKeys = (): void => receiptKeys.close();
