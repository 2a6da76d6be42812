/**
 * Remix's Express template's server.js (2.17), production half, written here by hand from the installed packages:
 * compression, no x-powered-by, the build's assets (immutable) and public files, then `@remix-run/express`'s
 * handler. The template also logs each request with morgan("tiny"), which is not installed here: left out, so the
 * anchor is if anything a little cheaper than the template (our own request line is part of what the app pays).
 */
import path from "node:path";
import type { Server } from "node:http";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";

export const baselineBuildDirectory = path.join(import.meta.dirname, "build");

export async function startBaselineServer(port: number, host = "127.0.0.1"): Promise<Server> {
  const build = (await import(path.join(baselineBuildDirectory, "server/index.js"))) as ServerBuild;
  const app = express();
  app.use(compression());
  app.disable("x-powered-by");
  app.use("/assets", express.static(path.join(baselineBuildDirectory, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(baselineBuildDirectory, "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: "production" }));
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once("error", reject);
  });
}
