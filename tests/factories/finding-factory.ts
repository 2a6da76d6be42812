// Findings in their real tables, as the intake stores them (issue 13 item 3): a finding and its versions.
import { randomUUID } from "node:crypto";
import type { FindingsCategory } from "@tsunagi/consent-rules/choice-catalogue";
import { getDatabase } from "../../app/db.server";

const geneOf: Record<FindingsCategory, string> = { hereditary_cancer: "BRCA1", other_actionable: "LDLR" };

/** A finding for one of the participant's samples, arrived at `arrivedAt`, with its first version. */
export async function createFinding(participantId: string, category: FindingsCategory, arrivedAt = new Date()): Promise<string> {
  const db = getDatabase();
  const sample = await db.sample.findFirstOrThrow({ where: { participantId }, select: { id: true } });
  const finding = await db.finding.create({
    data: {
      labId: "LAB-TEST",
      labFindingId: `F-${randomUUID()}`,
      sampleId: sample.id,
      participantId,
      category,
      gene: geneOf[category],
      geneListVersion: "3.2",
      latestVersion: 0,
      createdAt: arrivedAt,
    },
  });
  await addFindingVersion(finding.id, { classification: "P", submittedAt: arrivedAt });
  return finding.id;
}

/** The next version of a finding; a different classification than the one before is a re-interpretation. */
export async function addFindingVersion(findingId: string, options: { classification: "P" | "LP"; submittedAt?: Date }): Promise<number> {
  const db = getDatabase();
  const finding = await db.finding.findUniqueOrThrow({ where: { id: findingId }, select: { latestVersion: true } });
  const previous = finding.latestVersion > 0 ? await db.findingVersion.findUniqueOrThrow({ where: { findingId_version: { findingId, version: finding.latestVersion } } }) : null;
  const version = finding.latestVersion + 1;
  await db.findingVersion.create({
    data: {
      findingId,
      version,
      variantHgvs: "NM_007294.4:c.68_69del",
      classification: options.classification,
      evidenceSummary: "Frameshift; ClinVar expert panel pathogenic.",
      reportPdf: new Uint8Array(Buffer.from("%PDF-1.7\n%%EOF\n")),
      reportSha256: randomUUID(),
      contentHash: randomUUID(),
      reinterpretation: previous !== null && previous.classification !== options.classification,
      submittedByTokenId: "test",
      submittedAt: options.submittedAt ?? new Date(),
    },
  });
  await db.finding.update({ where: { id: findingId }, data: { latestVersion: version } });
  return version;
}
