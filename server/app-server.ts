import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import expressStaticGzip from "express-static-gzip";
import express, { type NextFunction, type Request, type Response } from "express";
import { strictTransportSecurity } from "helmet";
import { securityHeaders } from "./security-headers";
import { supportedLanguages } from "../app/i18n/languages";
import { everyPageNamespaces } from "../app/i18n/namespaces";
import type { RouteTextsMap } from "../app/rendering/route-texts";
import { getEnv } from "../app/env.server";
import { viteWatchOffVariable } from "./vite-file-watching";
import { crossSiteRefusal } from "./cross-site";
import { sendRefusalPage } from "./refusal-page";
import { applySlowClientLimits, closeConnectionUnlessBodyRead } from "@tsunagi/service-kit/unread-body";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { createRemixRequestHandler, refuseClientErrors } from "./remix-request-handler";
import { readBodyWithinLimit } from "./request-body";
import { refuseKioskPostsElsewhere } from "./kiosk-lock";
import { logEachRequest, noteRefusal, requestLogOf } from "./request-log";
import { createPublicPageCache } from "./public-page-cache/public-page-cache";
import { startingPage } from "./starting-page";
import { answeringRefusalsIn } from "./refusal-answering-build";

const root = path.resolve(import.meta.dirname, "..");

/**
 * A slow phone must still get a 10.5 MB paper-consent scan through (about 280 s at 300 kbit/s), so a request may take
 * five minutes; its headers, a few kilobytes, must come within 20 s. Each body also stops at its size limit
 * (request-body.ts), so a slow drip holds a connection for at most this long and never more than its limit in memory.
 */
export const appSlowClientLimits = { headersTimeoutMs: 20_000, requestTimeoutMs: 300_000 };

export interface AppServerOptions {
  mode: "production" | "development";
  /** Development only: false leaves out Vite's hot-reload WebSocket and file watching (tests run the app without a browser). */
  hotReload?: boolean;
  /** `npm start`: true while the demo is being prepared, when the landing and sign-in pages say so (server/starting-page.ts). */
  preparing?: () => boolean;
  /**
   * Production only: load a copy of the build's modules of this server's own, not the one this process loaded before.
   * Node keeps an imported module for the life of the process, with its module state (the settings it read, its pools,
   * its loggers); a process that serves one app after another with other settings (the test runner's workers, which
   * run many test files each) asks for this, so each app reads its own settings as if in a new process.
   */
  ownBuildInstance?: boolean;
}

/**
 * The web app behind Express: security headers with a per-request CSP nonce, the cross-site check, every body read
 * within its limit, static assets, then Remix. In development Vite serves modules and hot reload through the same
 * stack. `close` stops Vite's development server, if one was started.
 */
