import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { ProgrammeUpdateDraftSchema, type ProgrammeUpdateDraftInput } from "./programme-update-schema";

export interface CreateProgrammeUpdateOptions {
  update: ProgrammeUpdateDraftInput;
  /** The ELSI staff member writing it. */
  actorUserId: string;
  request?: { ipAddress?: string | null; userAgent?: string | null };
}

/**
 * A draft update and its first version (ADR 038). A draft may lack a language; nobody but staff sees it until it is
 * published. Input that breaks the schema is refused as `invalid_input` with nothing written (routes parse with the
 * same schema first, so a person sees the field and the reason).
 */
export async function createProgrammeUpdate(options: CreateProgrammeUpdateOptions, db: Database = getDatabase()): Promise<{ id: string }> {
  const parsed = ProgrammeUpdateDraftSchema.safeParse(options.update);
  if (!parsed.success) throw new AppError("invalid_input");
  const draft = parsed.data;
  const audiences = [...new Set(draft.audiences)];
  return db.$transaction(async (tx) => {
    const created = await tx.programmeUpdate.create({
      data: {
        audiences,
        programmeArea: draft.programmeArea ?? null,
        latestVersion: 1,
        createdById: options.actorUserId,
        versions: {
          create: {
            number: 1,
            titleJa: draft.titleJa ?? "",
            titleJaEasy: draft.titleJaEasy ?? "",
            titleEn: draft.titleEn ?? "",
            bodyJa: draft.bodyJa ?? "",
            bodyJaEasy: draft.bodyJaEasy ?? "",
            bodyEn: draft.bodyEn ?? "",
            readingCorrections: draft.readingCorrections ?? {},
            createdById: options.actorUserId,
          },
        },
      },
      select: { id: true },
    });
    await recordAuditEvent(
      tx,
      { type: "programme_update.created", outcome: "success", detail: { updateId: created.id, audiences, programmeArea: draft.programmeArea ?? null } },
      { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
    );
    return created;
  });
}
