import { getDatabase, type Database } from "../../db.server";
import { askQuestion } from "../../domain/consent/index.server";
import type { DemoParticipant } from "./demo-file";

/** What the demo participant asks the clinic, so the demo coordinator's home and /staff/questions have one to answer. */
export const demoQuestion = "面談の日に、家族も一緒に来てよいですか。";

/**
 * One open question from the demo participant (at DEMO01, the coordinator's facility), asked through the domain verb
 * as the participant would from /consent (issue 55 Deliver 5: every demo role has something waiting on its home).
 * Idempotent: a participant who has asked anything already — this question, answered or not — is left as they are,
 * so walking the demo (answering it) is not undone by a restart.
 */
export async function seedDemoQuestions(participants: DemoParticipant[], db: Database = getDatabase()): Promise<void> {
  const asker = participants.find((participant) => participant.state === "consented" && participant.signIn.as === "participant");
  if (!asker) return;
  const row = await db.participant.findUnique({ where: { pseudonym: asker.pseudonym }, select: { id: true, userId: true, _count: { select: { questions: true } } } });
  if (!row?.userId || row._count.questions > 0) return;
  await askQuestion({ participantId: row.id, askedById: row.userId, body: demoQuestion, request: { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" } }, db);
}
