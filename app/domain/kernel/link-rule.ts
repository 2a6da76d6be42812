/**
 * The one rule for a link a user or staff member supplies (issue 54 item 5; ADR 116): a report's decision links, the
 * links in an update's, a consultation's, a report's or a transparency report's Markdown. It is asked before anything
 * is stored and again when a stored link is shown, so a link kept under an older rule is never served as one.
 *
 * Allowed:
 * - an absolute `https:` address with a host and no user name or password in it;
 * - a path on this site (`/updates/…`), which from any page stays on that page's origin;
 * - a place on the same page (`#…`).
 * Nothing else: no `http:`, `mailto:`, `javascript:` or `data:`, and no path a browser reads as another host. WHATWG
 * URL parsers drop tabs and newlines inside a URL and read `\` as `/` in http(s) URLs, so `/\evil.example`,
 * `/\t/evil.example` and `\\evil.example` are all `//evil.example` to a browser; every space, control and invisible
 * character and every backslash is refused outright. Encoded slashes, backslashes, dots, percent signs and controls
 * (`/%2F…`, `/%5C…`, `%2e%2e`, `%252F`) are refused too: a server or proxy that decodes a path once more would read
 * them as the forms above.
 *
 * Pure, without Node APIs: the same function runs in the schemas, the pages and the browser.
 */

// Any https origin serves: a path is judged by where it leads from whatever page shows it.
const probeOrigin = "https://link-rule.invalid";
const unsafeCharacter = /[\s\p{Cc}\p{Cf}\\]/u;
const unsafeEscape = /%(?:2f|5c|2e|25|[01][0-9a-f]|7f)/i;

export function isSafeLink(value: string): boolean {
  if (value.length === 0 || unsafeCharacter.test(value) || unsafeEscape.test(value)) return false;
  if (value.startsWith("#")) return true;
  if (value.startsWith("/")) return isAppPath(value);
  if (/^https:\/\//i.test(value)) return isHttpsAddress(value);
  return false;
}

function isAppPath(value: string): boolean {
  if (value.startsWith("//")) return false;
  let resolved: URL;
  try {
    resolved = new URL(value, probeOrigin);
  } catch {
    return false;
  }
  // Dot segments can make "//" of a path ("/.//evil.example"): still this origin here, but another host if copied
  // anywhere a path is read as a URL.
  return resolved.origin === probeOrigin && !resolved.pathname.startsWith("//");
}

function isHttpsAddress(value: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return false;
  }
  // "https://app.example@evil.example" opens evil.example: a name before the host only misleads the reader.
  return parsed.protocol === "https:" && parsed.hostname !== "" && parsed.username === "" && parsed.password === "";
}
