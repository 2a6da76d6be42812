/**
 * The learning concept's public entry: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { isLearningModuleId } from "./learning-modules";
export { learningModuleIds } from "./learning-modules";
export { readLearningModule } from "./read-learning-module";
export type { PublicLearningModule } from "./read-learning-module";
