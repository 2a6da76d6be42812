import { getDatabase, type Database } from "../../db.server";
import { submitReport } from "../../domain/results/index.server";
import type { DemoAccount, DemoParticipant } from "./demo-file";
import { demoReportPdf } from "./seed-demo-findings.server";

/** The demo analysis centre: what the report system would send as `senderId`. */
export const demoReportSenderId = "DEMO-CENTRE";

interface DemoReportSpec {
  state: DemoParticipant["state"];
  /** Explained by the demo counsellor (released to the participant), or left sealed in the counsellor's list. */
  explained: boolean;
  body: Record<string, unknown>;
}

const cancerReport = {
  area: "cancer",
  conclusion: "actionable_found",
  expertPanelDate: "2026-11-20",
  primaryFindings: [
    { gene: "EGFR", variant: "NM_005228.5:c.2573T>G", origin: "somatic", classification: "pathogenic", actionability: "approved_therapy" },
    { gene: "TP53", variant: "NM_000546.6:c.817C>T", origin: "somatic", classification: "pathogenic", actionability: "none" },
  ],
  secondaryFindings: [{ category: "hereditary_cancer", gene: "BRCA2", variant: "NM_000059.4:c.5946del", classification: "P" }],
  trialMatches: [
    { registry: "jRCT", trialId: "jRCT2031210123", gene: "EGFR" },
    { registry: "ClinicalTrials.gov", trialId: "NCT04567890", gene: "BRCA2" },
  ],
};

// A released cancer report for the consented participant (they want secondary findings: BRCA2 shows); the same for the
// participant who declined them (BRCA2 and the study chosen for it never show, and the clinicians' PDF is withheld); a
// released rare-disease diagnosis for the proxy's child (germline: the relatives' section speaks); and a sealed report
// waiting in the counsellor's list for the participant who has not decided. Demo data, not real results.
export const demoReportSpecs: readonly DemoReportSpec[] = [
  { state: "consented", explained: true, body: cancerReport },
  { state: "secondary_findings_declined", explained: true, body: { ...cancerReport, secondaryFindings: [{ category: "hereditary_cancer", gene: "MLH1", variant: "NM_000249.4:c.350C>T", classification: "LP" }] } },
  {
    state: "proxy_with_child",
    explained: true,
    body: {
      area: "rare_disease",
      conclusion: "diagnosis_found",
      expertPanelDate: "2026-11-18",
      primaryFindings: [{ gene: "SCN1A", variant: "NM_001165963.4:c.2836C>T", origin: "germline", classification: "pathogenic", actionability: "diagnostic" }],
      secondaryFindings: [],
      trialMatches: [],
    },
  },
  { state: "secondary_findings_undecided", explained: false, body: { ...cancerReport, conclusion: "no_actionable_finding", primaryFindings: [], trialMatches: [] } },
];

function japanToday(): string {
  return new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
}

export function demoReportId(pseudonym: string): string {
  return `DEMO-R-${pseudonym}`;
}

/**
 * Sends the demo reports through the intake (`submitReport`, as `POST /api/v1/reports` does) with the demo's
 * `reportsToken`, and has the demo counsellor record the explanation of those the demo shows released. Idempotent: a
 * report the demo centre already sent is left alone. A refusal stops the seed, as the findings' does.
 */
export async function seedDemoResults(participants: DemoParticipant[], accounts: DemoAccount[], reportsToken: string, db: Database = getDatabase()): Promise<void> {
  const counsellorEmail = accounts.find((account) => account.role === "counsellor")?.email;
  const counsellor = counsellorEmail ? await db.user.findUnique({ where: { email: counsellorEmail }, select: { id: true } }) : null;
  const pdf = demoReportPdf().toString("base64");
  for (const spec of demoReportSpecs) {
    const participant = participants.find((entry) => entry.state === spec.state);
    if (!participant) continue;
    const reportId = demoReportId(participant.pseudonym);
    if (await db.analysisReport.findUnique({ where: { senderId_senderReportId: { senderId: demoReportSenderId, senderReportId: reportId } }, select: { id: true } })) continue;
    const body = JSON.stringify({ senderId: demoReportSenderId, reportId, pseudonym: participant.pseudonym, ...spec.body, pdf });
    const response = await submitReport({ authorization: `Bearer ${reportsToken}`, contentType: "application/json", body, request: { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" } }, db);
    if (response.status !== 201) throw new Error(`The demo report for ${spec.state} was refused: ${JSON.stringify(response.body)}`);
    if (!spec.explained || !counsellor) continue;
    // The demo counsellor works at one facility (DEMO02); the explanations of reports at the other are recorded as
    // theirs too, straight into the table, as a counsellor of that hospital would have: demo data, unaudited, as the seed's other demo rows are.
    const stored = response.body as { reportId: string; version: number };
    const version = await db.analysisReportVersion.findUniqueOrThrow({ where: { reportId_version: { reportId: stored.reportId, version: stored.version } }, select: { id: true } });
    await db.analysisReportExplanation.create({ data: { reportVersionId: version.id, explainedByUserId: counsellor.id, explainedOn: new Date(`${japanToday()}T00:00:00Z`), mode: "face_to_face" } });
  }
}
