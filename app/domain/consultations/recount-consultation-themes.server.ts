import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import type { RequestContext } from "../kernel/index";
import { consultationStatus } from "./consultation-model";
import { releaseConsultationFigures } from "./release-consultation-figures.server";
import { uuidPattern } from "../kernel/index";

/**
 * Staff count a closed consultation's themes again (ADR 115): they tag free-text answers after the close, and the
 * closing release counted the tags of its day. A themes release is made — the closing figures with the themes table
 * counted anew — unless that table would print the same; `released` says whether a release was made (the closing one, if this is the
 * first read after the close). While the consultation is open the
 * next interim release counts them, so this is refused (`consultation_not_closed`).
 */
export async function recountConsultationThemes(
  input: { consultationId: string; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ released: boolean }> {
  const now = input.request.now ?? new Date();
  if (!uuidPattern.test(input.consultationId)) throw new AppError("not_found");
  const consultation = await db.consultation.findUnique({ where: { id: input.consultationId }, select: { publishedAt: true, opensAt: true, closesAt: true } });
  if (!consultation || consultation.publishedAt === null) throw new AppError("not_found");
  if (consultationStatus(consultation, now) !== "closed") throw new AppError("consultation_not_closed");
  const before = await db.consultationRelease.count({ where: { consultationId: input.consultationId } });
  const newest = await releaseConsultationFigures({ consultationId: input.consultationId, now, recountThemes: { actorUserId: input.actorUserId, request: { ...input.request, now } } }, db);
  return { released: newest !== null && newest.number > before };
}
