import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { AuditContext } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";

/** Throws a draft away. Nobody has signed a draft, so nothing else refers to it; published versions stay forever. */
export async function deleteFormDraft(options: { formVersionId: string; context: AuditContext }, db: Database = getDatabase()): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.consentFormVersion.findUnique({ where: { id: options.formVersionId }, select: { id: true, status: true, version: true } });
    if (!row) throw new AppError("not_found");
    if (row.status !== "draft") throw new AppError("form_not_editable");
    const { count } = await tx.consentFormVersion.deleteMany({ where: { id: row.id, status: "draft" } });
    if (count !== 1) throw new AppError("form_not_editable");
    await recordAuditEvent(tx, { type: "consent_form.draft_deleted", outcome: "success", detail: { formVersionId: row.id, version: row.version } }, options.context);
  });
}
