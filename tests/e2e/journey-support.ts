import { callFixture } from "./support/fixture-process";
import { currentFormVersion, PROGRAMME_FORM_KEY, type FormVersion } from "../../app/domain/consent/forms/load-form-version.server";

/** Publishes a seeded form version in the browser test's database (idempotent), as ELSI staff would. */
export async function publishSeededVersion(version: "1.0" | "1.1" | "2.0"): Promise<void> {
  await callFixture({ command: "publish", version });
}

/** A coordinator answers a participant's question, as from the staff queue. */
export async function answerAsCoordinator(questionId: string, coordinatorId: string, answer: string): Promise<void> {
  await callFixture({ command: "answer", questionId, answeredById: coordinatorId, answer });
}

/** The clinic enrols a patient (born 1960-04-01) and invites them by email, as from the enrolment form. */
export async function enrolByClinic(options: { coordinatorId: string; fullName: string; email: string; language: string }): Promise<{ participantId: string; link: string; code: string }> {
  return callFixture({ command: "enrol", enrolledById: options.coordinatorId, fullName: options.fullName, email: options.email, language: options.language });
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