export async function createAppServer(options: AppServerOptions) {
  const env = getEnv();
  const appOrigin = new URL(env.APP_URL).origin;
  const app = express();
  app.disable("x-powered-by");
  // Before anything can answer: each request's id and its one line in the log, refusals included (ADR 027).
  app.use(logEachRequest());
  // Before anything can answer: a refusal sent without reading the body closes the connection rather than
  // reading the rest of the body to keep it open.
  app.use((request: Request, response: Response, next: NextFunction) => {
    closeConnectionUnlessBodyRead(request, response);
    next();
  });
  // Forwarded headers (client address, https, host) are believed only from the proxies named in TRUST_PROXY; without
  // it the socket's peer is the client, whoever sends X-Forwarded-For (ADR 014).
  app.set("trust proxy", env.TRUST_PROXY ?? false);
  // zlib's fastest level for the pages rendered per reader (ADR 086): on a 44 kB /consent page level 6 took 0.35 ms
  // of the request's ~2.4 ms, level 1 0.13 ms, for 15 % more bytes (10.4 kB against 9.0 kB). Public pages come from
  // the shared cache already compressed at the best levels (ADR 071), which this middleware sends as they are.
  app.use(compression({ level: 1 }));

  const development = options.mode === "development";
  // helmet's headers with each request's CSP nonce (res.locals.cspNonce), worked out once at start (ADR 158).
  app.use(
    securityHeaders(
      {
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`, "'strict-dynamic'"],
            // Vite injects styles from JavaScript while developing; the production build links CSS files only.
            styleSrc: development ? ["'self'", "'unsafe-inline'"] : ["'self'"],
            imgSrc: ["'self'", "data:"],
            connectSrc: development ? ["'self'", "ws:"] : ["'self'"],
            fontSrc: ["'self'"],
            // The service worker (/sw.js) and the web app manifest (/manifest/<lang>), both the app's own (ADR 109). Named,
            // because worker-src falls back to script-src, where 'strict-dynamic' makes 'self' count for nothing.
            workerSrc: ["'self'"],
            manifestSrc: ["'self'"],
            objectSrc: ["'none'"],
            baseUri: ["'none'"],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
            ...(appOrigin.startsWith("https:") ? { upgradeInsecureRequests: [] } : {}),
          },
        },
        // Sent below, and only over https.
        strictTransportSecurity: false,
        referrerPolicy: { policy: "same-origin" },
        crossOriginEmbedderPolicy: false,
        xFrameOptions: { action: "deny" },
      },
      { "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), interest-cohort=()" },
    ),
  );
  // HSTS only where it means something: browsers ignore it over plain http (RFC 6797 §8.1), and sending it there
  // claims an https the app does not have. "Over https" is req.secure: a TLS socket, or X-Forwarded-Proto from a
  // proxy named in TRUST_PROXY — the app itself speaks plain http behind its TLS proxy.
  const hsts = strictTransportSecurity({ maxAge: 63_072_000, includeSubDomains: true });
  app.use((req: Request, res: Response, next: NextFunction) => (req.secure ? hsts(req, res, next) : next()));

  app.use((req: Request, res: Response, next: NextFunction) => {
    const headers = { get: (name: string) => req.get(name) };
    const refusal = crossSiteRefusal(req.method, headers, appOrigin, req.path);
    if (refusal === "origin_mismatch") {
      // A page in the reader's language, one warn line without a stack (ADR 116): no page of this site sends it.
      noteRefusal(res, "origin_mismatch");
      sendRefusalPage(req, res, { status: 403, key: "otherOrigin" }).catch(next);
      return;
    }
    if (refusal === "cross_site") {
      noteRefusal(res, "cross_site");
      res.status(403).type("text/plain").send("Cross-site request refused");
      return;
    }
    next();
  });

  // Every body is read here, within its limit, whatever its framing; nothing after this reads the socket.
  app.use(readBodyWithinLimit());
  // A clinic tablet locked as a kiosk posts nowhere but its journey (ADR 121).
  app.use(refuseKioskPostsElsewhere());

  // Browsers ask for /favicon.ico regardless of the <link rel="icon">; answer without waking the router.
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));

  let build: ServerBuild | (() => Promise<ServerBuild>);
  let textsChunks: Partial<Record<string, string[]>> | undefined;
  let routeTexts: RouteTextsMap | undefined;
  let closeDevelopment = async () => {};
  if (development) {
    // Nothing changes under a server that does not reload (tests): vite.config.ts's plugin turns the file watcher off
    // in Vite and in Remix's child compiler, which an inline `watch: null` cannot reach (issue 26).
    if (options.hotReload === false) process.env[viteWatchOffVariable] = "1";
    const vite = await import("vite").then((module) =>
      module.createServer({
        root,
        // No CORS: pages and modules come from the app's own origin, and Vite's would answer every OPTIONS itself.
        server: { middlewareMode: true, cors: false, ...(options.hotReload === false ? { ws: false } : {}) },
        // Without a browser there are no client modules to pre-bundle.
        ...(options.hotReload === false ? { optimizeDeps: { noDiscovery: true, include: [] } } : {}),
      }),
    );
    closeDevelopment = () => vite.close();
    app.use(vite.middlewares);
    const loadBuild = () => (vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>).then(answeringRefusalsIn);
    // Without file watching nothing can change under a running server (tests), so the build is loaded once instead
    // of asked of Vite on every request.
    build = options.hotReload === false ? await loadBuild() : loadBuild;
  } else {
    const clientDir = path.join(root, "build/client");
    textsChunks = textsChunksOf(path.join(root, "build/.vite/client-manifest.json"));
    routeTexts = routeTextsMapOf(path.join(clientDir, ".vite/route-texts.json"));
    // The browser's files as the build compressed them (ADR 154): the .br, else the .gz, a browser accepts — the compression
    // middleware leaves an answer already encoded alone — and the file itself for one that accepts neither.
    app.use("/assets", expressStaticGzip(path.join(clientDir, "assets"), { enableBrotli: true, orderPreference: ["br", "gzip"], index: false, serveStatic: { immutable: true, maxAge: "1y" } }));
    // Beside assets/ sit only the files Vite copied from public/ (the favicon, the app's icons, the offline page's CSS).
    // They are listed once at start, so a page's path is not looked up on disk first: a stat for every request showed in
    // the /consent profile (ADR 028).
    const publicFiles = new Set(readdirSync(clientDir, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => `/${entry.name}`));
    const servePublicFile = express.static(clientDir, { maxAge: "1h", index: false });
    app.use((request: Request, response: Response, next: NextFunction) => (publicFiles.has(request.path) ? servePublicFile(request, response, next) : next()));
    const buildUrl = pathToFileURL(path.join(root, "build/server/index.js"));
    if (options.ownBuildInstance) buildUrl.search = `instance=${randomBytes(8).toString("hex")}`;
    build = answeringRefusalsIn((await import(buildUrl.href)) as ServerBuild);
  }

  if (options.preparing) app.use(startingPage(options.preparing));

  // Public pages for signed-out readers, from the cache the cluster's processes share (ADR 071); the rest go on to Remix.
  const publicPages = createPublicPageCache({ build: () => (typeof build === "function" ? build() : Promise.resolve(build)), mode: options.mode, appOrigin, databaseUrl: () => process.env.DATABASE_URL ?? env.DATABASE_URL, textsChunks, routeTexts });
  app.use(publicPages.middleware);

  app.all(
    "*",
    createRemixRequestHandler({
      build,
      mode: options.mode,
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        // The socket's peer, or the client a proxy named in TRUST_PROXY reports (Express's req.ip).
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
        requestId: requestLogOf(res)?.requestId,
        requestScope: {},
        textsChunks,
        routeTexts,
      }),
    }),
  );
  // One line, not Express's stack trace, for a request Express itself refuses (a malformed percent-encoding).
  app.use(refuseClientErrors);
  const currentBuild = () => (typeof build === "function" ? build() : Promise.resolve(build));
  const close = async () => {
    // What the build holds in this process (its database pool, its watch on the visa keys): app/entry.server.tsx.
    const served = await currentBuild().catch(() => undefined);
    await (served?.entry.module as { releaseProcessResources?: () => Promise<void> } | undefined)?.releaseProcessResources?.();
    await closeDevelopment();
    await publicPages.close();
  };
  return { app, close, build: currentBuild };
}

const buildsOfServers = new WeakMap<Server, () => Promise<ServerBuild>>();
/** Settles once a server from startAppServer has closed and its build let go of what it held (`close` above). */
const closings = new WeakMap<Server, Promise<void>>();

/**
 * Closes a server from startAppServer, its open connections too, and waits until its build has let go of its database
 * pool and key watch: a process that serves another app after this one (a test worker) starts clean.
 */
export async function closeAppServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
  await closings.get(server);
}

/** The Remix build a server from startAppServer serves: its route manifest is what a test walks. */
export function servedBuild(server: Server): Promise<ServerBuild> {
  const build = buildsOfServers.get(server);
  if (!build) throw new Error("Not a server started by startAppServer");
  return build();
}

export async function startAppServer(options: AppServerOptions & { port: number; host?: string }): Promise<Server> {
  const { app, close, build } = await createAppServer(options);
  const server = createServer(app);
  buildsOfServers.set(server, build);
  closings.set(server, new Promise<void>((resolve) => server.once("close", () => void close().finally(resolve))));
  applySlowClientLimits(server, appSlowClientLimits);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  serviceLogger("app").info({ mode: options.mode, listen: typeof address === "object" && address ? `${address.address}:${address.port}` : address }, "app listening");
  // It serves and runs nothing else: the calendar's work is the job worker's (services/job-worker, ADR 129).
  return server;
}


/** Where the client build put each route module's own texts (ADR 156; server/vite-route-texts.ts writes it). */
function routeTextsMapOf(file: string): RouteTextsMap | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as RouteTextsMap) : undefined;
}

/**
 * Where the client build put the texts every page uses, per language (ADR 153, 156), read from the Vite manifest the build
 * keeps: a page with the app's scripts preloads its language's, so the browser asks for them with the entry rather than
 * one round trip after it. (A route's own namespaces come with its module.)
 */
function textsChunksOf(manifestPath: string): Partial<Record<string, string[]>> {
  if (!existsSync(manifestPath)) return {};
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, { file: string }>;
  const chunks: Partial<Record<string, string[]>> = {};
  for (const language of supportedLanguages) {
    const files = everyPageNamespaces.flatMap((namespace) => {
      const entry = manifest[`locales/${language}/${namespace}.json`];
      return entry ? [`/${entry.file}`] : [];
    });
    if (files.length === everyPageNamespaces.length) chunks[language] = files;
  }
  return chunks;
}
