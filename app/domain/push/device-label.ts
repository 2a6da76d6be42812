import { describeDevice } from "../auth/index.server";

/**
 * A device's name as its holder will recognise it on the settings page ("Chrome · Android"), from the User-Agent of
 * the request that turned notifications on, read as the sessions and passkeys pages read it (auth's describeDevice).
 * Only the browser's family and the system: nothing that tells devices of the same kind apart.
 */
export function deviceLabelOf(userAgent: string | null | undefined): string {
  const { browser, os } = describeDevice(userAgent);
  return [browser ?? "Browser", os].filter(Boolean).join(" · ");
}
