import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { isLearningModuleId, learningModuleOf, learningModules, selfCheckFeedback, type LearningModule, type SelfCheckFeedback } from "./learning-modules";

/**
 * One module for reading: its shape, the reader's completion, feedback on the self-check answers they sent (nothing
 * stored), and the next module on the path. An id that is not a module is "not found".
 */
export async function loadLearningModule(
  input: { userId: string; moduleId: string; answers: Readonly<Record<string, string>> },
  db: Database = getDatabase(),
): Promise<{ module: LearningModule; completedAt: string | null; feedback: SelfCheckFeedback[]; position: number; total: number; next: string | null }> {
  if (!isLearningModuleId(input.moduleId)) throw new AppError("not_found");
  const module = learningModuleOf(input.moduleId);
  const completion = await db.panelLearningCompletion.findUnique({ where: { userId_moduleId: { userId: input.userId, moduleId: module.id } }, select: { completedAt: true } });
  const position = learningModules.indexOf(module);
  return {
    module,
    completedAt: completion?.completedAt.toISOString() ?? null,
    feedback: selfCheckFeedback(module, input.answers),
    position: position + 1,
    total: learningModules.length,
    next: learningModules[position + 1]?.id ?? null,
  };
}
