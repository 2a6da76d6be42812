import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { lockProgrammeUpdate } from "./lock-programme-update.server";
import { ProgrammeUpdateDraftSchema, UpdateCorrectionSchema, type ProgrammeUpdateDraftInput, type UpdateCorrectionInput } from "./programme-update-schema";

export interface EditProgrammeUpdateDraftOptions {
  updateId: string;
  /** A never-published update's text and audience, or a correction's text and change notes. */
  draft: ProgrammeUpdateDraftInput | UpdateCorrectionInput;
  actorUserId: string;
  request?: { ipAddress?: string | null; userAgent?: string | null };
}

/**
 * Saves the draft version of an update (ADR 038): the first version while the update is unpublished (its audience
 * too), or a correction being written (the text and the note of what changed; the audience stays what readers were
 * shown). Decided under the update's lock: a version published meanwhile is `update_not_editable`, and the trigger
 * refuses any write to a published version regardless.
 */
export async function editProgrammeUpdateDraft(options: EditProgrammeUpdateDraftOptions, db: Database = getDatabase()): Promise<{ version: number }> {
  return db.$transaction(async (tx) => {
    const update = await lockProgrammeUpdate(tx, options.updateId);
    const version = await tx.programmeUpdateVersion.findUniqueOrThrow({ where: { updateId_number: { updateId: update.id, number: update.latestVersion } } });
    if (version.publishedAt !== null) throw new AppError("update_not_editable");
    const correcting = update.publishedVersion !== null;
    const parsed = (correcting ? UpdateCorrectionSchema : ProgrammeUpdateDraftSchema).safeParse(options.draft);
    if (!parsed.success) throw new AppError("invalid_input");
    const draft: { readingCorrections?: Record<string, string> } & Partial<Record<"titleJa" | "titleJaEasy" | "titleEn" | "bodyJa" | "bodyJaEasy" | "bodyEn" | "changeNoteJa" | "changeNoteJaEasy" | "changeNoteEn", string>> = parsed.data;
    await tx.programmeUpdateVersion.update({
      where: { id: version.id },
      data: {
        titleJa: draft.titleJa ?? "",
        titleJaEasy: draft.titleJaEasy ?? "",
        titleEn: draft.titleEn ?? "",
        bodyJa: draft.bodyJa ?? "",
        bodyJaEasy: draft.bodyJaEasy ?? "",
        bodyEn: draft.bodyEn ?? "",
        readingCorrections: draft.readingCorrections ?? {},
        ...(correcting ? { changeNoteJa: draft.changeNoteJa ?? "", changeNoteJaEasy: draft.changeNoteJaEasy ?? "", changeNoteEn: draft.changeNoteEn ?? "" } : {}),
        updatedAt: new Date(),
      },
    });
    if (!correcting) {
      const audience = parsed.data as { audiences: ("participants" | "families" | "public")[]; programmeArea?: "cancer" | "rare_disease" };
      await tx.programmeUpdate.update({ where: { id: update.id }, data: { audiences: [...new Set(audience.audiences)], programmeArea: audience.programmeArea ?? null } });
    }
    await recordAuditEvent(
      tx,
      { type: "programme_update.edited", outcome: "success", detail: { updateId: update.id, version: version.number } },
      { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
    );
    return { version: version.number };
  });
}
