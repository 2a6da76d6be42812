import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { AppError } from "../../app-error";
import { FormContentSchema, type FormContent } from "@tsunagi/consent-rules/form-content";
import { compareVersions } from "./form-hash";

export interface FormVersion {
  id: string;
  formKey: string;
  version: string;
  kind: "major" | "minor";
  status: "draft" | "published";
  contentHash: string | null;
  effectiveDate: string;
  publishedAt: Date | null;
  content: FormContent;
}

type Row = Awaited<ReturnType<Database["consentFormVersion"]["findFirstOrThrow"]>>;

function toFormVersion(row: Row): FormVersion {
  return {
    id: row.id,
    formKey: row.formKey,
    version: row.version,
    kind: row.kind,
    status: row.status,
    contentHash: row.contentHash,
    effectiveDate: row.effectiveDate.toISOString().slice(0, 10),
    publishedAt: row.publishedAt,
    content: FormContentSchema.parse(row.content),
  };
}

export async function loadFormVersion(id: string, db: Database | Transaction = getDatabase()): Promise<FormVersion> {
  const row = await db.consentFormVersion.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found");
  return toFormVersion(row);
}

/** Every published version of a form, newest first. */
export async function listPublishedVersions(formKey: string, db: Database | Transaction = getDatabase()): Promise<FormVersion[]> {
  const rows = await db.consentFormVersion.findMany({ where: { formKey, status: "published" } });
  return rows.map(toFormVersion).sort((a, b) => compareVersions(b.version, a.version));
}

/** The version new consents are signed under: the newest published one. */
export async function currentFormVersion(formKey: string, db: Database | Transaction = getDatabase()): Promise<FormVersion> {
  const [latest] = await listPublishedVersions(formKey, db);
  if (!latest) throw new AppError("not_found");
  return latest;
}

/** The programme's single unified ICF (BRIEF §1); other forms would be keyed separately. */
export const PROGRAMME_FORM_KEY = "wgs-cancer";
