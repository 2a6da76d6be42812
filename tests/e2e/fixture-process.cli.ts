// The browser tests' data helper, run with tsx by support/fixture-process.ts: one per Playwright worker, kept for the
// worker's life and asked over Node's IPC channel. A separate process because Playwright's loader cannot import the
// app's JSON locale files, which grantConsent, publishing a form version, answering a question and enrolling reach
// through the PDFs and mail they produce. It was a new `npx tsx` process per call, each loading the app's modules
// anew: 255 CPU-seconds of the browser step (issue 26).
import { disconnectDatabase } from "../../app/db.server";
import { enrolParticipant } from "../../app/domain/consent/participants/enrolment/enrol-participant.server";
import { answerQuestion } from "../../app/domain/consent/participants/questions/answer-question.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { consentedParticipant } from "../integration/dashboard-fixtures";
import type { FixtureCall, FixtureReply } from "./support/fixture-process";

const request = { ipAddress: "127.0.0.1", userAgent: "playwright" };

async function answer(call: FixtureCall): Promise<unknown> {
  switch (call.command) {
    case "consentedParticipant":
      return consentedParticipant(call.options);
    case "publish":
      await ensurePublishedFormVersion(call.version);
      return null;
    case "answer":
      await answerQuestion({ questionId: call.questionId, answeredById: call.answeredById, answer: call.answer, request });
      return null;
    case "enrol": {
      const enrolment = await enrolParticipant({
        input: { fullName: call.fullName, dateOfBirth: "1960-04-01", email: call.email, preferredLanguage: call.language, programmeArea: "cancer", samples: ["tumour", "blood"] },
        enrolledById: call.enrolledById,
        request,
      });
      const { id, linkSecret, code } = enrolment.invitation;
      return { participantId: enrolment.participantId, link: `/invitation/${id}?t=${linkSecret}`, code };
    }
  }
}

process.on("message", (message: { id: number; call: FixtureCall }) => {
  answer(message.call).then(
    (result) => process.send!({ id: message.id, result } satisfies FixtureReply),
    (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FixtureReply),
  );
});
// The worker that started this process has gone (its IPC channel closed): close the database pool and leave.
process.on("disconnect", () => {
  void disconnectDatabase().finally(() => process.exit(0));
});
process.send!({ id: 0, result: "ready" } satisfies FixtureReply);
