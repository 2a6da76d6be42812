import { getEnv } from "../../../env.server";

/**
 * WebAuthn binds every passkey to a host name (the RP ID) and checks the page's origin on every ceremony.
 * Both come from APP_URL, the one address people use, so a passkey made there never works on a look-alike site.
 */
export function relyingParty(): { id: string; name: string; origin: string } {
  const url = new URL(getEnv().APP_URL);
  return { id: url.hostname, name: "Tsunagi", origin: url.origin };
}

/**
 * The WebAuthn user handle: the account's random UUID, never the e-mail, because authenticators may show or
 * sync it. Stable per account, so registering again on the same authenticator replaces rather than duplicates.
 */
export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId, "utf8"));
}

export function userIdFromHandle(handle: string): string {
  return Buffer.from(handle, "base64url").toString("utf8");
}
