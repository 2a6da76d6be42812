import { readFileSync } from "node:fs";
import path from "node:path";
import { DemoFileSchema, type DemoFile } from "../../../app/domain/demo/demo-file";

// The same settings playwright.config.ts gives the server it starts (scripts/start.ts).
export const e2eDataDir = path.resolve(".data/e2e");
process.env.TSUNAGI_DATA_DIR = e2eDataDir;
process.env.APP_URL = "http://localhost:3200";
// Without DATABASE_URL the server runs the embedded PostgreSQL on this port; tests reach the same database.
process.env.DATABASE_URL ??= "postgresql://postgres:tsunagi-local@127.0.0.1:54331/tsunagi";

export function readDemoFile(): DemoFile {
  return DemoFileSchema.parse(JSON.parse(readFileSync(path.join(e2eDataDir, "demo.json"), "utf8")));
}
