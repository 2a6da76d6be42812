import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { AuditContext } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import { formVersionsOf } from "./create-form-draft.server";
import { FormContentSchema, type FormContent, type FormLanguage } from "@tsunagi/consent-rules/form-content";
import { applySettings, draftSettingsSchema, type DraftSettings } from "./form-draft-settings";
import { applyDraftText, type DraftTextFields } from "./form-draft-text";

/** Someone saved the draft since it was read: said to its editor in the draft editor's words. */
const staleDraft = { namespace: "forms", key: "errors.staleDraft" } as const;

export type DraftChange = { type: "text"; language: FormLanguage; fields: DraftTextFields } | { type: "settings"; settings: DraftSettings };

export interface FormDraft {
  id: string;
  formKey: string;
  content: FormContent;
  /** When the draft was last saved; a save must name it, so one person's edit never silently overwrites another's. */
  revision: string;
}

/** A draft to edit; a published version is never offered for editing. */
export async function loadFormDraft(id: string, db: Database | Transaction = getDatabase()): Promise<FormDraft> {
  const row = await db.consentFormVersion.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found");
  if (row.status !== "draft") throw new AppError("form_not_editable");
  return { id: row.id, formKey: row.formKey, content: FormContentSchema.parse(row.content), revision: row.updatedAt.toISOString() };
}

async function changedContent(tx: Transaction, draft: FormDraft, change: DraftChange): Promise<FormContent> {
  if (change.type === "text") return applyDraftText(draft.content, change.language, change.fields);
  const others = (await formVersionsOf(draft.formKey, tx)).filter((entry) => entry.version !== draft.content.version);
  if (!draftSettingsSchema({ otherVersions: others, choiceIds: draft.content.choiceIds }).safeParse(change.settings).success) throw new AppError("invalid_input");
  return applySettings(draft.content, change.settings);
}

/**
 * Saves a change to a draft: one language's wording, or its settings. The whole content must still pass
 * FormContentSchema; a draft saved by someone else since `revision` was read is refused (form_updated), and a
 * published version is refused (form_not_editable) — the database trigger would refuse it too.
 */
export async function updateFormDraft(
  options: { formVersionId: string; revision: string; change: DraftChange; context: AuditContext },
  db: Database = getDatabase(),
): Promise<{ revision: string }> {
  return db.$transaction(async (tx) => {
    const draft = await loadFormDraft(options.formVersionId, tx);
    if (draft.revision !== options.revision) throw new AppError("form_updated", undefined, staleDraft);
    const content = FormContentSchema.safeParse(await changedContent(tx, draft, options.change));
    if (!content.success) throw new AppError("invalid_input");
    const { count } = await tx.consentFormVersion.updateMany({
      where: { id: draft.id, status: "draft", updatedAt: new Date(draft.revision) },
      data: {
        content: content.data,
        version: content.data.version,
        kind: content.data.kind,
        effectiveDate: new Date(`${content.data.effectiveDate}T00:00:00Z`),
      },
    });
    if (count !== 1) throw new AppError("form_updated", undefined, staleDraft);
    await recordAuditEvent(tx, { type: "consent_form.draft_saved", outcome: "success", detail: { formVersionId: draft.id, version: content.data.version } }, options.context);
    const saved = await tx.consentFormVersion.findUniqueOrThrow({ where: { id: draft.id }, select: { updatedAt: true } });
    return { revision: saved.updatedAt.toISOString() };
  });
}
