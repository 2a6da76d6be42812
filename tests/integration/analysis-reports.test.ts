// Issue 57 items 1–3 (ADR 137): analysis reports sent to POST /api/v1/reports over HTTP against the real app server and
// PostgreSQL, then read as their participant, their proxy, a family member and a counsellor read them through the
// routes' own loaders and actions. Sealed until explained; a category the participant chose not to know never shows;
// amendments supersede with history; refused for unknown and withdrawn pseudonyms; two identical uploads make one.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { extractPdfText } from "../../app/domain/consent/records/documents/extract-pdf-text.server";
import { buildPersonalDisclosure } from "../../app/domain/transparency/data-use/build-personal-disclosure.server";
import { loader as reportPdfLoader } from "../../app/routes/participant/results.$reportId_.clinical[.]pdf";
import { loader as letterLoader } from "../../app/routes/participant/results.$reportId_.letter";
import { action as letterAction } from "../../app/routes/participant/results.$reportId_.letter[.]pdf";
import { loader as plainPdfLoader } from "../../app/routes/participant/results.$reportId_.plain[.]pdf";
import { loader as reportLoader } from "../../app/routes/participant/results.$reportId";
import { loader as resultsLoader } from "../../app/routes/participant/results._index";
import { action as explainAction, loader as staffReportLoader } from "../../app/routes/staff/staff.results.$id";
import { loader as staffListLoader } from "../../app/routes/staff/staff.results._index";
import { createFamilyAccess } from "../factories/family-factory";
import { defaultTestFacility } from "../factories/facility-factory";
import { sampleReportContent } from "../factories/report-factory";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

let sender: string;
let counsellor: { id: string; role: "counsellor" };

beforeAll(async () => {
  sender = (await issueApiToken({ name: "Analysis centre", scopes: ["reports:submit"], createdById: null })).token;
  const user = await createUser({ role: "counsellor", facilities: [await defaultTestFacility()] });
  counsellor = { id: user.id, role: "counsellor" };
});

const pdf = (note = "clinical report") => Buffer.from(`%PDF-1.7\n% ${note}\n%%EOF\n`).toString("base64");

function report(pseudonym: string, overrides: Record<string, unknown> = {}) {
  return {
    senderId: "NCC-C-CAT",
    reportId: `R-${randomUUID()}`,
    pseudonym,
    ...sampleReportContent,
    pdf: pdf(),
    ...overrides,
  };
}

