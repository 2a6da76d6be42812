import { getDatabase, type Database } from "../../../db.server";
import { programmeFormKeyList, type ProgrammeFormKey } from "./programme-forms";
import { compareVersions } from "./form-hash";

export interface ParticipantCounts {
  /** Participants whose current, active consent was signed under this version. */
  consented: number;
  /** Participants who signed this version and have been asked to re-consent to a newer one. */
  reconsentRequired: number;
}

export interface FormVersionListing extends ParticipantCounts {
  id: string;
  version: string;
  kind: "major" | "minor";
  status: "draft" | "published";
  effectiveDate: string;
  publishedAt: Date | null;
  contentHash: string | null;
  updatedAt: Date;
}

/** How many participants stand on each version now, from the consent projection (withdrawn consents excluded). */
export async function participantCountsByVersion(formVersionIds: readonly string[], db: Database = getDatabase()): Promise<Map<string, ParticipantCounts>> {
  const groups = await db.consentState.groupBy({
    by: ["formVersionId", "status"],
    where: { formVersionId: { in: [...formVersionIds] }, status: { in: ["active", "reconsent_required"] } },
    _count: { _all: true },
  });
  const counts = new Map<string, ParticipantCounts>(formVersionIds.map((id) => [id, { consented: 0, reconsentRequired: 0 }]));
  for (const group of groups) {
    const entry = group.formVersionId ? counts.get(group.formVersionId) : undefined;
    if (!entry) continue;
    if (group.status === "active") entry.consented += group._count._all;
    else entry.reconsentRequired += group._count._all;
  }
  return counts;
}

/** Every version of a form, drafts included, newest first, with who stands on each. The content itself is not read. */
export async function listFormVersions(formKey: string, db: Database = getDatabase()): Promise<FormVersionListing[]> {
  const rows = await db.consentFormVersion.findMany({
    where: { formKey },
    select: { id: true, version: true, kind: true, status: true, effectiveDate: true, publishedAt: true, contentHash: true, updatedAt: true },
  });
  const counts = await participantCountsByVersion(
    rows.map((row) => row.id),
    db,
  );
  return rows
    .map((row) => ({ ...row, effectiveDate: row.effectiveDate.toISOString().slice(0, 10), ...(counts.get(row.id) ?? { consented: 0, reconsentRequired: 0 }) }))
    .sort((a, b) => compareVersions(b.version, a.version));
}

/** Every programme form (one per arm; ADR 124) with all its versions, in the order staff pages list them. */
export async function listProgrammeForms(db: Database = getDatabase()): Promise<{ formKey: ProgrammeFormKey; versions: FormVersionListing[] }[]> {
  return Promise.all(programmeFormKeyList.map(async (formKey) => ({ formKey, versions: await listFormVersions(formKey, db) })));
}
