// Issue 13, item 3 (ADR 032): POST /api/v1/findings over HTTP against the real app server and PostgreSQL, as the
// analysis team's client sends it: idempotent by the lab's finding id, re-interpretations as versions, conflicts,
// unknown samples and genes, every bad body refused naming its field with nothing stored, and two identical
// submissions at once stored once.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { revokeApiToken } from "../../app/domain/api-tokens/revoke-api-token.server";
import { maxReportPdfBytes } from "../../app/domain/findings/finding-submission.server";
import { createParticipant, type CreatedParticipant } from "../factories/participant-factory";
import { useAppServer } from "../support/app-server";
import { loggedLines } from "../support/captured-logs";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

let submitter: string;
let participant: CreatedParticipant;

beforeAll(async () => {
  submitter = (await issueApiToken({ name: "Analysis team", scopes: ["findings:submit"], createdById: null })).token;
  participant = await createParticipant();
});

const pdf = (note = "report") => Buffer.from(`%PDF-1.7\n% lab report: ${note}\n%%EOF\n`).toString("base64");

function submission(overrides: Record<string, unknown> = {}) {
  return {
    labId: "LAB-TOKYO-01",
    labFindingId: `F-${randomUUID()}`,
    sampleCode: participant.sampleCodes[1],
    gene: "BRCA2",
    variant: "NM_000059.4:c.5946del",
    classification: "P",
    evidenceSummary: "Frameshift in exon 11; reported pathogenic by ClinVar expert panel.",
    reportPdf: pdf(),
    ...overrides,
  };
}

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.origin}/api/v1/findings`, {
    method: "POST",
    headers: { Authorization: `Bearer ${submitter}`, "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as Record<string, unknown> };
}

async function stored() {
  const db = getDatabase();
  return { findings: await db.finding.count(), versions: await db.findingVersion.count() };
}

describe("POST /api/v1/findings", () => {
  it("stores a finding with its category from the gene list, answers 201 with its id and version 1, and audits it", async () => {
    const body = submission();
    const { status, body: answer, headers } = await post(body);
    expect(status).toBe(201);
    expect(headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(headers.get("Cache-Control")).toBe("no-store");
    expect(answer).toMatchObject({ version: 1, created: true, reinterpretation: false, category: "hereditary_cancer", gene: "BRCA2", geneListVersion: "3.2" });

    const finding = await getDatabase().finding.findUniqueOrThrow({ where: { id: answer.findingId as string }, include: { versions: true } });
    expect(finding).toMatchObject({ labId: "LAB-TOKYO-01", labFindingId: body.labFindingId, participantId: participant.id, category: "hereditary_cancer", gene: "BRCA2", latestVersion: 1 });
    expect(finding.versions).toHaveLength(1);
    expect(finding.versions[0]).toMatchObject({ version: 1, variantHgvs: body.variant, classification: "P", evidenceSummary: body.evidenceSummary });
    expect(Buffer.from(finding.versions[0]!.reportPdf).toString("base64")).toBe(body.reportPdf);

    const audit = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "finding.submitted" }, orderBy: { id: "desc" } });
    expect(audit.detail).toMatchObject({ findingId: finding.id, version: 1, result: "created", participantId: participant.id, labId: "LAB-TOKYO-01" });
    // The audit row holds ids, never the variant or the summary.
    expect(JSON.stringify(audit.detail)).not.toContain("c.5946del");
  });

  it("keeps each version as received: the app's database role can neither change nor remove one", async () => {
    const { body } = await post(submission());
    const where = { findingId: body.findingId as string };
    await expect(getDatabase().findingVersion.updateMany({ where, data: { classification: "LP" } })).rejects.toThrow(/permission denied/);
    await expect(getDatabase().findingVersion.deleteMany({ where })).rejects.toThrow(/permission denied/);
    await expect(getDatabase().finding.deleteMany({ where: { id: where.findingId } })).rejects.toThrow(/permission denied/);
    expect(await getDatabase().findingVersion.count({ where })).toBe(1);
  });

  it("answers the same content again with 200, the same id and version, and stores nothing new", async () => {
    const body = submission();
    const first = await post(body);
    const before = await stored();
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ findingId: first.body.findingId, version: 1, created: false });
    expect(await stored()).toEqual(before);
  });

  it("keeps a new classification under the same id as version 2, a re-interpretation; an old request replayed later changes nothing", async () => {
    const body = submission({ classification: "LP" });
    const first = await post(body);
    const reclassified = await post({ ...body, classification: "P", reportPdf: pdf("amended report") });
    expect(reclassified.status).toBe(201);
    expect(reclassified.body).toMatchObject({ findingId: first.body.findingId, version: 2, created: true, reinterpretation: true });

    const replayedOld = await post(body);
    expect(replayedOld.status).toBe(200);
    expect(replayedOld.body).toMatchObject({ findingId: first.body.findingId, version: 1, created: false });
    const finding = await getDatabase().finding.findUniqueOrThrow({ where: { id: first.body.findingId as string }, include: { versions: { orderBy: { version: "asc" } } } });
    expect(finding.latestVersion).toBe(2);
    expect(finding.versions.map((version) => [version.version, version.classification, version.reinterpretation])).toEqual([
      [1, "LP", false],
      [2, "P", true],
    ]);

    // A corrected summary with the same classification and variant is a new version, but not a re-interpretation.
    const amended = await post({ ...body, classification: "P", reportPdf: pdf("amended report"), evidenceSummary: "Corrected exon number." });
    expect(amended.body).toMatchObject({ version: 3, reinterpretation: false });
  });

  it("refuses the same lab finding id for another sample or another gene with 409, storing nothing", async () => {
    const body = submission();
    const first = await post(body);
    const before = await stored();
    const otherSample = await post({ ...body, sampleCode: participant.sampleCodes[0] });
    expect(otherSample.status).toBe(409);
    expect(otherSample.body).toEqual({ error: "conflict", reason: "different_sample", field: "sampleCode", findingId: first.body.findingId });
    const otherGene = await post({ ...body, gene: "BRCA1", variant: "NM_007294.4:c.68_69del" });
    expect(otherGene.status).toBe(409);
    expect(otherGene.body).toMatchObject({ error: "conflict", reason: "different_gene", field: "gene" });
    expect(await stored()).toEqual(before);
  });

  it("files other actionable genes under other_actionable, and accepts a category that agrees with the list", async () => {
    const { status, body } = await post(submission({ gene: "KCNQ1", variant: "NM_000218.3:c.1831G>T", category: "other_actionable" }));
    expect(status).toBe(201);
    expect(body.category).toBe("other_actionable");
  });

  it("answers 422 for an unknown sample, a destroyed sample, a gene not on the list and a category the list contradicts", async () => {
    const destroyed = await createParticipant();
    await getDatabase().sample.updateMany({ where: { participantId: destroyed.id }, data: { destroyedAt: new Date() } });
    const before = await stored();
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ sampleCode: "S-NO-SUCH-SAMPLE" }, { error: "unknown_sample", field: "sampleCode" }],
      [{ sampleCode: destroyed.sampleCodes[0] }, { error: "sample_destroyed", field: "sampleCode" }],
      [{ gene: "CHEK2" }, { error: "unknown_gene", field: "gene" }],
      [{ gene: "BRCA1", category: "other_actionable" }, { error: "category_mismatch", field: "category" }],
    ];
    for (const [overrides, expected] of cases) {
      const { status, body } = await post(submission(overrides));
      expect(status, JSON.stringify(overrides)).toBe(422);
      expect(body, JSON.stringify(overrides)).toMatchObject(expected);
    }
    expect(await stored()).toEqual(before);
  });

  it("refuses a missing, unknown, revoked or wrongly scoped token (401/403) and stores nothing", async () => {
    const reader = await issueApiToken({ name: "FHIR reader", scopes: ["fhir:read"], createdById: null });
    const revoked = await issueApiToken({ name: "Old lab client", scopes: ["findings:submit"], createdById: null });
    await revokeApiToken({ tokenId: revoked.id, context: {} });
    const before = await stored();
    const none = await fetch(`${app.origin}/api/v1/findings`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(submission()) });
    expect(none.status).toBe(401);
    expect(none.headers.get("WWW-Authenticate")).toBe('Bearer realm="tsunagi-findings"');
    expect(await none.json()).toEqual({ error: "unauthorized", reason: "token_missing" });
    expect((await post(submission(), { Authorization: `Bearer ${revoked.token}` })).body).toEqual({ error: "unauthorized", reason: "token_revoked" });
    expect((await post(submission(), { Authorization: "Bearer tsg_nope.nope" })).status).toBe(401);
    const wrongScope = await post(submission(), { Authorization: `Bearer ${reader.token}` });
    expect(wrongScope.status).toBe(403);
    expect(wrongScope.body).toEqual({ error: "forbidden", reason: "scope_missing" });
    expect(await stored()).toEqual(before);
    const denial = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "api.request" }, orderBy: { id: "desc" } });
    expect(denial).toMatchObject({ outcome: "denied", detail: { resource: "findings", reason: "scope_missing", tokenId: reader.id } });
  });

  describe("refuses a bad body with a 4xx JSON error naming the field, and stores nothing", () => {
    const tooLongSummary = "あ".repeat(2_001);
    const notPdf = Buffer.from("<html>not a pdf</html>").toString("base64");
    const bigPdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(maxReportPdfBytes)]).toString("base64");
    const cases: [string, () => unknown, number, string | undefined][] = [
      ["an empty body", () => "", 400, undefined],
      ["a body that is not JSON", () => "{labId:", 400, undefined],
      ["a JSON array", () => [submission()], 400, undefined],
      ["an empty object", () => ({}), 400, "labId"],
      ["an empty labId", () => submission({ labId: "" }), 400, "labId"],
      ["a missing labFindingId", () => ({ ...submission(), labFindingId: undefined }), 400, "labFindingId"],
      ["a classification outside P and LP", () => submission({ classification: "VUS" }), 400, "classification"],
      ["a lower-case classification", () => submission({ classification: "lp" }), 400, "classification"],
      ["a category outside the catalogue", () => submission({ category: "pharmacogenomic" }), 400, "category"],
      ["a gene in lower case", () => submission({ gene: "brca2" }), 400, "gene"],
      ["a variant that is not HGVS", () => submission({ variant: "BRCA2 5946delT" }), 400, "variant"],
      ["a variant without a versioned reference", () => submission({ variant: "NM_000059:c.5946del" }), 400, "variant"],
      ["a variant with markup", () => submission({ variant: "NM_000059.4:c.<script>" }), 400, "variant"],
      ["a variant of 201 characters", () => submission({ variant: `NM_000059.4:c.${"1".repeat(187)}` }), 400, "variant"],
      ["an empty evidence summary", () => submission({ evidenceSummary: "   " }), 400, "evidenceSummary"],
      ["an evidence summary over 2,000 characters", () => submission({ evidenceSummary: tooLongSummary }), 400, "evidenceSummary"],
      ["a right-to-left override in the summary", () => submission({ evidenceSummary: "benign\u202Esuogenhtap" }), 400, "evidenceSummary"],
      ["a NUL in the summary", () => submission({ evidenceSummary: "pathogenic\u0000" }), 400, "evidenceSummary"],
      ["half of a surrogate pair in the summary", () => `{"labId":"LAB-1","labFindingId":"F-1","sampleCode":"${participant.sampleCodes[0]}","gene":"BRCA2","variant":"NM_000059.4:c.5946del","classification":"P","evidenceSummary":"\\ud800","reportPdf":"${pdf()}"}`, 400, "evidenceSummary"],
      ["a zero-width space in the lab id", () => submission({ labId: "LAB\u200B1" }), 400, "labId"],
      ["full-width letters in the lab finding id", () => submission({ labFindingId: "ＦＩＮＤ１" }), 400, "labFindingId"],
      ["a number for the sample code", () => submission({ sampleCode: 12345 }), 400, "sampleCode"],
      ["a report that is not base64", () => submission({ reportPdf: "%PDF-1.7 not encoded" }), 400, "reportPdf"],
      ["a report that is not a PDF", () => submission({ reportPdf: notPdf }), 400, "reportPdf"],
      ["a report over the size limit", () => submission({ reportPdf: bigPdf }), 400, "reportPdf"],
      ["an unknown member", () => ({ ...submission(), participantName: "山田 花子" }), 400, undefined],
      // Issue 27: JSON.parse keeps the last of two equal names, so TP53 would have been stored; refused instead.
      ["the gene given twice", () => `${JSON.stringify(submission()).slice(0, -1)},"gene":"TP53"}`, 400, undefined],
      ["the gene given twice, once spelled with an escape", () => `${JSON.stringify(submission()).slice(0, -1)},"g\u0065ne":"TP53"}`, 400, undefined],
    ];
    it.each(cases)("%s", async (_name, body, status, field) => {
      const before = await stored();
      const answer = await post(body());
      expect(answer.status).toBe(status);
      expect(answer.body.error).toBe("malformed_request");
      if (field) expect(answer.body.field).toBe(field);
      expect(Array.isArray(answer.body.issues) && answer.body.issues.length).toBeTruthy();
      expect(await stored()).toEqual(before);
    });

    it("refuses a body not sent as JSON (415) and one over the edge's limit (413)", async () => {
      const before = await stored();
      expect((await post(submission(), { "Content-Type": "text/plain" })).status).toBe(415);
      const huge = await fetch(`${app.origin}/api/v1/findings`, {
        method: "POST",
        headers: { Authorization: `Bearer ${submitter}`, "Content-Type": "application/json" },
        body: JSON.stringify(submission({ reportPdf: "A".repeat(1_100_000) })),
      });
      expect(huge.status).toBe(413);
      expect(await stored()).toEqual(before);
    });

    it("names what was wrong in words a developer can act on", async () => {
      const { body } = await post(submission({ evidenceSummary: "x\u202Ey" }));
      expect(body.issues).toEqual([{ path: ["evidenceSummary"], message: "evidenceSummary holds a character that reorders text (U+202E)" }]);
    });
  });

  it("stores two identical submissions sent at once as one finding with one version", async () => {
    const body = submission();
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(body)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.body.findingId)).size).toBe(1);
    const finding = await getDatabase().finding.findUniqueOrThrow({ where: { labId_labFindingId: { labId: body.labId, labFindingId: body.labFindingId } }, include: { versions: true } });
    expect(finding.versions).toHaveLength(1);
  });

  it("never writes the body, the variant or the summary to the log", async () => {
    const marker = `Summary-${randomUUID()}`;
    await post(submission({ evidenceSummary: marker, variant: "NM_000059.4:c.9999del" }));
    await post(submission({ evidenceSummary: `${marker}\u202E` }));
    const text = JSON.stringify(loggedLines());
    expect(text).not.toContain(marker);
    expect(text).not.toContain("c.9999del");
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("documents the findings intake: the body schema the server checks, the answers and the token scope", async () => {
    const response = await fetch(`${app.origin}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, { post: { security: unknown; responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, { required?: string[]; properties?: Record<string, { enum?: string[] }>; additionalProperties?: boolean }> };
    };
    expect(document.openapi).toBe("3.1.0");
    const operation = document.paths["/api/v1/findings"]!.post;
    expect(operation.security).toEqual([{ apiToken: ["findings:submit"] }]);
    expect(Object.keys(operation.responses).sort()).toEqual(["200", "201", "400", "401", "403", "409", "413", "415", "422"]);
    const schema = document.components.schemas.FindingSubmission!;
    expect(schema.required?.sort()).toEqual(["classification", "evidenceSummary", "gene", "labFindingId", "labId", "reportPdf", "sampleCode", "variant"]);
    expect(schema.properties?.classification?.enum).toEqual(["P", "LP"]);
    expect(schema.additionalProperties).toBe(false);
  });
});
