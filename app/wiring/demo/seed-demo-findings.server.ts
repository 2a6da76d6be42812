import { getDatabase, type Database } from "../../db.server";
import { submitFinding } from "../../domain/findings/index.server";
import type { DemoParticipant } from "./demo-file";

/** The demo lab: what the analysis team would send as `labId`. */
export const demoLabId = "DEMO-LAB";

interface DemoFindingSpec {
  /** The demo participant it is about, by the preference state their consent is in. */
  state: DemoParticipant["state"];
  gene: string;
  variant: string;
  classification: "P" | "LP";
  evidenceSummary: string;
}

// One finding for each secondary-findings preference the demo shows: `want` (returned by a counsellor), `not_want`
// (hidden from everyone: the right not to know) and `undecided` (a counsellor may offer a conversation, content
// sealed). Real ACMG SF v3.2 genes, variants as a lab would report them.
export const demoFindingSpecs: readonly DemoFindingSpec[] = [
  {
    state: "consented",
    gene: "BRCA2",
    variant: "NM_000059.4:c.5946del",
    classification: "P",
    evidenceSummary: "Frameshift (p.Ser1982fs) in BRCA2; classified pathogenic by the ENIGMA expert panel in ClinVar. Demo data.",
  },
  {
    state: "secondary_findings_declined",
    gene: "MLH1",
    variant: "NM_000249.4:c.350C>T",
    classification: "LP",
    evidenceSummary: "Missense (p.Thr117Met) in MLH1 reported in Lynch syndrome families; likely pathogenic. Demo data.",
  },
  {
    state: "secondary_findings_undecided",
    gene: "LDLR",
    variant: "NM_000527.5:c.681C>G",
    classification: "P",
    evidenceSummary: "Missense (p.Asp227Glu) in LDLR, a recurrent familial hypercholesterolaemia variant; pathogenic. Demo data.",
  },
];

/** A one-page PDF that says it is a demo report, with a correct cross-reference table, built the same every time. */
export function demoReportPdf(): Buffer {
  const stream = "BT /F1 14 Tf 72 770 Td (Tsunagi demo lab report - not a real result) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** The lab's own id for a demo participant's finding: stable, so a re-run finds it again. */
export function demoLabFindingId(pseudonym: string): string {
  return `DEMO-${pseudonym}`;
}

/**
 * Submits the demo findings through the findings intake (`submitFinding`, as `POST /api/v1/findings` does), with the
 * demo's `findingsToken`, on each participant's blood (germline) sample. Idempotent: a finding the demo lab already
 * stored for that participant is left alone, so a second `npm start` writes nothing, not even a replay's audit row.
 * A refusal stops the seed: the demo would otherwise silently lack what README promises.
 */
export async function seedDemoFindings(participants: DemoParticipant[], findingsToken: string, db: Database = getDatabase()): Promise<void> {
  const report = demoReportPdf().toString("base64");
  for (const spec of demoFindingSpecs) {
    const participant = participants.find((entry) => entry.state === spec.state);
    if (!participant) continue;
    const labFindingId = demoLabFindingId(participant.pseudonym);
    if (await db.finding.findUnique({ where: { labId_labFindingId: { labId: demoLabId, labFindingId } }, select: { id: true } })) continue;
    const blood = await db.sample.findFirstOrThrow({ where: { participant: { pseudonym: participant.pseudonym }, kind: "blood" }, select: { sampleCode: true } });
    const body = JSON.stringify({
      labId: demoLabId,
      labFindingId,
      sampleCode: blood.sampleCode,
      gene: spec.gene,
      variant: spec.variant,
      classification: spec.classification,
      evidenceSummary: spec.evidenceSummary,
      reportPdf: report,
    });
    const response = await submitFinding(
      { authorization: `Bearer ${findingsToken}`, contentType: "application/json", body, request: { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" } },
      db,
    );
    if (response.status !== 201 && response.status !== 200) throw new Error(`The demo finding for ${spec.state} was refused: ${JSON.stringify(response.body)}`);
  }
}
