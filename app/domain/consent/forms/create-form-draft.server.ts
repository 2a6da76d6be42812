import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { AuditContext } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import { FormContentSchema, type FormContent } from "@tsunagi/consent-rules/form-content";
import { applySettings, draftSettingsSchema, latestVersion, nextVersion, type DraftSettings } from "./form-draft-settings";
import { listPublishedVersions, type FormVersion } from "./load-form-version.server";
import { lockForm } from "./lock-form.server";

export interface DraftProposal {
  /** The draft already being worked on: there is only ever one, so "new draft" leads there instead. */
  openDraft: { id: string; version: string } | null;
  /** What a new draft is copied from: the newest published version. */
  base: FormVersion | null;
  proposed: DraftSettings;
  /** Every version of the form, for checking the settings a staff member types. */
  versions: { version: string; status: "draft" | "published"; effectiveDate: string }[];
}

/** Every version of a form, published or not, for checking a new version number and effective date against. */
export async function formVersionsOf(formKey: string, db: Database | Transaction = getDatabase()): Promise<DraftProposal["versions"]> {
  const rows = await db.consentFormVersion.findMany({ where: { formKey }, select: { version: true, status: true, effectiveDate: true } });
  return rows.map((row) => ({ version: row.version, status: row.status, effectiveDate: row.effectiveDate.toISOString().slice(0, 10) }));
}

/** Today's calendar date in Japan, where every version takes effect. */
function todayInJapan(now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** What the "new draft" page offers: a minor bump of the newest version, effective today or later. */
export async function proposeFormDraft(formKey: string, options: { now?: Date } = {}, db: Database = getDatabase()): Promise<DraftProposal> {
  const [versions, published, draft] = await Promise.all([
    formVersionsOf(formKey, db),
    listPublishedVersions(formKey, db),
    db.consentFormVersion.findFirst({ where: { formKey, status: "draft" }, orderBy: { createdAt: "desc" }, select: { id: true, version: true } }),
  ]);
  const base = published[0] ?? null;
  const today = todayInJapan(options.now ?? new Date());
  const lastEffective = base?.effectiveDate ?? today;
  return {
    openDraft: draft,
    base,
    proposed: {
      version: nextVersion(latestVersion(versions), "minor"),
      kind: "minor",
      interimRule: base?.content.interimRule ?? "continue_previous",
      affectsChoiceIds: [],
      effectiveDate: today > lastEffective ? today : lastEffective,
    },
    versions,
  };
}

async function insertDraft(tx: Transaction, content: FormContent, createdById: string | null, context: AuditContext): Promise<{ id: string; version: string }> {
  if (await tx.consentFormVersion.findFirst({ where: { formKey: content.formKey, status: "draft" }, select: { id: true } })) {
    throw new AppError("form_draft_open");
  }
  const settings = draftSettingsSchema({ otherVersions: await formVersionsOf(content.formKey, tx), choiceIds: content.choiceIds }).safeParse(content);
  if (!settings.success) throw new AppError("invalid_input");
  const row = await tx.consentFormVersion.create({
    data: {
      formKey: content.formKey,
      version: content.version,
      kind: content.kind,
      status: "draft",
      content,
      effectiveDate: new Date(`${content.effectiveDate}T00:00:00Z`),
      createdById,
    },
  });
  await recordAuditEvent(tx, { type: "consent_form.draft_saved", outcome: "success", detail: { formVersionId: row.id, version: row.version } }, context);
  return { id: row.id, version: row.version };
}

/**
 * Opens the form's next draft: a copy of the newest published version with the settings the staff member chose.
 * Only one draft may be open at a time, so two versions can never be prepared against the same predecessor.
 */
export async function createFormDraft(
  options: { formKey: string; settings: DraftSettings; createdById: string; context: AuditContext },
  db: Database = getDatabase(),
): Promise<{ id: string; version: string }> {
  return db.$transaction(async (tx) => {
    await lockForm(tx, options.formKey, "exclusive");
    const [base] = await listPublishedVersions(options.formKey, tx);
    if (!base) throw new AppError("not_found");
    const content = FormContentSchema.safeParse(applySettings(base.content, options.settings));
    if (!content.success) throw new AppError("invalid_input");
    return insertDraft(tx, content.data, options.createdById, options.context);
  });
}

/**
 * Stores complete content (a form's first version, or one prepared outside the app such as the seeded ICF) as a
 * draft, under the same rules as a copied draft; publishing stays a separate, deliberate step.
 */
export async function importFormDraft(
  options: { content: unknown; createdById: string | null; context: AuditContext },
  db: Database = getDatabase(),
): Promise<{ id: string; version: string }> {
  const content = FormContentSchema.safeParse(options.content);
  if (!content.success) throw new AppError("invalid_input");
  return db.$transaction(async (tx) => {
    await lockForm(tx, content.data.formKey, "exclusive");
    return insertDraft(tx, content.data, options.createdById, options.context);
  });
}
