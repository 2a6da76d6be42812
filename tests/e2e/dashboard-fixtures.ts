import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { ConsentedParticipant } from "../integration/dashboard-fixtures";
import "./support/e2e-env";

const run = promisify(execFile);

export type ConsentedParticipantOptions = {
  language?: "ja" | "ja-easy" | "en";
  choices?: Record<string, string>;
  byProxy?: boolean;
  fullName?: string;
};

/**
 * A participant who signed the current form online (see tests/integration/dashboard-fixtures.ts), created in a tsx
 * child process against the browser test's database and mail folder.
 */
export async function consentedParticipant(options: ConsentedParticipantOptions = {}): Promise<ConsentedParticipant> {
  const { stdout } = await run("npx", ["tsx", "tests/e2e/dashboard-fixtures.cli.ts", JSON.stringify(options)], { env: process.env, maxBuffer: 4 * 1024 * 1024 });
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as ConsentedParticipant;
}
