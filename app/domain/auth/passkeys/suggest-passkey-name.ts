import { describeDevice } from "../describe-device";

// Re-exported for the passkeys page, which names devices the same way.
export { describeDevice };

/** The name used when none is given: "Passkey (Chrome on Android)", or just "Passkey". */
export function suggestPasskeyName(userAgent: string | null | undefined): string {
  const { browser, os } = describeDevice(userAgent);
  const detail = [browser, os].filter(Boolean).join(" on ");
  return detail ? `Passkey (${detail})` : "Passkey";
}