async function post(body: unknown, token = sender) {
  const response = await fetch(`${app.origin}/api/v1/reports`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function stored() {
  const db = getDatabase();
  return { reports: await db.analysisReport.count(), versions: await db.analysisReportVersion.count(), explanations: await db.analysisReportExplanation.count() };
}

async function asUser(user: { id: string; role: string }, path: string, run: (request: Request) => Promise<unknown>) {
  const request = pageGet(path, await cookieFor(user as never));
  return settle(() => run(request), { phase: "loader", request });
}

const openReport = (user: { id: string; role: string }, reportId: string) =>
  asUser(user, `/results/${reportId}`, (request) => reportLoader({ request, context: loadContext, params: { reportId } }));
const openPdf = (user: { id: string; role: string }, reportId: string) =>
  asUser(user, `/results/${reportId}/clinical.pdf`, (request) => reportPdfLoader({ request, context: loadContext, params: { reportId } }));

async function explain(reportId: string, fields: Record<string, string>) {
  const request = formPost(`/staff/results/${reportId}`, fields, await cookieFor(counsellor));
  return settle(() => explainAction({ request, context: loadContext, params: { id: reportId } }), { request });
}

const today = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

function participantUser(participant: ConsentedParticipant) {
  return participant.user ? { id: participant.user.id, role: "participant" } : { id: participant.proxy!.id, role: "proxy" };
}

describe("POST /api/v1/reports", () => {
  it("stores a report as version 1 and audits it with ids only; the same body again is one report, answered 200", async () => {
    const participant = await consentedParticipant();
    const body = report(participant.pseudonym);
    const before = await stored();
    const [first, second] = await Promise.all([post(body), post(body)]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(first.body.reportId).toBe(second.body.reportId);
    expect(await stored()).toEqual({ ...before, reports: before.reports + 1, versions: before.versions + 1 });
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "report.submitted", detail: { path: ["reportId"], equals: first.body.reportId as string } } });
    expect(audit.map((row) => (row.detail as { result: string }).result).sort()).toEqual(["created", "replayed"]);
    expect(JSON.stringify(audit.map((row) => row.detail))).not.toMatch(/EGFR|BRCA2|c\.2573/);
  });

  it("refuses an unknown pseudonym, a withdrawn participant and one who declined the return of results, storing nothing", async () => {
    const withdrawn = await consentedParticipant();
    await withdrawOnline(withdrawn, { level: "no_further_use" });
    const declined = await consentedParticipant({ choices: { "return.primary": "no" } });
    const before = await stored();
    const unknown = await post(report("TGP-NONE-0000"));
    expect(unknown).toMatchObject({ status: 422, body: { error: "unknown_participant", field: "pseudonym" } });
    const refused = await post(report(withdrawn.pseudonym));
    expect(refused).toMatchObject({ status: 422, body: { error: "not_returnable", reason: "withdrawn_no_further_use" } });
    const notWanted = await post(report(declined.pseudonym));
    expect(notWanted).toMatchObject({ status: 422, body: { error: "not_returnable", reason: "choice_declined" } });
    expect(await stored()).toEqual(before);
  });

  it("answers bad bodies with the field named and stores nothing: empty, oversized, wrong enum, hostile text, a secondary gene off the list, a future panel date", async () => {
    const participant = await consentedParticipant();
    const before = await stored();
    const cases: [unknown, number, string | undefined][] = [
      ["", 400, undefined],
      [{}, 400, "senderId"],
      [report(participant.pseudonym, { conclusion: "cured" }), 400, "conclusion"],
      [report(participant.pseudonym, { reportId: "R\u202Eevil" }), 400, "reportId"],
      [report(participant.pseudonym, { primaryFindings: [{ gene: "EGFR", variant: "c.2573T>G", origin: "somatic", classification: "pathogenic", actionability: "approved_therapy" }] }), 400, "primaryFindings"],
      [report(participant.pseudonym, { pdf: "A".repeat(950_000) }), 400, "pdf"],
      [report(participant.pseudonym, { trialMatches: [{ registry: "jRCT", trialId: "NCT04567890" }] }), 400, "trialMatches"],
      [report(participant.pseudonym, { secondaryFindings: [{ category: "hereditary_cancer", gene: "EGFR", variant: "NM_005228.5:c.2573T>G", classification: "P" }] }), 422, "secondaryFindings"],
      [report(participant.pseudonym, { expertPanelDate: "2099-01-01" }), 422, "expertPanelDate"],
    ];
    for (const [body, status, field] of cases) {
      const answer = await post(body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      if (field) expect(answer.body.field).toBe(field);
    }
    expect(await stored()).toEqual(before);
  });
});

describe("a report's way to the participant", () => {
  it("is invisible until a counsellor records the explanation, then visible on the next request", async () => {
    const participant = await consentedParticipant();
    const user = participantUser(participant);
    const { body } = await post(report(participant.pseudonym));
    const reportId = body.reportId as string;

    const sealed = await openReport(user, reportId);
    expect(sealed.status).toBe(404);
    const list = (await (await asUser(user, "/results", (request) => resultsLoader({ request, context: loadContext, params: {} }))).json()) as { results: { reports: unknown[] } };
    expect(list.results.reports).toEqual([]);
    expect((await openPdf(user, reportId)).status).toBe(404);

    const queue = (await (await asUser(counsellor, "/staff/results", (request) => staffListLoader({ request, context: loadContext, params: {} }))).json()) as { reports: { reportId: string }[] };
    expect(queue.reports.map((entry) => entry.reportId)).toContain(reportId);

    const recorded = await explain(reportId, { version: "1", explainedOn: today(), mode: "face_to_face" });
    expect(recorded.status).toBe(302);
    const open = await openReport(user, reportId);
    expect(open.status).toBe(200);
    const page = (await open.json()) as { report: { version: number; plain: { primaryFindings: { gene: string }[] } } };
    expect(page.report.version).toBe(1);
    expect(page.report.plain.primaryFindings.map((finding) => finding.gene)).toEqual(["EGFR"]);
    expect((await getDatabase().auditEvent.count({ where: { type: "report.explained", detail: { path: ["reportId"], equals: reportId } } }))).toBe(1);

    // Recorded once: the same form again (a second submit) is refused, and nothing more is written.
    const again = await explain(reportId, { version: "1", explainedOn: today(), mode: "face_to_face" });
    expect(again.status).toBe(409);
    expect(await getDatabase().analysisReportExplanation.count({ where: { reportVersion: { reportId } } })).toBe(1);
  });

  it("never shows a category the participant chose not to know: not on the page, not as a count, no clinicians' PDF, no study chosen for it", async () => {
    const participant = await consentedParticipant({ choices: { "findings.secondary.hereditary_cancer": "not_want", "findings.secondary.other_actionable": "want" } });
    const user = participantUser(participant);
    const { body } = await post(report(participant.pseudonym));
    const reportId = body.reportId as string;
    await explain(reportId, { version: "1", explainedOn: today(), mode: "video" });

    const response = await openReport(user, reportId);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain("BRCA2");
    // The withheld variant (NM_000059.4:c.5946del) by its own words: a bare "5946" is also four hex digits of an id
    // or a digest, and failed this test once when a random one held them (docs/testing.md, row 132).
    expect(text).not.toContain("c.5946del");
    expect(text).not.toContain("NM_000059");
    expect(text).not.toContain("NCT04567890");
    expect(text).toContain("LDLR");
    const page = JSON.parse(text) as { report: { clinicalPdf: boolean; plain: { secondary: { category: string; shown: boolean; findings: unknown[] }[] } } };
    expect(page.report.plain.secondary).toEqual([
      { category: "hereditary_cancer", shown: false, findings: [] },
      expect.objectContaining({ category: "other_actionable", shown: true }),
    ]);
    expect(page.report.clinicalPdf).toBe(false);
    expect((await openPdf(user, reportId)).status).toBe(404);

    // The personal-data download, as JSON and as the PDF, holds the report as the page shows it, and nothing more.
    for (const format of ["json", "pdf"] as const) {
      const file = await buildPersonalDisclosure({ userId: user.id, format, language: "en", request: { ipAddress: "127.0.0.1", userAgent: "vitest" } });
      const text = format === "json" ? new TextDecoder().decode(file.bytes) : await extractPdfText(file.bytes);
      expect(text, format).toContain("LDLR");
      expect(text, format).toContain("EGFR");
      expect(text, format).not.toContain("BRCA2");
      expect(text, format).not.toContain("c.5946del");
      expect(text, format).not.toContain("NM_000059");
      expect(text, format).not.toContain("NCT04567890");
    }

    // The counsellor's page filters the same way, and names what not to bring up.
    const staff = await asUser(counsellor, `/staff/results/${reportId}`, (request) => staffReportLoader({ request, context: loadContext, params: { id: reportId } }));
    const staffText = await staff.text();
    expect(staffText).not.toContain("BRCA2");
    expect((JSON.parse(staffText) as { categoriesNotToMention: string[] }).categoriesNotToMention).toEqual(["hereditary_cancer"]);
  });

  it("offers the clinicians' PDF to someone who wants every kind of finding, and audits the download", async () => {
    const participant = await consentedParticipant({ choices: { "findings.secondary.hereditary_cancer": "want", "findings.secondary.other_actionable": "want" } });
    const user = participantUser(participant);
    const { body } = await post(report(participant.pseudonym, { pdf: pdf("the clinicians' words") }));
    const reportId = body.reportId as string;
    await explain(reportId, { version: "1", explainedOn: today(), mode: "phone" });
    const file = await openPdf(user, reportId);
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toBe("application/pdf");
    expect(Buffer.from(await file.arrayBuffer()).toString("latin1")).toContain("the clinicians' words");
    expect(await getDatabase().auditEvent.count({ where: { type: "report.viewed", detail: { path: ["reportId"], equals: reportId } } })).toBe(1);
  });

  it("keeps an amended report as version 2: sealed while the explained version 1 stays readable with a notice, then superseding it with history", async () => {
    const participant = await consentedParticipant();
    const user = participantUser(participant);
    const first = report(participant.pseudonym);
    const { body } = await post(first);
    const reportId = body.reportId as string;
    await explain(reportId, { version: "1", explainedOn: today(), mode: "face_to_face" });

    const amended = await post({ ...first, conclusion: "diagnosis_found", pdf: pdf("amended") });
    expect(amended).toMatchObject({ status: 201, body: { reportId, version: 2, amended: true } });
    // An old request retried later stores nothing and reverts nothing.
    expect(await post(first)).toMatchObject({ status: 200, body: { version: 1, created: false } });

    const waiting = (await (await openReport(user, reportId)).json()) as { report: { version: number; amendmentPending: boolean } };
    expect(waiting.report).toMatchObject({ version: 1, amendmentPending: true });
    // A counsellor's page showing version 1 cannot release it now: the newer version must be read first.
    expect((await explain(reportId, { version: "1", explainedOn: today(), mode: "face_to_face" })).status).toBe(409);

    await explain(reportId, { version: "2", explainedOn: today(), mode: "face_to_face" });
    const released = (await (await openReport(user, reportId)).json()) as { report: { version: number; amendmentPending: boolean; earlier: { version: number }[]; plain: { conclusion: string } } };
    expect(released.report).toMatchObject({ version: 2, amendmentPending: false, earlier: [{ version: 1 }], plain: { conclusion: "diagnosis_found" } });
    const versions = await getDatabase().analysisReportVersion.findMany({ where: { reportId }, orderBy: { version: "asc" }, select: { version: true, content: true } });
    expect(versions.map((version) => [version.version, (version.content as { conclusion: string }).conclusion])).toEqual([
      [1, "actionable_found"],
      [2, "diagnosis_found"],
    ]);
  });

  it("shows a represented child's report to their proxy; a family member following them, another participant and another facility's counsellor get 404", async () => {
    const child = await consentedParticipant({ byProxy: true });
    const { body } = await post(report(child.pseudonym));
    const reportId = body.reportId as string;
    await explain(reportId, { version: "1", explainedOn: today(), mode: "face_to_face" });

    const proxy = await openReport({ id: child.proxy!.id, role: "proxy" }, reportId);
    expect(proxy.status).toBe(200);
    expect(((await proxy.json()) as { report: { subject: { as: string } } }).report.subject.as).toBe("proxy");

    const follower = await createFamilyAccess({ participantId: child.id, invitedById: child.proxy!.id, scope: "updates_and_summary" });
    expect((await openReport({ id: follower.id, role: "family" }, reportId)).status).toBe(404);
    expect((await openPdf({ id: follower.id, role: "family" }, reportId)).status).toBe(404);
    const stranger = await consentedParticipant();
    expect((await openReport(participantUser(stranger), reportId)).status).toBe(404);

    const elsewhere = await createUser({ role: "counsellor", facilities: [] });
    const other = await asUser({ id: elsewhere.id, role: "counsellor" }, `/staff/results/${reportId}`, (request) => staffReportLoader({ request, context: loadContext, params: { id: reportId } }));
    expect(other.status).toBe(404);
  });

  it("refuses to release a report once the participant has withdrawn, and a day in the future, writing nothing", async () => {
    const participant = await consentedParticipant();
    const { body } = await post(report(participant.pseudonym));
    const reportId = body.reportId as string;
    const tomorrow = new Date(Date.now() + 9 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    const future = await explain(reportId, { version: "1", explainedOn: tomorrow, mode: "face_to_face" });
    expect(future.status).toBe(409);
    expect(replyErrors(await future.json()).join(" ")).toMatch(/今日より後/);

    await withdrawOnline(participant, { level: "no_further_use" });
    const refused = await explain(reportId, { version: "1", explainedOn: today(), mode: "face_to_face" });
    expect(refused.status).toBe(409);
    expect(replyErrors(await refused.json()).join(" ")).toMatch(/撤回/);
    const empty = await explain(reportId, {});
    expect(empty.status).toBe(400);
    const wrongMode = await explain(reportId, { version: "1", explainedOn: today(), mode: "telepathy" });
    expect(wrongMode.status).toBe(400);
    expect(await getDatabase().analysisReportExplanation.count({ where: { reportVersion: { reportId } } })).toBe(0);
    expect((await openReport(participantUser(participant), reportId)).status).toBe(404);
  });
});

describe("the report's documents", () => {
  async function released(choices: Record<string, string>, overrides: Record<string, unknown> = {}) {
    const participant = await consentedParticipant({ choices });
    const { body } = await post(report(participant.pseudonym, overrides));
    const reportId = body.reportId as string;
    await explain(reportId, { version: "1", explainedOn: today(), mode: "face_to_face" });
    return { participant, user: participantUser(participant), reportId };
  }
  const germline = { primaryFindings: [{ gene: "BRCA1", variant: "NM_007294.4:c.68_69del", origin: "germline", classification: "pathogenic", actionability: "approved_therapy" }] };

  it("prints the page as a PDF in the reader's language, with nothing of a category they chose not to know", async () => {
    const { user, reportId } = await released({ "findings.secondary.hereditary_cancer": "not_want", "findings.secondary.other_actionable": "want" });
    const request = pageGet(`/results/${reportId}/plain.pdf`, await cookieFor(user as never, "en"));
    const file = await settle(() => plainPdfLoader({ request, context: loadContext, params: { reportId } }), { phase: "loader", request });
    expect(file.status).toBe(200);
    const text = await extractPdfText(new Uint8Array(await file.arrayBuffer()));
    expect(text).toContain("What was looked for");
    expect(text).toContain("EGFR");
    expect(text).toContain("LDLR");
    expect(text).not.toContain("BRCA2");
    expect(text).not.toContain("NCT04567890");
  });

  it("makes a letter to relatives only from findings shown that may be shared in a family, as asked, and keeps nothing", async () => {
    const { user, reportId } = await released({ "findings.secondary.hereditary_cancer": "not_want", "findings.secondary.other_actionable": "want" }, germline);
    const cookie = await cookieFor(user as never, "en");
    const formRequest = pageGet(`/results/${reportId}/letter`, cookie);
    const form = (await (await settle(() => letterLoader({ request: formRequest, context: loadContext, params: { reportId } }), { phase: "loader", request: formRequest })).json()) as { form: { findings: { key: string; gene: string }[] } };
    // The germline primary finding and the secondary one shown; never the category chosen not to know.
    expect(form.form.findings.map((finding) => finding.gene)).toEqual(["BRCA1", "LDLR"]);

    const letter = async (fields: Record<string, string | string[]>) => {
      const request = formPost(`/results/${reportId}/letter.pdf`, fields, cookie);
      return settle(() => letterAction({ request, context: loadContext, params: { reportId } }), { request });
    };
    const made = await letter({ findings: [form.form.findings[0]!.key], language: "ja", message: "検査を受けるか、ゆっくり考えてね。", signature: "山田 花子" });
    expect(made.status).toBe(200);
    expect(made.headers.get("Content-Type")).toBe("application/pdf");
    const text = await extractPdfText(new Uint8Array(await made.arrayBuffer()));
    expect(text).toContain("家族への手紙");
    expect(text).toContain("BRCA1");
    expect(text).toContain("ゆっくり考えてね");
    expect(text).toContain("山田 花子より");
    expect(text).not.toContain("LDLR");

    // Bad input: no letter, and back to the form, which names each field it could not use.
    const cases: [Record<string, string>, string][] = [
      [{}, "findings-language"],
      [{ findings: form.form.findings[0]!.key, language: "klingon" }, "language"],
      [{ findings: form.form.findings[0]!.key, language: "en", message: "a".repeat(801) }, "message"],
      [{ findings: form.form.findings[0]!.key, language: "en", message: "hello \u202Eevil" }, "message"],
      [{ findings: form.form.findings[0]!.key, language: "en", signature: "<script>" }, "signature"],
      [{ findings: "BRCA2:NM_000059.4:c.5946del", language: "en" }, "findings"],
    ];
    for (const [fields, named] of cases) {
      const refused = await letter(fields);
      expect(refused.status, JSON.stringify(fields)).toBe(302);
      expect(refused.headers.get("Location"), JSON.stringify(fields)).toBe(`/results/${reportId}/letter?invalid=${named}`);
    }
    const back = pageGet(`/results/${reportId}/letter?invalid=message-nonsense`, cookie);
    const page = (await (await settle(() => letterLoader({ request: back, context: loadContext, params: { reportId } }), { phase: "loader", request: back })).json()) as { invalid: string[] };
    expect(page.invalid).toEqual(["message"]);
  });

  it("offers no letter when nothing shown may be shared in a family, and none to a family member", async () => {
    const { user, reportId } = await released({ "findings.secondary.hereditary_cancer": "not_want", "findings.secondary.other_actionable": "not_want" });
    const request = pageGet(`/results/${reportId}/letter`, await cookieFor(user as never));
    expect((await settle(() => letterLoader({ request, context: loadContext, params: { reportId } }), { phase: "loader", request })).status).toBe(404);
    const page = (await (await openReport(user, reportId)).json()) as { report: { relativesLetter: boolean } };
    expect(page.report.relativesLetter).toBe(false);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("documents the reports intake: the body schema the server checks, the answers and the token scope", async () => {
    const document = (await (await fetch(`${app.origin}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, { post: { security: unknown; responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, { required?: string[]; properties?: Record<string, { enum?: string[] }>; additionalProperties?: boolean }> };
    };
    const operation = document.paths["/api/v1/reports"]!.post;
    expect(operation.security).toEqual([{ apiToken: ["reports:submit"] }]);
    expect(Object.keys(operation.responses).sort()).toEqual(["200", "201", "400", "401", "403", "409", "413", "415", "422"]);
    const schema = document.components.schemas.ReportSubmission!;
    expect(schema.required?.sort()).toEqual(["area", "conclusion", "expertPanelDate", "pdf", "primaryFindings", "pseudonym", "reportId", "secondaryFindings", "senderId", "trialMatches"]);
    expect(schema.properties?.conclusion?.enum).toEqual(["actionable_found", "diagnosis_found", "no_actionable_finding", "inconclusive"]);
    expect(schema.additionalProperties).toBe(false);
    // The documented example body is accepted as documented.
    const participant = await consentedParticipant();
    expect((await post(report(participant.pseudonym))).status).toBe(201);
  });
});
