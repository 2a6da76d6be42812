import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { lockProgrammeUpdate } from "./lock-programme-update.server";
import { storedReadingCorrections } from "./programme-update-schema";

export interface StartUpdateCorrectionOptions {
  updateId: string;
  actorUserId: string;
  request?: { ipAddress?: string | null; userAgent?: string | null };
}

/**
 * A correction of a published update (ADR 038): the next version, a draft holding a copy of the published text for
 * staff to change and explain. Under the update's lock; when a correction is already being written, that one is
 * returned instead of a second (two staff pressing "correct" get the same draft). An unpublished update has nothing
 * to correct: its draft is edited directly (`update_not_editable` would mislead, so `invalid_input`).
 */
export async function startUpdateCorrection(options: StartUpdateCorrectionOptions, db: Database = getDatabase()): Promise<{ version: number; started: boolean }> {
  return db.$transaction(async (tx) => {
    const update = await lockProgrammeUpdate(tx, options.updateId);
    if (update.publishedVersion === null) throw new AppError("invalid_input");
    if (update.latestVersion !== update.publishedVersion) return { version: update.latestVersion, started: false };
    const published = await tx.programmeUpdateVersion.findUniqueOrThrow({ where: { updateId_number: { updateId: update.id, number: update.publishedVersion } } });
    const number = update.latestVersion + 1;
    await tx.programmeUpdateVersion.create({
      data: {
        updateId: update.id,
        number,
        titleJa: published.titleJa,
        titleJaEasy: published.titleJaEasy,
        titleEn: published.titleEn,
        bodyJa: published.bodyJa,
        bodyJaEasy: published.bodyJaEasy,
        bodyEn: published.bodyEn,
        readingCorrections: storedReadingCorrections(published.readingCorrections),
        createdById: options.actorUserId,
      },
    });
    await tx.programmeUpdate.update({ where: { id: update.id }, data: { latestVersion: number } });
    await recordAuditEvent(
      tx,
      { type: "programme_update.correction_started", outcome: "success", detail: { updateId: update.id, version: number } },
      { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
    );
    return { version: number, started: true };
  });
}
