import { startScheduledJobs } from "./scheduled-jobs";
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Request, type Response } from "express";
import helmet from "helmet";
import { getEnv } from "../app/env.server";
import { isCrossSiteRequest } from "./cross-site";

const root = path.resolve(import.meta.dirname, "..");
const maxBodyBytes = 1_000_000;
// Scanned paper consents (up to 10 MB a file, checked again by the route) plus the form's other fields.
const maxUploadBodyBytes = 10_500_000;
const uploadPaths = /^\/staff\/participants\/[^/]+\/paper\/?$/;

/**
 * The web app behind Express: security headers with a per-request CSP nonce, the cross-site check, static
 * assets, then Remix. In development Vite serves modules and hot reload through the same stack.
 */
export async function createAppServer(options: { mode: "production" | "development" }) {
  const env = getEnv();
  const appOrigin = new URL(env.APP_URL).origin;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(compression());

  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });

  const development = options.mode === "development";
  app.use(
    helmet({
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
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(appOrigin.startsWith("https:") ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: { maxAge: 63_072_000, includeSubDomains: true },
      referrerPolicy: { policy: "same-origin" },
      crossOriginEmbedderPolicy: false,
      xFrameOptions: { action: "deny" },
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), interest-cohort=()");
    next();
  });

  // Forms carry a few kilobytes, except the paper-consent upload; refuse large bodies before anything buffers them.
  app.use((req: Request, res: Response, next) => {
    const limit = req.method === "POST" && uploadPaths.test(req.path) ? maxUploadBodyBytes : maxBodyBytes;
    if (Number(req.get("content-length") ?? 0) > limit) {
      res.status(413).type("text/plain").send("Request body too large");
      return;
    }
    next();
  });

  app.use((req: Request, res: Response, next) => {
    const headers = { get: (name: string) => req.get(name) };
    if (isCrossSiteRequest(req.method, headers, appOrigin)) {
      res.status(403).type("text/plain").send("Cross-site request refused");
      return;
    }
    next();
  });

  // Browsers ask for /favicon.ico regardless of the <link rel="icon">; answer without waking the router.
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (development) {
    const vite = await import("vite").then((module) =>
      module.createServer({ root, server: { middlewareMode: true } }),
    );
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const clientDir = path.join(root, "build/client");
    app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(clientDir, { maxAge: "1h" }));
    build = (await import(path.join(root, "build/server/index.js"))) as ServerBuild;
  }

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: options.mode,
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
      }),
    }),
  );
  return app;
}

export async function startAppServer(options: { mode: "production" | "development"; port: number }): Promise<Server> {
  const app = await createAppServer(options);
  const stopJobs = startScheduledJobs();
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port, () => resolve(server));
    server.on("close", stopJobs);
    server.on("error", reject);
  });
}
