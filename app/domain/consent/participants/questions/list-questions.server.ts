import { getDatabase, type Database } from "../../../../db.server";
import { participantsIn, scopeIsEmpty, type StaffScope } from "../../../facilities";

export interface QuestionView {
  id: string;
  participantId: string;
  journeyId: string | null;
  body: string;
  askedAt: Date;
  askedById: string;
  answer: string | null;
  answeredAt: Date | null;
}

const questionFields = { id: true, participantId: true, journeyId: true, body: true, askedAt: true, askedById: true, answer: true, answeredAt: true } as const;

/** A participant's own questions (asked by them or their proxy), newest first. */
export async function listQuestionsForParticipant(participantId: string, db: Database = getDatabase()): Promise<QuestionView[]> {
  return db.participantQuestion.findMany({ where: { participantId }, orderBy: { askedAt: "desc" }, select: questionFields, take: 200 });
}

export interface QueuedQuestion extends QuestionView {
  /** Staff see the pseudonym, not the name: the queue itself is not a read of identity. */
  pseudonym: string;
}

/**
 * The coordinator's queue: every unanswered question from participants of their facilities (the scope, ADR 015),
 * oldest first (whoever has waited longest comes first), then the most recently answered ones for reference.
 */
export async function listQuestionQueue(
  options: { scope: StaffScope; answeredLimit?: number },
  db: Database = getDatabase(),
): Promise<{ open: QueuedQuestion[]; answered: QueuedQuestion[] }> {
  if (scopeIsEmpty(options.scope)) return { open: [], answered: [] };
  const select = { ...questionFields, participant: { select: { pseudonym: true } } } as const;
  const participant = { is: participantsIn(options.scope) };
  const [open, answered] = await Promise.all([
    db.participantQuestion.findMany({ where: { answeredAt: null, participant }, orderBy: [{ askedAt: "asc" }, { id: "asc" }], select, take: 500 }),
    db.participantQuestion.findMany({ where: { answeredAt: { not: null }, participant }, orderBy: { answeredAt: "desc" }, select, take: options.answeredLimit ?? 20 }),
  ]);
  const flatten = ({ participant, ...question }: (typeof open)[number]): QueuedQuestion => ({ ...question, pseudonym: participant.pseudonym });
  return { open: open.map(flatten), answered: answered.map(flatten) };
}

/** Open questions for one participant, for the coordinator's participant page. */
export async function listOpenQuestions(participantId: string, db: Database = getDatabase()): Promise<QuestionView[]> {
  return db.participantQuestion.findMany({ where: { participantId, answeredAt: null }, orderBy: { askedAt: "asc" }, select: questionFields });
}
