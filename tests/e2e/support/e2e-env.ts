import { readFileSync } from "node:fs";
import path from "node:path";
import { DemoFileSchema, type DemoFile } from "../../../app/domain/demo/demo-file";

// The same settings playwright.config.ts gives the server it starts (scripts/start.ts), shifted by E2E_SLOT.
const slot = Number(process.env.E2E_SLOT ?? 0);
export const e2eBaseUrl = `http://localhost:${3200 + slot * 10}`;
export const e2eDataDir = path.resolve(slot === 0 ? ".data/e2e" : `.data/e2e-${slot}`);
process.env.TSUNAGI_DATA_DIR = e2eDataDir;
process.env.APP_URL = e2eBaseUrl;
// Without DATABASE_URL the server runs the embedded PostgreSQL on this port; tests reach the same database.
process.env.DATABASE_URL ??= `postgresql://postgres:tsunagi-local@127.0.0.1:${54331 + slot * 10}/tsunagi`;

export function readDemoFile(): DemoFile {
  return DemoFileSchema.parse(JSON.parse(readFileSync(path.join(e2eDataDir, "demo.json"), "utf8")));
}
