/**
 * The WebAuthn library (@simplewebauthn/server), loaded the first time a passkey is registered or used. It brings an
 * X.509 and ASN.1 stack that took about half a CPU-second of every process's start: every app worker, every services
 * process and every operator's command (`ledger:verify` and the rest), most of which never see a passkey (issue 62).
 */
type WebAuthnLibrary = typeof import("@simplewebauthn/server");

let loading: Promise<WebAuthnLibrary> | undefined;

export function webAuthnLibrary(): Promise<WebAuthnLibrary> {
  loading ??= import("@simplewebauthn/server");
  return loading;
}
