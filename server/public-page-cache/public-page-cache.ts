import type { RouteTextsMap } from "../../app/rendering/route-texts";
import type { ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { languageCookie, languageFromHeaders } from "../../app/i18n/language.server";
import { requestLogOf } from "../request-log";
import { onlyLanguageCookie, publicPageOf } from "./public-pages";
import { createPublicPageRenderer } from "./render-public-page";
import { createSharedStore, type CachedPage } from "./shared-store";

const log = serviceLogger("app");

/**
 * How long a CDN or other shared cache in front may keep a page (30 s) and then serve it while it asks again (30 s
 * more); a browser asks every time, and is answered 304 while the page is unchanged. Vary: the language is the `lang`
 * cookie, else the browser's Accept-Language, and a reader with a session cookie must never be given the copy of one
 * without (ADR 071).
 */
export const publicPageHeaders = {
  "Cache-Control": "public, max-age=0, s-maxage=30, stale-while-revalidate=30",
  Vary: "Cookie, Accept-Language, Accept-Encoding",
} as const;

/** How many pages a process keeps in memory (the variants are few: public-pages.ts bounds them). */
const memoryLimit = 400;

/**
 * The policy helmet set for this response, with the script sources replaced by the hashes of the page's own inline
 * scripts and the app's origin: no nonce (the bytes are shared), no 'unsafe-inline' (ADR 071).
 */
export function policyWithHashes(policy: string, scriptHashes: readonly string[]): string {
  const scriptSrc = ["script-src 'self'", ...scriptHashes].join(" ");
  return /(^|;)\s*script-src [^;]*/.test(policy) ? policy.replace(/(^|;)(\s*)script-src [^;]*/, `$1$2${scriptSrc}`) : `${policy};${scriptSrc}`;
}

function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const weak = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || weak(tag) === weak(etag));
}

function encodingFor(acceptEncoding: string | undefined): "br" | "gzip" | null {
  const accepted = new Set((acceptEncoding ?? "").split(",").map((part) => part.split(";")[0]!.trim().toLowerCase()));
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip")) return "gzip";
  return null;
}

/**
 * Public pages (public-pages.ts) for signed-out readers, served from a cache the app's processes share: each process
 * keeps the pages in memory, checks every request against the generation in PostgreSQL (one read per round trip for
 * all the requests waiting), and on a change takes the page another process rendered, or renders it itself and
 * shares it. Anything else, and any failure of the cache, goes on to Remix as before.
 */
export function createPublicPageCache(options: { build: () => Promise<ServerBuild>; mode: string; appOrigin: string; databaseUrl: () => string | undefined; textsChunks?: Partial<Record<string, string[]>>; routeTexts?: RouteTextsMap }) {
  const store = createSharedStore(options.databaseUrl);
  const render = createPublicPageRenderer(options);
  const memory = new Map<string, CachedPage>();
  const pending = new Map<string, Promise<CachedPage | null>>();
  // Keyed by the language the cookie names, not the cookie's bytes (which anyone can vary), rendered with its own.
  const canonicalCookies = new Map<string, Promise<string>>();
  const canonicalCookie = (language: string) => {
    let cookie = canonicalCookies.get(language);
    if (!cookie) canonicalCookies.set(language, (cookie = languageCookie.serialize(language).then((header) => header.split(";")[0]!)));
    return cookie;
  };

  async function pageFor(key: string, pathAndSearch: string, languageCookie: string, generation: string): Promise<CachedPage | null> {
    const kept = memory.get(key);
    if (kept && kept.generation === generation && kept.validUntil > Date.now()) return kept;
    const pendingKey = `${generation} ${key}`;
    let loading = pending.get(pendingKey);
    if (!loading) {
      loading = (async () => {
        const shared = await store.read(key, generation);
        if (shared) return shared;
        const validUntil = await store.nextScheduledChange();
        const rendered = await render(pathAndSearch, languageCookie);
        if (!rendered) return null;
        const page: CachedPage = { ...rendered, generation, validUntil };
        await store.write(key, page);
        return page;
      })().finally(() => pending.delete(pendingKey));
      pending.set(pendingKey, loading);
    }
    const page = await loading;
    if (page) {
      memory.delete(key);
      memory.set(key, page);
      if (memory.size > memoryLimit) memory.delete(memory.keys().next().value!);
    }
    return page;
  }

  async function middleware(request: Request, response: Response, next: NextFunction): Promise<void> {
    if (request.method !== "GET" && request.method !== "HEAD") return next();
    const queryAt = request.url.indexOf("?");
    const page = publicPageOf(request.path, queryAt === -1 ? "" : request.url.slice(queryAt));
    const reader = page ? onlyLanguageCookie(request.headers.cookie) : null;
    if (!page || !reader) return next();
    let cached: CachedPage | null;
    try {
      const build = await options.build();
      const language = await languageFromHeaders(reader.languageCookie, request.headers["accept-language"]);
      const generation = await store.currentGeneration();
      // The build's version too: a deploy changes the asset names a page links, and the words.
      cached = await pageFor(`${build.assets.version} ${language} ${page.key}`, page.key, await canonicalCookie(language), generation);
    } catch (error) {
      log.error({ err: error }, "the public-page cache failed; the page is rendered for this request");
      return next();
    }
    if (!cached) return next();
    const requestLog = requestLogOf(response);
    if (requestLog) requestLog.route = page.routeId;
    const policy = response.getHeader("Content-Security-Policy");
    if (typeof policy === "string") response.setHeader("Content-Security-Policy", policyWithHashes(policy, cached.scriptHashes));
    response.setHeader("Cache-Control", publicPageHeaders["Cache-Control"]);
    response.setHeader("Vary", publicPageHeaders.Vary);
    response.setHeader("ETag", cached.etag);
    if (matchesIfNoneMatch(request.headers["if-none-match"], cached.etag)) {
      response.statusCode = 304;
      response.end();
      return;
    }
    const encoding = encodingFor(request.headers["accept-encoding"]);
    const body = encoding === "br" ? cached.brotli : encoding === "gzip" ? cached.gzip : cached.html;
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    if (encoding) response.setHeader("Content-Encoding", encoding);
    response.setHeader("Content-Length", body.length);
    response.statusCode = 200;
    response.end(request.method === "HEAD" ? undefined : body);
  }

  return { middleware, close: () => store.close() };
}
