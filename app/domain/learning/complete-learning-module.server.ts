import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import type { RequestContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { isLearningModuleId } from "./learning-modules";

/**
 * A panel member (or a committee member reading the same path) records that they finished a module. Append-only, one
 * row per person and module: the first completion stands and is the one shown; a second — a resent form, two tabs, two
 * submits at once — writes nothing, and its audit row is not written either, so the log says once when it was done.
 * ON CONFLICT DO NOTHING decides between concurrent submits inside PostgreSQL, with no read-then-write window.
 */
export async function completeLearningModule(
  input: { userId: string; moduleId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ recorded: boolean }> {
  if (!isLearningModuleId(input.moduleId)) throw new AppError("not_found");
  const moduleId = input.moduleId;
  const now = input.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const { count } = await tx.panelLearningCompletion.createMany({ data: [{ userId: input.userId, moduleId, completedAt: now }], skipDuplicates: true });
    if (count === 0) return { recorded: false };
    await recordAuditEvent(
      tx,
      { type: "learning.module_completed", outcome: "success", detail: { moduleId } },
      { actorUserId: input.userId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { recorded: true };
  });
}
