import { diseaseTerms } from "@tsunagi/consent-rules/disease-hierarchy";
import { getDatabase, type Database } from "../../../db.server";
import { ApplicationContentSchema, institutionOf, titleOf } from "../applications/application-content";
import { identifierUrl, type ResearchOutputKind } from "../applications/research-output";
import { purposeLabel } from "./duo-purpose-labels";
import type { RegisterEntry } from "./register-entry";
import { registerStatus } from "./register-status";

export type { RegisterEntry } from "./register-entry";

interface Row {
  reference: string;
  recipientInstitution: string;
  recipientName: string;
  recipientType: string;
  recipientCountry: string;
  datasets: string[];
  dataKinds: string[];
  purposeCodes: string[];
  purposeDiseases: string[];
  commercial: boolean;
  startsAt: Date;
  endsAt: Date;
  status: string;
  outputs: string;
  researchOutputs: StoredOutput[] | null;
  panelFlags: { reason: string; flaggedOn: string }[] | null;
  updatedAt: Date;
  decidedAt: Date;
  content: unknown;
}

interface StoredOutput {
  kind: ResearchOutputKind;
  title: string;
  identifier: string;
  publishedOn: string;
  summaryJa: string;
  summaryJaEasy: string;
  summaryEn: string;
}

const text = (content: unknown, field: string): string => {
  const value = content && typeof content === "object" ? (content as Record<string, unknown>)[field] : undefined;
  return typeof value === "string" ? value : "";
};

function toEntry(row: Row, now: Date): RegisterEntry {
  const content = ApplicationContentSchema.safeParse(row.content);
  const written = content.success ? institutionOf(content.data) : null;
  return {
    reference: row.reference,
    // An application written before institutions were asked for in both languages shows the one the approval
    // recorded (the applicant's verified institution), to every reader.
    institution: written && (written.ja || written.en) ? written : { ja: row.recipientInstitution, jaEasy: "", en: "" },
    applicantName: row.recipientName,
    title: content.success ? titleOf(content.data) : { ja: text(row.content, "title"), jaEasy: "", en: "" },
    laySummary: { ja: text(row.content, "laySummaryJa"), en: text(row.content, "laySummaryEn") },
    purposes: row.purposeCodes.map((code) => ({ code, ja: purposeLabel(code, "ja"), en: purposeLabel(code, "en") })),
    diseases: row.purposeDiseases.map((curie) => ({ curie, name: diseaseTerms[curie]?.name ?? null })),
    commercial: row.commercial,
    datasets: row.datasets,
    dataKinds: row.dataKinds,
    recipientType: row.recipientType,
    recipientCountry: row.recipientCountry,
    decidedAt: row.decidedAt,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    status: registerStatus(row, now),
    outputs: row.outputs,
    researchOutputs: (row.researchOutputs ?? []).map((output) => ({
      kind: output.kind,
      title: output.title,
      identifier: output.identifier,
      url: identifierUrl(output.kind, output.identifier),
      publishedOn: output.publishedOn,
      summary: { ja: output.summaryJa, jaEasy: output.summaryJaEasy, en: output.summaryEn },
    })),
    panelFlags: row.panelFlags ?? [],
    updatedAt: row.updatedAt,
  };
}

async function readRows(db: Database, reference: string | null): Promise<Row[]> {
  // One statement: the approval, its application (approved only), the version the committee read, and the decision.
  return db.$queryRaw<Row[]>`
    SELECT a."reference", p."recipientInstitution", p."recipientName", p."recipientType", p."recipientCountry",
           p."datasets", p."dataKinds", p."purposeCodes", p."purposeDiseases", p."commercial", p."startsAt", p."endsAt",
           p."status"::text AS "status", p."outputs", p."updatedAt", d."decidedAt", v."content",
           (SELECT jsonb_agg(jsonb_build_object('kind', o."kind", 'title', o."title", 'identifier', o."identifier", 'publishedOn', to_char(o."publishedOn", 'YYYY-MM-DD'),
                                                'summaryJa', o."summaryJa", 'summaryJaEasy', o."summaryJaEasy", 'summaryEn', o."summaryEn")
                             ORDER BY o."publishedOn" DESC, o."recordedAt" DESC)
              FROM "ResearchOutput" o WHERE o."approvalId" = p."id") AS "researchOutputs",
           (SELECT jsonb_agg(jsonb_build_object('reason', f."reason", 'flaggedOn', to_char(f."flaggedAt" AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD')) ORDER BY f."flaggedAt")
              FROM "PurposeFlag" f WHERE f."applicationId" = a."id") AS "panelFlags"
      FROM "DataAccessApproval" p
      JOIN "DataAccessApplication" a ON a."id" = p."applicationId" AND a."state" = 'approved'
      JOIN "DataAccessApplicationVersion" v ON v."applicationId" = a."id" AND v."number" = a."submittedVersion"
      JOIN "ApplicationDecision" d ON d."id" = p."decisionId" AND d."outcome" = 'approved'
     WHERE ${reference}::text IS NULL OR a."reference" = ${reference}::text
     ORDER BY d."decidedAt" DESC, a."reference" ASC`;
}

/** Every approved use, most recently decided first. */
export async function listRegisterEntries(options: { now?: Date } = {}, db: Database = getDatabase()): Promise<RegisterEntry[]> {
  const now = options.now ?? new Date();
  return (await readRows(db, null)).map((row) => toEntry(row, now));
}

/** One approved use by its public reference; null when there is none (or the application was never approved). */
export async function findRegisterEntry(options: { reference: string; now?: Date }, db: Database = getDatabase()): Promise<RegisterEntry | null> {
  if (!/^[A-Za-z0-9-]{1,40}$/.test(options.reference)) return null;
  const [row] = await readRows(db, options.reference);
  return row ? toEntry(row, options.now ?? new Date()) : null;
}
