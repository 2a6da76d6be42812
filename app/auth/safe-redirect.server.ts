import { getEnv } from "../env.server";

// C0 and C1 controls, DEL, and the backslash. WHATWG URL parsers silently drop tab and newline inside a URL and
// read "\" as "/" in http(s) URLs, so "/\t/evil.example" and "/\\evil.example" both mean //evil.example to a
// browser; a newline in a Location header is also a header-injection attempt (it made Headers throw, a 500).
function hasForbiddenCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x5c) return true;
  }
  return false;
}

/**
 * Where to send someone after signing in (or re-authenticating, changing language, …) when the page they asked
 * for came from the request. The value is resolved against the app's own origin and kept only if it stays
 * there; what is returned is the resolved path, query and fragment as the URL serializer writes them (ASCII,
 * percent-encoded), never the raw input, so what the browser follows is exactly what was checked. Anything
 * else — another origin, a scheme, a protocol-relative "//host", a control character, a backslash — becomes
 * `fallback`.
 */
export function safeRedirectPath(value: unknown, fallback = "/home"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  if (hasForbiddenCharacter(value) || !value.startsWith("/") || value.startsWith("//")) return fallback;
  const origin = new URL(getEnv().APP_URL).origin;
  let resolved: URL;
  try {
    resolved = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (resolved.origin !== origin) return fallback;
  const target = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // The serializer can make "//" from dot segments ("/.//evil.example" → "//evil.example"), which a browser would
  // read as another host: only a path that is still a path is returned.
  return target.startsWith("/") && !target.startsWith("//") && !hasForbiddenCharacter(target) ? target : fallback;
}
