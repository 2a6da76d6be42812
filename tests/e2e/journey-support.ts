import { execFile } from "node:child_process";
import { promisify } from "node:util";
import "./support/e2e-env";
import { currentFormVersion, PROGRAMME_FORM_KEY, type FormVersion } from "../../app/domain/consent/forms/load-form-version.server";

const run = promisify(execFile);

async function cli(...args: string[]): Promise<string[]> {
  const { stdout } = await run("npx", ["tsx", "tests/e2e/journey-support.cli.ts", ...args], { env: process.env });
  return stdout.trim().split("\n");
}

/** Publishes a seeded form version in the browser test's database (idempotent), as ELSI staff would. */
export async function publishSeededVersion(version: "1.0" | "1.1" | "2.0"): Promise<void> {
  await cli("publish", version);
}

/** A coordinator answers a participant's question, as from the staff queue. */
export async function answerAsCoordinator(questionId: string, coordinatorId: string, answer: string): Promise<void> {
  await cli("answer", questionId, coordinatorId, answer);
}

/** The clinic enrols a patient (born 1960-04-01) and invites them by email, as from the enrolment form. */
export async function enrolByClinic(options: { coordinatorId: string; fullName: string; email: string; language: string }): Promise<{ participantId: string; link: string; code: string }> {
  const lines = await cli("enrol", options.coordinatorId, options.fullName, options.email, options.language);
  return JSON.parse(lines.at(-2)!) as { participantId: string; link: string; code: string };
}

/** The version a new consent is signed under, publishing the seeded 1.0 first if the demo seed has not. */
export async function signableVersion(): Promise<FormVersion> {
  try {
    return await currentFormVersion(PROGRAMME_FORM_KEY);
  } catch {
    await publishSeededVersion("1.0");
    return currentFormVersion(PROGRAMME_FORM_KEY);
  }
}
