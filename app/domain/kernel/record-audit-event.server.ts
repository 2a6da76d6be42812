import type { Database, Transaction } from "../../db.server";
import { AuditEventSchema, type AuditContext, type AuditEvent } from "./audit-event";

/** One audit row's columns, the event validated by its schema: what recordAuditEvent writes, for a statement of its own. */
export interface AuditRowValues {
  type: string;
  outcome: string;
  detail: AuditEvent["detail"];
  actorUserId: string | null;
  subjectUserId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
}

export function auditRowValues(event: AuditEvent, context: AuditContext): AuditRowValues {
  const parsed = AuditEventSchema.parse(event);
  return {
    type: parsed.type,
    outcome: parsed.outcome,
    detail: parsed.detail,
    actorUserId: context.actorUserId ?? null,
    subjectUserId: context.subjectUserId ?? context.actorUserId ?? null,
    ipAddress: context.ipAddress ?? null,
    // User agents are attacker-controlled; cap them so one request cannot bloat the log.
    userAgent: context.userAgent?.slice(0, 512) ?? null,
  };
}

/**
 * Writes one audit row. Call it with the same transaction client as the change it records, so the change
 * and its audit row commit or roll back together.
 */
export async function recordAuditEvent(db: Database | Transaction, event: AuditEvent, context: AuditContext): Promise<void> {
  await db.auditEvent.create({ data: auditRowValues(event, context) });
}
