import { getEnv } from "../env.server";
import { isLoopbackHost } from "@tsunagi/service-kit/loopback";

/**
 * Whether the app's cookies carry `Secure` (and a `__Host-`/`__Secure-` name): always, unless APP_URL names this
 * machine's loopback (http://localhost, http://127.0.0.1), where browsers and test clients talk plain http to a
 * server nobody else can reach. An APP_URL on plain http anywhere else — a LAN address, a host name — still gets
 * Secure cookies, which browsers then refuse to keep: sign-in fails until the app is served over https, rather than
 * session cookies crossing the network in clear (ADR 014).
 */
export function cookiesAreSecure(): boolean {
  return !isLoopbackHost(new URL(getEnv().APP_URL).hostname);
}
