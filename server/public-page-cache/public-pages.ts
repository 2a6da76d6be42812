/**
 * The pages served from the public-page cache (ADR 071): the same for every signed-out reader of a language, given
 * their path and the few query parameters named here. A request with any other parameter, or a value outside what
 * the page takes, is not one of them and is rendered as usual — so nobody can fill the cache with variants.
 */
export interface PublicPage {
  /** The Remix route that renders it, for the request's log line. */
  routeId: string;
  /** The path and its parameters in a fixed order: the part of the cache key that is not the language. */
  key: string;
}

/** `?page=` of the paged lists: the first pages only (a later one is rendered per request, as before). */
const pageNumber = /^(?:[1-9]|1[0-9]|20)$/;
/** `?months=` of the transparency page: the choices its form offers. */
const monthChoices = /^(?:12|24|60|all)$/;
const slug = /^[a-z0-9][a-z0-9-]{0,79}$/;
const version = /^[1-9][0-9]{0,3}$/;

type Parameters = Record<string, RegExp>;

const fixedPages: Record<string, { routeId: string; parameters: Parameters }> = {
  "/": { routeId: "routes/public/_index", parameters: {} },
  "/transparency": { routeId: "routes/public/transparency._index", parameters: { months: monthChoices } },
  "/transparency/reports": { routeId: "routes/public/transparency.reports._index", parameters: { page: pageNumber } },
  "/updates": { routeId: "routes/public/updates._index", parameters: { page: pageNumber } },
  "/register": { routeId: "routes/public/register._index", parameters: {} },
  "/consultations": { routeId: "routes/public/consultations._index", parameters: {} },
  "/consultations/results": { routeId: "routes/public/consultations.results", parameters: {} },
};

function withParameters(path: string, search: URLSearchParams, parameters: Parameters): string | null {
  const kept: string[] = [];
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    const pattern = parameters[name];
    if (!pattern || values.length !== 1 || !pattern.test(values[0]!)) return null;
    kept.push(`${name}=${values[0]}`);
  }
  kept.sort();
  return kept.length === 0 ? path : `${path}?${kept.join("&")}`;
}

/** The public page a GET of `path` with `search` is, or null when it is not one the cache serves. */
export function publicPageOf(path: string, search: string): PublicPage | null {
  const params = new URLSearchParams(search);
  const fixed = fixedPages[path];
  if (fixed) {
    const key = withParameters(path, params, fixed.parameters);
    return key === null ? null : { routeId: fixed.routeId, key };
  }
  // A published transparency report, its newest version or a given one (ADR 048).
  const report = /^\/transparency\/reports\/([^/]+)(?:\/v\/([^/]+))?$/.exec(path);
  if (report && slug.test(report[1]!) && (report[2] === undefined || version.test(report[2]))) {
    const key = withParameters(path, params, {});
    const routeId = report[2] === undefined ? "routes/public/transparency.reports.$slug._index" : "routes/public/transparency.reports.$slug.v.$version._index";
    return key === null ? null : { routeId, key };
  }
  return null;
}

/**
 * The reader's language when the request is a signed-out reader's — no cookie but the language's (`lang`) — else
 * null: a session, a device remembered for its second factor, a consultation responder's token, anything else may
 * change the page, so such a request is rendered for its reader as before.
 */
export function onlyLanguageCookie(cookieHeader: string | undefined): { languageCookie: string | null } | null {
  if (!cookieHeader) return { languageCookie: null };
  let languageCookie: string | null = null;
  for (const part of cookieHeader.split(";")) {
    const pair = part.trim();
    if (pair === "") continue;
    const name = pair.slice(0, pair.indexOf("=") === -1 ? pair.length : pair.indexOf("="));
    if (name !== "lang" || languageCookie !== null) return null;
    languageCookie = pair;
  }
  return { languageCookie };
}
