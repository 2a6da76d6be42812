// The Playwright side of fixture-process.cli.ts: starts it on the first call a worker makes and asks it over IPC.
// Its environment is the worker's (support/e2e-env.ts: this worker's database and mail folder), as each call's own
// process had before.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ConsentedParticipantOptions } from "../dashboard-fixtures";
import "./e2e-env";

export type FixtureCall =
  | { command: "consentedParticipant"; options: ConsentedParticipantOptions }
  | { command: "publish"; version: "1.0" | "1.1" | "2.0" }
  | { command: "answer"; questionId: string; answeredById: string; answer: string }
  | { command: "enrol"; enrolledById: string; fullName: string; email: string; language: string };

export type FixtureReply = { id: number; result: unknown; error?: undefined } | { id: number; error: string; result?: undefined };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let helper: Promise<ChildProcess> | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

function start(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(repoRoot, "tests/e2e/fixture-process.cli.ts"), [], {
      cwd: repoRoot,
      env: process.env,
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.on("message", (reply: FixtureReply) => {
      if (reply.id === 0) {
        resolve(child);
        return;
      }
      const caller = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.error !== undefined) caller?.reject(new Error(`fixture process: ${reply.error}`));
      else caller?.resolve(reply.result);
    });
    child.on("exit", (code, signal) => {
      helper = undefined;
      const error = new Error(`the fixture process left (exit code ${code}, signal ${signal})`);
      reject(error);
      for (const caller of waiting.values()) caller.reject(error);
      waiting.clear();
    });
    // Never keeps the worker alive by itself; the worker's exit closes the channel and the helper leaves.
    child.unref();
    child.channel?.unref();
  });
}

/** Runs one call in this worker's fixture process and returns its result. */
export async function callFixture<T>(call: FixtureCall): Promise<T> {
  helper ??= start();
  const child = await helper;
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
    child.send({ id, call });
  });
}
