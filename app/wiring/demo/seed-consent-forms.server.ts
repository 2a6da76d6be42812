import { readFileSync } from "node:fs";
import { getDatabase, type Database } from "../../db.server";
import { FormContentSchema, type FormContent } from "@tsunagi/consent-rules/form-content";
import { publishFormVersion } from "../../domain/consent/forms/publish-form-version.server";

const seedDirectory = new URL("../../../prisma/seed-data/consent-forms/", import.meta.url);

/** The seeded unified ICF versions, oldest first (prisma/seed-data/consent-forms). */
export function seededFormContent(version: "1.0" | "1.1" | "2.0"): FormContent {
  return FormContentSchema.parse(JSON.parse(readFileSync(new URL(`wgs-cancer-${version}.json`, seedDirectory), "utf8")));
}

/**
 * Makes sure a seeded version exists and is published, as ELSI staff would through the forms screens. Idempotent:
 * an existing published version is left alone (it could not be changed anyway).
 */
export async function ensurePublishedFormVersion(version: "1.0" | "1.1" | "2.0", options: { publishedAt?: Date } = {}, db: Database = getDatabase()): Promise<string> {
  const content = seededFormContent(version);
  const existing = await db.consentFormVersion.findUnique({ where: { formKey_version: { formKey: content.formKey, version: content.version } } });
  if (existing?.status === "published") return existing.id;
  const row =
    existing ??
    (await db.consentFormVersion.create({
      data: { formKey: content.formKey, version: content.version, kind: content.kind, content, effectiveDate: new Date(`${content.effectiveDate}T00:00:00Z`) },
    }));
  // A later major version is reviewed by the panel before it is published (ADR 061): the seed records a round, closed.
  if (content.kind === "major" && !(await db.documentReviewRound.findFirst({ where: { formVersionId: row.id }, select: { id: true } }))) {
    const earlier = await db.consentFormVersion.count({ where: { formKey: content.formKey, status: "published" } });
    if (earlier > 0) {
      const at = options.publishedAt ?? new Date();
      await db.documentReviewRound.create({ data: { formVersionId: row.id, openedById: null, openedAt: at, closedAt: at, closedById: null } });
    }
  }
  await publishFormVersion({ formVersionId: row.id, publishedById: null, actorRole: "system", now: options.publishedAt, context: {} }, db);
  return row.id;
}
