import { signingKeySet, type SigningKeys } from "../../security/index.server";

/**
 * The ES256 keys that sign GA4GH Passport visas (issue 15 item 6; ADR 043): `<TSUNAGI_DATA_DIR>/visa-signing-keys.json`,
 * one of the app's signing key sets (security/signing-key-set.server.ts: created on first ask, watched, rotated by
 * `npm run keys:rotate -- visas` without a restart).
 */
export const VISA_KEYS_FILE = "visa-signing-keys.json";

export type VisaKeys = SigningKeys;

const visaKeys = signingKeySet({ fileName: VISA_KEYS_FILE, what: "the visa signing keys", signs: "visas" });

export const visaKeysPath = (): string => visaKeys.path();

/** Stops watching the file and forgets the keys: the next ask opens the file again (a test file's temporary folder). */
export const closeVisaKeys = (): void => visaKeys.close();

/** The key that signs a visa issued at `at`, and every public key. */
export const loadVisaKeys = (at: number = Date.now()): Promise<VisaKeys> => visaKeys.load(at);

/** What `/.well-known/jwks.json` publishes: the public halves only, retired and not yet signing keys too. */
export const visaJwks = () => visaKeys.jwks();
