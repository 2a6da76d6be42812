import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";

/** A coordinator opens the scan of a signed paper form; the read is audited like any other read of identity. */
export async function readPaperScan(
  options: { participantId: string; eventId: string; coordinatorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ content: Uint8Array; contentType: string; fileName: string }> {
  if (!z.uuid().safeParse(options.eventId).success || !z.uuid().safeParse(options.participantId).success) throw new AppError("not_found");
  const [scan, event] = await Promise.all([
    db.paperConsentScan.findUnique({ where: { eventId: options.eventId } }),
    db.consentEvent.findUnique({ where: { id: options.eventId }, select: { participantId: true } }),
  ]);
  if (!scan || event?.participantId !== options.participantId) throw new AppError("not_found");
  await recordAuditEvent(
    db,
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "paper_consent_scan", purpose: "consent_support", rows: 1, participantId: options.participantId } },
    { actorUserId: options.coordinatorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
  );
  return { content: scan.content, contentType: scan.contentType, fileName: scan.fileName };
}
