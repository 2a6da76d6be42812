import { readFileSync } from "node:fs";
import path from "node:path";
import { DemoFileSchema, type DemoFile } from "../../../app/wiring/demo/demo-file";
import { currentE2eServer } from "./e2e-servers";

// The same settings playwright.config.ts gives this worker's server (scripts/start.ts): each Playwright worker has
// its own app server, ports, data folder and database (support/e2e-servers.ts, ADR 023), chosen by the worker's
// parallelIndex. CLI helpers the tests spawn inherit these variables, so they reach the same server.
//
// Playwright's main process loads this file too (to list the tests), as worker 0, and its workers inherit its
// environment: so the DATABASE_URL the developer gave (if any) is kept aside once, and every process derives its
// own database from that, never from a DATABASE_URL an earlier process already pointed at its own server.
process.env.E2E_GIVEN_DATABASE_URL ??= process.env.DATABASE_URL ?? "";
const server = currentE2eServer({ ...process.env, DATABASE_URL: process.env.E2E_GIVEN_DATABASE_URL || undefined });
export const e2eBaseUrl = server.baseURL;
export const e2eDataDir = path.resolve(server.dataFolder);
process.env.TSUNAGI_DATA_DIR = e2eDataDir;
process.env.APP_URL = e2eBaseUrl;
// Without DATABASE_URL the server runs the embedded PostgreSQL on this port; tests reach the same database.
process.env.DATABASE_URL = server.databaseUrl ?? `postgresql://postgres:tsunagi-local@127.0.0.1:${server.postgresPort}/tsunagi`;

export function readDemoFile(): DemoFile {
  return DemoFileSchema.parse(JSON.parse(readFileSync(path.join(e2eDataDir, "demo.json"), "utf8")));
}
