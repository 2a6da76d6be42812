import type { ServerResponse } from "node:http";
import { sendError } from "../http/send-json";
import { detachedCompact, type UnencodedDetachedJws } from "../signing/jws-signer";

/**
 * The two forms a release's answer comes in (ADR 160), chosen by the client's `Accept`:
 * - `attached` (v1, the default until the sunset below): `application/json`, the payload with a member `jws` spliced
 *   in, a compact JWS whose payload is the body without it (base64url, so a manifest travels twice);
 * - `detached` (v2): `application/vnd.tsunagi.release.v2+json`, the body is the payload's bytes exactly as signed and
 *   the header `Tsunagi-Jws` holds `header..signature`, an RFC 7797 JWS (`"b64": false, "crit": ["b64"]`) over them.
 */
export type ReleaseForm = "attached" | "detached";

export const RELEASE_MEDIA_TYPE_V1 = "application/vnd.tsunagi.release.v1+json";
export const RELEASE_MEDIA_TYPE_V2 = "application/vnd.tsunagi.release.v2+json";
/** The response header that carries the detached form's signature. */
export const RELEASE_JWS_HEADER = "Tsunagi-Jws";
const RELEASE_MEDIA_TYPE_FAMILY = /^application\/vnd\.tsunagi\.release\.[^/]*\+json$/;

/**
 * The attached form is served until this date (ADR 160), and says so on every answer in it: `Deprecation` (RFC 9745,
 * since ADR 160 was accepted) and `Sunset` (RFC 8594). After it, the default becomes the detached form and asking
 * for v1 is 406; that is a change of code, made then, not a switch on the clock.
 */
export const ATTACHED_FORM_DEPRECATED_AT = Date.UTC(2026, 10, 30);
export const ATTACHED_FORM_SUNSET_AT = Date.UTC(2027, 4, 31);
export const attachedFormHeaders: Readonly<Record<string, string>> = Object.freeze({
  Deprecation: `@${ATTACHED_FORM_DEPRECATED_AT / 1000}`,
  Sunset: new Date(ATTACHED_FORM_SUNSET_AT).toUTCString(),
  Vary: "Accept",
});

export type ReleaseFormChoice = { ok: true; form: ReleaseForm } | { ok: false; asked: string[] };

interface MediaRange {
  type: string;
  q: number;
}

function mediaRanges(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(",")) {
    const [typePart, ...parameters] = part.split(";");
    const type = (typePart ?? "").trim().toLowerCase();
    if (type === "") continue;
    let q = 1;
    for (const parameter of parameters) {
      const [name, value] = parameter.split("=").map((piece) => piece.trim());
      if (name?.toLowerCase() === "q") {
        const parsed = Number(value);
        q = Number.isFinite(parsed) && parsed >= 0 && parsed <= 1 ? parsed : 0;
      }
    }
    ranges.push({ type, q });
  }
  return ranges;
}

/** How specifically `range` names `mediaType` (higher wins, RFC 9110 §12.5.1), or -1 when it does not match it. */
function specificity(range: string, mediaType: string): number {
  if (range === mediaType) return 3;
  if (range === "application/*") return 1;
  if (range === "*/*") return 0;
  return -1;
}

/** The quality the client gives a media type: that of the most specific range matching it; undefined when none does. */
function qualityOf(ranges: MediaRange[], mediaTypes: string[]): { q: number; exact: boolean } | undefined {
  let best: { q: number; level: number } | undefined;
  for (const range of ranges) {
    for (const mediaType of mediaTypes) {
      const level = specificity(range.type, mediaType);
      if (level < 0) continue;
      if (!best || level > best.level || (level === best.level && range.q > best.q)) best = { q: range.q, level };
    }
  }
  return best && { q: best.q, exact: best.level >= 2 };
}

/**
 * The form a client asked for. The detached form only when named (`application/vnd.tsunagi.release.v2+json`) at a
 * quality no lower than the attached one's; the attached form when `Accept` is absent, or allows `application/json`
 * or v1, or names nothing this answer could be (as before ADR 160: a client that sent `text/html` was answered JSON).
 * Refused only when the client names release forms and none of them is one the bridge speaks (v3, say), or refuses
 * both outright: then 406, rather than a form it cannot read.
 */
export function releaseFormFor(accept: string | undefined): ReleaseFormChoice {
  if (accept === undefined || accept.trim() === "") return { ok: true, form: "attached" };
  const ranges = mediaRanges(accept);
  const detached = qualityOf(ranges, [RELEASE_MEDIA_TYPE_V2]);
  const attached = qualityOf(ranges, [RELEASE_MEDIA_TYPE_V1, "application/json"]);
  if (detached?.exact && detached.q > 0 && detached.q >= (attached?.q ?? 0)) return { ok: true, form: "detached" };
  if (attached && attached.q > 0) return { ok: true, form: "attached" };
  if (detached && detached.q > 0) return { ok: true, form: "detached" };
  const asked = ranges.filter((range) => RELEASE_MEDIA_TYPE_FAMILY.test(range.type) && range.q > 0).map((range) => range.type);
  if (asked.length > 0 || attached || detached) return { ok: false, asked };
  return { ok: true, form: "attached" };
}

/** 406 in the bridge's `{error}` shape, naming the forms it speaks. */
export function sendReleaseFormRefused(response: ServerResponse, asked: string[]): void {
  sendError(response, 406, "not_acceptable", { reason: "release_form_unsupported", asked, supported: [RELEASE_MEDIA_TYPE_V2, RELEASE_MEDIA_TYPE_V1, "application/json"] }, { Vary: "Accept" });
}

/**
 * The detached form: the body is `payload` exactly as signed, so a client verifies the bytes it read, with no JSON
 * to re-serialise or splice apart; the signature is one response header of a few hundred bytes.
 */
export function sendDetachedRelease(response: ServerResponse, status: number, payload: Buffer, jws: UnencodedDetachedJws): void {
  response.writeHead(status, {
    "Content-Type": RELEASE_MEDIA_TYPE_V2,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    Vary: "Accept",
    [RELEASE_JWS_HEADER]: detachedCompact(jws),
    "Content-Length": payload.length,
  });
  response.end(payload);
}

/** Whether a stored detached signature (`header..signature`) is RFC 7797's unencoded kind, by its protected header. */
export function isUnencodedSignature(detached: string): boolean {
  const header = JSON.parse(Buffer.from(detached.slice(0, detached.indexOf(".")), "base64url").toString("utf8")) as { b64?: unknown };
  return header.b64 === false;
}
