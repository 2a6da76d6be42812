import { getDatabase, type Database } from "../../../db.server";
import type { RequestContext } from "../../kernel/index";
import { consentSubjectsOf, requireConsentSubject, askQuestion, listQuestionsForParticipant, type QuestionView } from "../participants/index.server";

export interface QuestionsPage {
  subjects: { participantId: string; displayName: string; as: "self" | "proxy"; relationship: string | null }[];
  participantId: string | null;
  questions: Pick<QuestionView, "id" | "body" | "askedAt" | "answer" | "answeredAt">[];
}

/** A participant's (or their proxy's) questions to the clinic, with answers, for the person chosen. */
export async function loadQuestionsPage(userId: string, participantId: string | null, db: Database = getDatabase()): Promise<QuestionsPage> {
  const subjects = await consentSubjectsOf(userId, db);
  const subject = subjects.find((candidate) => candidate.participantId === participantId) ?? subjects[0];
  const questions = subject ? await listQuestionsForParticipant(subject.participantId, db) : [];
  return {
    subjects: subjects.map((candidate) => ({ participantId: candidate.participantId, displayName: candidate.fullName, as: candidate.as, relationship: candidate.relationship })),
    participantId: subject?.participantId ?? null,
    questions: questions.map(({ id, body, askedAt, answer, answeredAt }) => ({ id, body, askedAt, answer, answeredAt })),
  };
}

/** Asks from inside the journey: the question is tied to the journey in progress, so staff see where it came from. */
export async function askJourneyQuestion(
  options: { userId: string; participantId: string; body: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ questionId: string }> {
  await requireConsentSubject(options.userId, options.participantId, db);
  const journey = await db.consentJourney.findFirst({
    where: { participantId: options.participantId, actorUserId: options.userId, status: "in_progress" },
    orderBy: { updatedAt: "desc" },
    select: { id: true },
  });
  return askQuestion({ participantId: options.participantId, askedById: options.userId, journeyId: journey?.id ?? null, body: options.body, request: options.request }, db);
}
