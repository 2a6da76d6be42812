import { readFileSync } from "node:fs";
import { getDatabase, type Database } from "../../db.server";
import { FormContentSchema, type FormContent } from "@tsunagi/consent-rules/form-content";
import { programmeFormKeys, type ProgrammeFormKey } from "../../domain/consent/index";
import { publishFormVersion } from "../../domain/consent/index.server";

const seedDirectory = new URL("../../../prisma/seed-data/consent-forms/", import.meta.url);

/** The seeded forms and their versions, oldest first (prisma/seed-data/consent-forms/<formKey>-<version>.json; ADR 124). */
export const seededFormVersions = { "wgs-cancer": ["1.0", "1.1", "2.0"], "wgs-rare-disease": ["1.0"] } as const satisfies Record<ProgrammeFormKey, readonly string[]>;
export type SeededVersion<K extends ProgrammeFormKey> = (typeof seededFormVersions)[K][number];

/** A seeded version's content: the cancer form's unless another programme form is named. */
export function seededFormContent<K extends ProgrammeFormKey = "wgs-cancer">(version: SeededVersion<K>, formKey: K = programmeFormKeys.cancer as K): FormContent {
  return FormContentSchema.parse(JSON.parse(readFileSync(new URL(`${formKey}-${version}.json`, seedDirectory), "utf8")));
}

/**
 * Makes sure a seeded version exists and is published, as ELSI staff would through the forms screens. Idempotent:
 * an existing published version is left alone (it could not be changed anyway).
 */
export async function ensurePublishedFormVersion<K extends ProgrammeFormKey = "wgs-cancer">(
  version: SeededVersion<K>,
  options: { publishedAt?: Date; formKey?: K; reconsentDeadline?: string } = {},
  db: Database = getDatabase(),
): Promise<string> {
  const content = seededFormContent(version, options.formKey ?? (programmeFormKeys.cancer as K));
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
  await publishFormVersion({ formVersionId: row.id, publishedById: null, actorRole: "system", now: options.publishedAt, reconsentDeadline: options.reconsentDeadline ?? null, context: {} }, db);
  return row.id;
}
