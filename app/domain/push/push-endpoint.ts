/**
 * The push services a subscription may name (ADR 110). A subscription's endpoint is a URL the browser hands us and
 * the server later POSTs to, so an unchecked one would let any account make the server call any address (SSRF). Only
 * https endpoints on the origins configured in PUSH_SERVICE_ORIGINS are taken; an entry may start its host with `*.`
 * for any subdomain (`https://*.notify.windows.com`). Tests name their local push service's http origin there.
 */
export const defaultPushServiceOrigins = [
  "https://fcm.googleapis.com",
  "https://updates.push.services.mozilla.com",
  "https://web.push.apple.com",
  "https://*.notify.windows.com",
] as const;

export function pushEndpointAllowed(endpoint: string, origins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password || endpoint.length > 2048) return false;
  return origins.some((allowed) => {
    const match = /^(https?):\/\/(\*\.)?([^/:]+)(?::(\d+))?$/.exec(allowed.trim());
    if (!match) return false;
    const [, scheme, wildcard, host, port] = match;
    if (url.protocol !== `${scheme}:` || url.port !== (port ?? "")) return false;
    return wildcard ? url.hostname.endsWith(`.${host}`) : url.hostname === host;
  });
}
