import { z } from "zod";
import { getDatabase, type Database } from "../../../../db.server";
import { AppError } from "../../../kernel/index";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";
import { hasPermission, type RoleSet } from "../../../authz";
import { requireParticipantInScope } from "../../../facilities/index.server";
import { ensureConsentDocument } from "./ensure-consent-document.server";
import { consentSubjectsOf } from "../../participants/index.server";

/**
 * The consent event a reader asked for by id, if they may read it: the participant, a current proxy, or staff who enrol
 * participants at the participant's facility (ADR 015). Anyone else is answered as if the event did not exist, so an
 * event id cannot be confirmed by probing. Shared by the PDF copy and the signed receipt.
 */
export async function readableConsentEvent(
  options: { eventId: string; reader: { userId: string; role: RoleSet }; request: RequestContext; path: string },
  db: Database,
): Promise<{ id: string; participantId: string; participantSeq: number; staff: boolean }> {
  if (!z.uuid().safeParse(options.eventId).success) throw new AppError("not_found");
  const event = await db.consentEvent.findUnique({ where: { id: options.eventId }, select: { id: true, participantId: true, participantSeq: true } });
  if (!event) throw new AppError("not_found");
  const staff = hasPermission(options.reader.role, "participants:enrol");
  if (staff) {
    await requireParticipantInScope({ staffUserId: options.reader.userId, participantId: event.participantId, path: options.path, request: options.request }, db);
  } else {
    const subjects = await consentSubjectsOf(options.reader.userId, db);
    if (!subjects.some((subject) => subject.participantId === event.participantId)) throw new AppError("not_found");
  }
  return { ...event, staff };
}

/** The PDF copy of a consent event, for whoever may read the event (above). Every read is an identifiable read and is audited. */
export async function readConsentDocument(
  options: { eventId: string; reader: { userId: string; role: RoleSet }; request: RequestContext; path?: string },
  db: Database = getDatabase(),
): Promise<{ pdf: Uint8Array; fileName: string }> {
  const event = await readableConsentEvent({ ...options, path: options.path ?? `/consent/documents/${options.eventId}.pdf` }, db);
  const document = await ensureConsentDocument(event.id, db);
  if (!document) throw new AppError("not_found");
  await auditConsentEventRead(db, { event, resource: "consent_document", reader: options.reader, request: options.request });
  return { pdf: document.pdf, fileName: document.fileName };
}

/** A read of a change's copy (its PDF, its receipt) is an identifiable read: by the participant's side or by staff. */
export async function auditConsentEventRead(
  db: Database,
  options: { event: { participantId: string; staff: boolean }; resource: "consent_document" | "consent_receipt"; reader: { userId: string }; request: RequestContext },
): Promise<void> {
  await recordAuditEvent(
    db,
    {
      type: "data.identifiable_read",
      outcome: "success",
      detail: { resource: options.resource, purpose: options.event.staff ? "consent_support" : "participant_self_service", rows: 1, participantId: options.event.participantId },
    },
    { actorUserId: options.reader.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
  );
}
