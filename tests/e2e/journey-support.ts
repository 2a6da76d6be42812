import { execFile } from "node:child_process";
import { promisify } from "node:util";
import "./support/e2e-env";

const run = promisify(execFile);

async function cli(...args: string[]): Promise<void> {
  await run("npx", ["tsx", "tests/e2e/journey-support.cli.ts", ...args], { env: process.env });
}

/** Publishes a seeded form version in the browser test's database (idempotent), as ELSI staff would. */
export function publishSeededVersion(version: "1.0" | "1.1" | "2.0"): Promise<void> {
  return cli("publish", version);
}

/** A coordinator answers a participant's question, as from the staff queue. */
export function answerAsCoordinator(questionId: string, coordinatorId: string, answer: string): Promise<void> {
  return cli("answer", questionId, coordinatorId, answer);
}
