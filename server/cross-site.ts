/** Why the edge refuses a state-changing request as another site's: its fetch metadata says so, or its Origin does. */
export type CrossSiteRefusal = "cross_site" | "origin_mismatch";

/**
 * Refuses state-changing requests sent by another site (Lucia's guide: check Sec-Fetch-Site, and Origin where it is
 * sent). Cookies are SameSite=Lax as a second layer.
 *
 * An Origin that is not the app's own is refused whatever Sec-Fetch-Site claims (issue 54 item 4; ADR 116): a browser
 * sends the page's true origin, so a mismatch is a forgery or a page that cannot prove where it is — "null" from a
 * no-referrer page, a sandboxed frame or a file, an empty or garbled value. Remix's own check reads "null" as a host
 * other than the request's and threw (a 500 with a stack); it is a 403 here, before any route code.
 */
export function crossSiteRefusal(method: string, headers: { get(name: string): string | null | undefined }, appOrigin: string, path = ""): CrossSiteRefusal | null {
  if (["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase())) return null;
  if (isOneClickUnsubscribe(path)) return null;
  const origin = headers.get("origin");
  if (origin !== null && origin !== undefined && origin !== appOrigin) return "origin_mismatch";
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return "cross_site";
  // Neither header (not a browser, or a very old one): there is no ambient cookie risk to defend against.
  return null;
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
