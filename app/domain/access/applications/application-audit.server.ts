import type { Transaction } from "../../../db.server";
import type { AuditEvent } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";

type ApplicationChange = Extract<AuditEvent, { type: "access.application_changed" }>["detail"];

/** One audit row per step of an application, by whoever took it, in the step's transaction. */
export function auditApplicationChange(tx: Transaction, detail: ApplicationChange, actorUserId: string, request: RequestContext): Promise<void> {
  return recordAuditEvent(tx, { type: "access.application_changed", outcome: "success", detail }, { actorUserId, ipAddress: request.ipAddress, userAgent: request.userAgent });
}

/** The application's row, locked for the rest of the transaction: every step decides under it. */
export async function lockApplication(tx: Transaction, applicationId: string) {
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "DataAccessApplication" WHERE id = ${applicationId}::uuid FOR UPDATE`;
  if (!row) return null;
  return tx.dataAccessApplication.findUniqueOrThrow({ where: { id: applicationId } });
}
