// Run with tsx by tests/e2e/dashboard-fixtures.ts: creates one consented participant and prints it as JSON.
// A separate process because Playwright's loader cannot import the app's JSON locale files, which grantConsent
// reaches through the PDF and the mail it produces.
import { disconnectDatabase } from "../../app/db.server";
import { consentedParticipant } from "../integration/dashboard-fixtures";

const options = JSON.parse(process.argv[2] ?? "{}") as Parameters<typeof consentedParticipant>[0];
const participant = await consentedParticipant(options);
process.stdout.write(`${JSON.stringify(participant)}\n`);
await disconnectDatabase();
