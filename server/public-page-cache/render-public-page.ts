import type { RouteTextsMap } from "../../app/rendering/route-texts";
import { createHash, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants as zlibConstants, gzip } from "node:zlib";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** A page as the cache keeps it: its bytes three ways, its ETag, and the hashes its CSP allows in place of a nonce. */
export interface RenderedPage {
  html: Buffer;
  gzip: Buffer;
  brotli: Buffer;
  etag: string;
  /** `'sha256-…'` sources, one per inline script the app itself rendered into the page. */
  scriptHashes: string[];
}

/**
 * Rendered with a marker in place of the nonce — random per render, so no text stored in the database can carry it —
 * then each script element carrying the marker is hashed and the marker taken out. A `<script>` in the HTML that does
 * not carry it (one someone got into a page's content) is left unhashed: the browser will not run it (ADR 071).
 */
export function hashMarkedScripts(markedHtml: string, marker: string): { html: string; scriptHashes: string[] } {
  const markerAttribute = ` nonce="${marker}"`;
  const hashes = new Set<string>();
  for (const match of markedHtml.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attributes, content] = match;
    if (!attributes!.includes(markerAttribute) || /\bsrc\s*=/i.test(attributes!)) continue;
    hashes.add(`'sha256-${createHash("sha256").update(content!, "utf8").digest("base64")}'`);
  }
  return { html: markedHtml.split(markerAttribute).join(""), scriptHashes: [...hashes].sort() };
}

/**
 * What a signed-out reader of `languageCookie` (or of the default language) gets at `pathAndSearch`, rendered through
 * the app's own Remix handler at the app's own origin (never the Host a client sent: a cached page must not echo
 * it). Null when the answer is not a plain 200 page that could be anyone's (a redirect, a 404, a Set-Cookie).
 */
export function createPublicPageRenderer(options: { build: () => Promise<ServerBuild>; mode: string; appOrigin: string; textsChunks?: Partial<Record<string, string[]>>; routeTexts?: RouteTextsMap }) {
  const handleRequest = createRequestHandler(options.build, options.mode);
  return async (pathAndSearch: string, languageCookie: string | null): Promise<RenderedPage | null> => {
    const marker = randomBytes(18).toString("base64url");
    const headers = new Headers({
      Accept: "text/html",
      // isbot() recognises it, so entry.server.tsx waits for the whole page rather than streaming it.
      "User-Agent": "TsunagiPublicPageCache/1.0 (+bot)",
    });
    if (languageCookie) headers.set("Cookie", languageCookie);
    const response = await handleRequest(new Request(new URL(pathAndSearch, options.appOrigin), { headers }), {
      cspNonce: marker,
      clientAddress: "public-page-cache",
      // Where each language's texts went in the build (ADR 153): the page asks for its own with its scripts, as a page
      // Remix renders per request does, rather than the entry finding out only once it runs.
      textsChunks: options.textsChunks,
      routeTexts: options.routeTexts,
    });
    const body = await response.text();
    if (response.status !== 200 || response.headers.has("Set-Cookie") || !response.headers.get("Content-Type")?.startsWith("text/html")) return null;
    const { html, scriptHashes } = hashMarkedScripts(body, marker);
    const bytes = Buffer.from(html, "utf8");
    const [gzipBytes, brotliBytes] = await Promise.all([
      gzipped(bytes, { level: 9 }),
      brotli(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
    ]);
    const etag = `W/"${createHash("sha256").update(bytes).digest("base64url").slice(0, 27)}"`;
    return { html: bytes, gzip: gzipBytes, brotli: brotliBytes, etag, scriptHashes };
  };
}
