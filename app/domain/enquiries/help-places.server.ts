import { getDatabase, type Database } from "../../db.server";
import { AppError, type RequestContext } from "../kernel/index";
import { HelpPlaceSchema, type HelpPlaceKind } from "./help-place-schemas";
import { recordAuditEvent } from "../kernel/index.server";

export interface HelpPlaceView {
  id: string;
  kind: HelpPlaceKind;
  prefecture: string;
  nameJa: string;
  nameEn: string | null;
  phone: string | null;
  url: string | null;
  noteJa: string | null;
}

const shown = { id: true, kind: true, prefecture: true, nameJa: true, nameEn: true, phone: true, url: true, noteJa: true } as const;

/** The places still listed, by prefecture, then kind, then name; narrowed to a prefecture and a kind when asked. */
export async function listHelpPlaces(options: { prefecture?: string; kind?: HelpPlaceKind }, db: Database = getDatabase()): Promise<HelpPlaceView[]> {
  return db.helpPlace.findMany({
    where: { retiredAt: null, ...(options.prefecture ? { prefecture: options.prefecture } : {}), ...(options.kind ? { kind: options.kind } : {}) },
    orderBy: [{ prefecture: "asc" }, { kind: "asc" }, { nameJa: "asc" }],
    select: shown,
    take: 500,
  });
}

/** Staff add a place, or correct one still listed (`placeId`); each change audited with what it was. */
export async function saveHelpPlace(options: { placeId?: string; input: unknown; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<{ id: string }> {
  const input = HelpPlaceSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  const data = { ...input, nameEn: input.nameEn ?? null, phone: input.phone ?? null, url: input.url ?? null, noteJa: input.noteJa ?? null, updatedAt: now, updatedById: options.actorUserId };
  return db.$transaction(async (tx) => {
    let id: string;
    if (options.placeId) {
      const { count } = await tx.helpPlace.updateMany({ where: { id: options.placeId, retiredAt: null }, data });
      if (count === 0) throw new AppError("not_found");
      id = options.placeId;
    } else {
      id = (await tx.helpPlace.create({ data, select: { id: true } })).id;
    }
    await recordAuditEvent(tx, { type: "enquiry.help_place_saved", outcome: "success", detail: { placeId: id, change: options.placeId ? "corrected" : "added" } }, { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
    return { id };
  });
}

/** Staff take a place off the directory (closed, moved, or wrong); kept, with when, for the audit. */
export async function retireHelpPlace(options: { placeId: string; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  if (!/^[0-9a-f-]{36}$/.test(options.placeId)) throw new AppError("not_found");
  const now = options.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const { count } = await tx.helpPlace.updateMany({ where: { id: options.placeId, retiredAt: null }, data: { retiredAt: now, updatedById: options.actorUserId } });
    if (count === 0) throw new AppError("not_found");
    await recordAuditEvent(tx, { type: "enquiry.help_place_saved", outcome: "success", detail: { placeId: options.placeId, change: "retired" } }, { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
  });
}
