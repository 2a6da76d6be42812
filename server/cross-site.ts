/**
 * Refuses state-changing requests sent by another site (Lucia's guide: check Sec-Fetch-Site, fall back to
 * Origin for browsers that do not send it). Cookies are SameSite=Lax as a second layer.
 */
export function isCrossSiteRequest(method: string, headers: { get(name: string): string | null | undefined }, appOrigin: string): boolean {
  if (["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase())) return false;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite) return fetchSite !== "same-origin" && fetchSite !== "none";
  const origin = headers.get("origin");
  if (origin) return origin !== appOrigin;
  // Neither header: not a browser (or a very old one); there is no ambient cookie risk to defend against.
  return false;
}
