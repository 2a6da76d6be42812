import type { ConsentedParticipant } from "../integration/dashboard-fixtures";
import { callFixture } from "./support/fixture-process";

export type ConsentedParticipantOptions = {
  language?: "ja" | "ja-easy" | "en";
  choices?: Record<string, string>;
  byProxy?: boolean;
  fullName?: string;
};

/**
 * A participant who signed the current form online (see tests/integration/dashboard-fixtures.ts), created in the
 * worker's fixture process (fixture-process.cli.ts) against the browser test's database and mail folder.
 */
export async function consentedParticipant(options: ConsentedParticipantOptions = {}): Promise<ConsentedParticipant> {
  return callFixture<ConsentedParticipant>({ command: "consentedParticipant", options });
}
