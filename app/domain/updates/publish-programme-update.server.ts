import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { lockProgrammeUpdate } from "./lock-programme-update.server";
import { missingChangeNotes, missingLanguages } from "./update-languages";

export interface PublishProgrammeUpdateOptions {
  updateId: string;
  /** When readers first see it: null for now. Only the first version can be scheduled; a correction shows at once. */
  publishAt: Date | null;
  actorUserId: string;
  request?: { ipAddress?: string | null; userAgent?: string | null };
  now?: Date;
}

/**
 * Publishes the update's draft version (ADR 038), under the update's lock: refused while a language lacks its title
 * or text (`update_language_missing`), and for a correction while a language lacks its note of what changed. The
 * first version sets when readers first see the update (now or a scheduled time; visibility is a query on that
 * time, so no job has to run for it to appear); a correction becomes the version readers see at once, the earlier
 * ones staying readable beside it. The version is frozen from here on (trigger).
 */
export async function publishProgrammeUpdate(options: PublishProgrammeUpdateOptions, db: Database = getDatabase()): Promise<{ version: number; visibleFrom: Date }> {
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const update = await lockProgrammeUpdate(tx, options.updateId);
    const version = await tx.programmeUpdateVersion.findUniqueOrThrow({ where: { updateId_number: { updateId: update.id, number: update.latestVersion } } });
    if (version.publishedAt !== null) throw new AppError("update_not_editable");
    if (missingLanguages(version).length > 0) throw new AppError("update_language_missing");
    const correction = update.publishedVersion !== null;
    if (correction && missingChangeNotes(version).length > 0) throw new AppError("update_change_note_missing");
    const visibleFrom = correction ? update.publishAt! : (options.publishAt ?? now);
    await tx.programmeUpdateVersion.update({ where: { id: version.id }, data: { publishedAt: now, publishedById: options.actorUserId } });
    await tx.programmeUpdate.update({ where: { id: update.id }, data: { publishedVersion: version.number, publishAt: visibleFrom } });
    await recordAuditEvent(
      tx,
      { type: "programme_update.published", outcome: "success", detail: { updateId: update.id, version: version.number, visibleFrom: visibleFrom.toISOString(), correction } },
      { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
    );
    return { version: version.number, visibleFrom };
  });
}
