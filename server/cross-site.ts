/**
 * Refuses state-changing requests sent by another site (Lucia's guide: check Sec-Fetch-Site, fall back to
 * Origin for browsers that do not send it). Cookies are SameSite=Lax as a second layer.
 */
export function isCrossSiteRequest(method: string, headers: { get(name: string): string | null | undefined }, appOrigin: string, path = ""): boolean {
  if (["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase())) return false;
  if (isOneClickUnsubscribe(path)) return false;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite) return fetchSite !== "same-origin" && fetchSite !== "none";
  const origin = headers.get("origin");
  if (origin) return origin !== appOrigin;
  // Neither header: not a browser (or a very old one); there is no ambient cookie risk to defend against.
  return false;
}

/**
 * The digest's one-click unsubscribe (RFC 8058; ADR 038): a mail client, or a webmail page in the reader's browser,
 * POSTs to the link in the List-Unsubscribe header from wherever it runs. The path's token is the only key and all it
 * can do is switch a mail off, so there is no ambient authority for another site to borrow: exactly this path, one
 * token segment and no more, is let through.
 */
export function isOneClickUnsubscribe(path: string): boolean {
  return /^\/updates\/unsubscribe\/[A-Za-z0-9_-]{1,64}$/.test(path);
}
