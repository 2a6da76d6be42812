import type { Database, Transaction } from "../../db.server";
import { AuditEventSchema, type AuditContext, type AuditEvent } from "./audit-event";

/**
 * Writes one audit row. Call it with the same transaction client as the change it records, so the change
 * and its audit row commit or roll back together.
 */
export async function recordAuditEvent(db: Database | Transaction, event: AuditEvent, context: AuditContext): Promise<void> {
  const parsed = AuditEventSchema.parse(event);
  await db.auditEvent.create({
    data: {
      type: parsed.type,
      outcome: parsed.outcome,
      detail: parsed.detail,
      actorUserId: context.actorUserId ?? null,
      subjectUserId: context.subjectUserId ?? context.actorUserId ?? null,
      ipAddress: context.ipAddress ?? null,
      // User agents are attacker-controlled; cap them so one request cannot bloat the log.
      userAgent: context.userAgent?.slice(0, 512) ?? null,
    },
  });
}
