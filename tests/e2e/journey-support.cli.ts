// Run with tsx by tests/e2e/journey-support.ts. A separate process because Playwright's loader cannot import the
// app's JSON locale files, which publishing a form version and answering a question reach through the mail they send.
import { disconnectDatabase } from "../../app/db.server";
import { enrolParticipant } from "../../app/domain/consent/enrolment/enrol-participant.server";
import { answerQuestion } from "../../app/domain/consent/questions/answer-question.server";
import { ensurePublishedFormVersion } from "../../app/domain/demo/seed-consent-forms.server";

const [command, ...args] = process.argv.slice(2);
if (command === "publish") {
  await ensurePublishedFormVersion(args[0] as "1.0" | "1.1" | "2.0");
} else if (command === "answer") {
  const [questionId, answeredById, answer] = args as [string, string, string];
  await answerQuestion({ questionId, answeredById, answer, request: { ipAddress: "127.0.0.1", userAgent: "playwright" } });
} else if (command === "enrol") {
  const [enrolledById, fullName, email, preferredLanguage] = args as [string, string, string, string];
  const enrolment = await enrolParticipant({
    input: { fullName, dateOfBirth: "1960-04-01", email, preferredLanguage, programmeArea: "cancer", samples: ["tumour", "blood"] },
    enrolledById,
    request: { ipAddress: "127.0.0.1", userAgent: "playwright" },
  });
  const { id, linkSecret, code } = enrolment.invitation;
  process.stdout.write(`${JSON.stringify({ participantId: enrolment.participantId, link: `/invitation/${id}?t=${linkSecret}`, code })}\n`);
} else {
  throw new Error(`unknown command ${command}`);
}
process.stdout.write("ok\n");
await disconnectDatabase();
