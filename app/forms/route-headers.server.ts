import type { HeadersFunction } from "@remix-run/node";

/**
 * The headers a page's loader or action sets for the browser to act on, which Remix puts on the page only through the
 * route's `headers` export (Set-Cookie aside, which it always passes): without it a plain form post refused for too many
 * tries arrived as 429 without `Retry-After`. The other headers a loader's `json()` carries (its Content-Type, above
 * all) are not the page's. Not Referrer-Policy: every page keeps the server's `same-origin` (ADR 107) — a page sent
 * with `no-referrer` makes the browser post its forms with `Origin: null`, which Remix refuses as cross-site.
 */
export const pageHeaderNames = ["Retry-After", "Cache-Control"] as const;

/**
 * A route's `headers` export (`export const headers = passPageHeaders;`) for a page whose loader or action sets one of
 * `pageHeaderNames`: the loader's, then the action's (a refusal's Retry-After), then a thrown response's, last wins.
 */
export const passPageHeaders: HeadersFunction = ({ loaderHeaders, actionHeaders, errorHeaders }) => {
  const headers = new Headers();
  for (const source of [loaderHeaders, actionHeaders, errorHeaders]) {
    if (!source) continue;
    for (const name of pageHeaderNames) {
      const value = source.get(name);
      if (value !== null) headers.set(name, value);
    }
  }
  return headers;
};
