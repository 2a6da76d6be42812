/**
 * What a page costs a phone to load (issue 60 item 2): the page fetched as a phone's browser fetches it — its HTML, then
 * every script and style sheet the HTML asks for before the page can run (module scripts, module preloads, the
 * imports of the inline entry script, style sheets) — counted in bytes two ways:
 *   - `scriptGzip`: the scripts' bytes each gzipped at level 9, the same for every server: the figure the budget is
 *     measured in (at most 1.3× Remix's own template page);
 *   - `cold` / `warm`: the bytes that crossed the wire as the server sent them (its compression, brotli or gzip), on a
 *     first visit, and on a second visit with the first one's cache (immutable assets not asked again, the page
 *     revalidated with its ETag where it has one).
 * Used by the web bench (a line per page beside the template's) and by tests/integration/page-weight.test.ts.
 */
import http from "node:http";
import { gzipSync } from "node:zlib";

export interface PageWeight {
  /** The assets the page asks for before it runs, in the order found. */
  assets: string[];
  /** Every script's bytes gzipped at level 9 (the budget's measure). */
  scriptGzip: number;
  /** Every script's bytes decoded. */
  scriptDecoded: number;
  /** Bytes on the wire, first visit: the HTML and every asset, as served. */
  cold: number;
  /** Bytes on the wire, second visit with the first's cache: the HTML again (or its 304), assets only if not cacheable. */
  warm: number;
}

interface Fetched {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as it came off the wire (still compressed). */
  wire: Buffer;
}

/** A phone's browser's request: brotli and gzip accepted, a phone's user agent. */
const PHONE_HEADERS = {
  "Accept-Encoding": "br, gzip",
  "User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
};

function get(url: string, headers: Record<string, string>): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { ...PHONE_HEADERS, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, wire: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

/** The decoded body of a response fetched as it came off the wire. */
async function decoded(fetched: Fetched): Promise<Buffer> {
  const { brotliDecompressSync, gunzipSync } = await import("node:zlib");
  const encoding = fetched.headers["content-encoding"];
  if (encoding === "br") return brotliDecompressSync(fetched.wire);
  if (encoding === "gzip") return gunzipSync(fetched.wire);
  return fetched.wire;
}

/** The assets an HTML page asks for before it runs: module scripts and preloads, the inline entry's imports, styles. */
export function assetsOfPage(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/<link\b[^>]*\brel="(?:modulepreload|stylesheet)"[^>]*>/g)) {
    const href = /\bhref="([^"]+)"/.exec(match[0])?.[1];
    if (href) found.add(href);
  }
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)) found.add(match[1]!);
  for (const script of html.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const match of script[1]!.matchAll(/(?:import\s*\(\s*|from\s*|import\s+)"([^"]+\.(?:js|mjs))"/g)) found.add(match[1]!);
  }
  return [...found].filter((asset) => asset.startsWith("/"));
}

const cacheable = (headers: http.IncomingHttpHeaders) => /immutable|max-age=[1-9]/.test(String(headers["cache-control"] ?? ""));

/** Loads `path` from `origin` as a phone would, cold then warm, with `cookie` if given. */
export async function measurePageWeight(origin: string, path: string, cookie?: string): Promise<PageWeight> {
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  const page = await get(`${origin}${path}`, headers);
  if (page.status !== 200) throw new Error(`${origin}${path} answered ${page.status}`);
  const html = (await decoded(page)).toString("utf8");
  const assets = assetsOfPage(html);
  let scriptGzip = 0;
  let scriptDecoded = 0;
  let cold = page.wire.length;
  let warm = 0;
  for (const asset of assets) {
    const fetched = await get(`${origin}${asset}`, {});
    if (fetched.status !== 200) throw new Error(`${origin}${asset} (asked for by ${path}) answered ${fetched.status}`);
    cold += fetched.wire.length;
    if (!cacheable(fetched.headers)) warm += fetched.wire.length;
    if (/\.m?js$/.test(asset)) {
      const body = await decoded(fetched);
      scriptDecoded += body.length;
      scriptGzip += gzipSync(body, { level: 9 }).length;
    }
  }
  const etag = page.headers.etag;
  const again = await get(`${origin}${path}`, { ...headers, ...(etag ? { "If-None-Match": String(etag) } : {}) });
  warm += again.wire.length;
  return { assets, scriptGzip, scriptDecoded, cold, warm };
}

/** kB with one decimal, as the bench prints bytes. */
export const kilobytes = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/**
 * The web bench's lines (issue 60 item 2): each page's scripts (gzip -9) and its bytes on the wire cold and warm, beside
 * the template's, measured in the same run.
 */
export async function printPageWeights(options: { appUrl: string; templateUrl: string; pages: { label: string; path: string; cookie?: string }[]; print: (text: string) => void }): Promise<void> {
  const { print } = options;
  const anchor = await measurePageWeight(options.templateUrl, "/");
  print("\n   Page weight as a phone loads it: the scripts gzipped at level 9 (goal ≤ 1.3× the template's), and the bytes on the wire as served, first visit (cold) and second (warm)");
  const row = (label: string, weight: PageWeight, ratio: string) =>
    print(`   ${label.padEnd(44)} scripts ${kilobytes(weight.scriptGzip).padStart(9)} (${ratio})   cold ${kilobytes(weight.cold).padStart(9)}   warm ${kilobytes(weight.warm).padStart(8)}   ${weight.assets.length} assets`);
  row("template (Remix's Express template)", anchor, "1.00×");
  for (const page of options.pages) {
    const weight = await measurePageWeight(options.appUrl, page.path, page.cookie);
    const ratio = weight.scriptGzip / anchor.scriptGzip;
    row(page.label, weight, `${ratio.toFixed(2)}×${weight.scriptGzip === 0 ? ", no scripts" : ratio <= 1.3 ? ", met" : ", NOT met"}`);
  }
}
