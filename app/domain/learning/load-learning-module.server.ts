import { getDatabase, type Database } from "../../db.server";
import type { LearningModule, SelfCheckFeedback } from "./learning-modules";
import { readLearningModule } from "./read-learning-module";

/**
 * One module for reading: its shape, the reader's completion, feedback on the self-check answers they sent (nothing
 * stored), and the next module on the path. An id that is not a module is "not found".
 */
export async function loadLearningModule(
  input: { userId: string; moduleId: string; answers: Readonly<Record<string, string>> },
  db: Database = getDatabase(),
): Promise<{ module: LearningModule; completedAt: string | null; feedback: SelfCheckFeedback[]; position: number; total: number; next: string | null }> {
  const read = readLearningModule(input);
  const completion = await db.panelLearningCompletion.findUnique({ where: { userId_moduleId: { userId: input.userId, moduleId: read.module.id } }, select: { completedAt: true } });
  return { ...read, completedAt: completion?.completedAt.toISOString() ?? null };
}
