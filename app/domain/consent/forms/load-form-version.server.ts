import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
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

/**
 * Published versions, parsed, by database and id. A published version never changes — the database's freeze trigger
 * refuses any UPDATE or DELETE of one (migration consent_ledger) — so an entry can never be stale and is never
 * invalidated; drafts, which change, are always read afresh. The content is the form everyone reads, no one's
 * personal data. Bounded, oldest out first, though a programme publishes a handful of versions a year.
 */
const publishedVersions = new Map<string, FormVersion>();
const MAX_CACHED_VERSIONS = 256;

export async function loadFormVersion(id: string, db: Database | Transaction = getDatabase()): Promise<FormVersion> {
  // Keyed by the database too: tests point DATABASE_URL at a fresh database per file (getDatabase follows it).
  const key = `${process.env.DATABASE_URL ?? ""}\u0000${id}`;
  const cached = publishedVersions.get(key);
  if (cached) return cached;
  const row = await db.consentFormVersion.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found");
  const version = toFormVersion(row);
  if (version.status === "published") {
    if (publishedVersions.size >= MAX_CACHED_VERSIONS) publishedVersions.delete(publishedVersions.keys().next().value!);
    // Shared by every later caller: frozen, so code that changed its copy would fail loudly instead of changing theirs.
    publishedVersions.set(key, deepFreeze(version));
  }
  return version;
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

/**
 * The cancer arm's form key. Which form a participant signs is `formKeyForArea` of their enrolment (ADR 124); this
 * name stays for the tests and the public form page, which show the cancer form.
 */
export const PROGRAMME_FORM_KEY = "wgs-cancer";

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !(value instanceof Date) && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
