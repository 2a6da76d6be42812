import { getDatabase, type Database } from "../../db.server";
import { learningModules, type LearningModuleId } from "./learning-modules";

export interface LearningPathEntry {
  id: LearningModuleId;
  completedAt: string | null;
}

/** The four modules in order, each with when this reader completed it (or null), and how many are done. */
export async function loadLearningPath(input: { userId: string }, db: Database = getDatabase()): Promise<{ modules: LearningPathEntry[]; done: number; total: number }> {
  const rows = await db.panelLearningCompletion.findMany({ where: { userId: input.userId }, select: { moduleId: true, completedAt: true } });
  const completed = new Map(rows.map((row) => [row.moduleId, row.completedAt]));
  const modules = learningModules.map((module) => ({ id: module.id, completedAt: completed.get(module.id)?.toISOString() ?? null }));
  return { modules, done: modules.filter((module) => module.completedAt !== null).length, total: modules.length };
}
