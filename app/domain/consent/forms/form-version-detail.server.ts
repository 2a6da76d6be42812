import { getDatabase, type Database } from "../../../db.server";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { FormContent } from "@tsunagi/consent-rules/form-content";
import { compareVersions, formContentHash } from "./form-hash";
import { participantCountsByVersion, type ParticipantCounts } from "./list-form-versions.server";
import { loadFormVersion, type FormVersion } from "./load-form-version.server";
import { isAffectedByMajorVersion } from "./publish-form-version.server";

export interface FormVersionDetail extends FormVersion, ParticipantCounts {
  /** The hash the content has now: for a published version its stored hash, for a draft the one publishing would fix. */
  computedHash: string;
  /** For a draft: how many participants publishing it would ask to re-consent (always 0 for a minor version). */
  reconsentAudience: number;
}

/**
 * Who publishing `content` as a major version would ask to re-consent — the same rule publishFormVersion applies,
 * so the number on the confirmation page is the number of people who will be asked and emailed.
 */
export async function countReconsentAudience(content: FormContent, formVersionId: string, db: Database = getDatabase()): Promise<number> {
  if (content.kind !== "major") return 0;
  const earlier = await db.consentFormVersion.findMany({
    where: { formKey: content.formKey, status: "published", id: { not: formVersionId } },
    select: { id: true, version: true },
  });
  const earlierIds = earlier.filter((version) => compareVersions(version.version, content.version) < 0).map((version) => version.id);
  const states = await db.consentState.findMany({
    where: { formVersionId: { in: earlierIds }, status: { in: ["active", "reconsent_required"] } },
    select: { choices: true },
  });
  return states.filter((state) => isAffectedByMajorVersion(state.choices as ChoiceSnapshot, content.affectsChoiceIds)).length;
}

export async function loadFormVersionDetail(id: string, db: Database = getDatabase()): Promise<FormVersionDetail> {
  const version = await loadFormVersion(id, db);
  const counts = (await participantCountsByVersion([id], db)).get(id) ?? { consented: 0, reconsentRequired: 0 };
  const reconsentAudience = version.status === "draft" ? await countReconsentAudience(version.content, id, db) : 0;
  return { ...version, ...counts, computedHash: formContentHash(version.content), reconsentAudience };
}
