import { AppError } from "../kernel/index";
import { isLearningModuleId, learningModuleOf, learningModules, selfCheckFeedback, type LearningModule, type SelfCheckFeedback } from "./learning-modules";

export interface PublicLearningModule {
  module: LearningModule;
  feedback: SelfCheckFeedback[];
  position: number;
  total: number;
  next: string | null;
}

/**
 * One module for anyone to read (ADR 148; the panel's path, ADR 060, adds the reader's completion): its shape, feedback
 * on the self-check answers sent (nothing stored) and the next module. An id that is not a module is "not found".
 */
export function readLearningModule(input: { moduleId: string; answers: Readonly<Record<string, string>> }): PublicLearningModule {
  if (!isLearningModuleId(input.moduleId)) throw new AppError("not_found");
  const module = learningModuleOf(input.moduleId);
  const position = learningModules.indexOf(module);
  return { module, feedback: selfCheckFeedback(module, input.answers), position: position + 1, total: learningModules.length, next: learningModules[position + 1]?.id ?? null };
}
