// ELSI transparency reports (issue 16 item 2; ADR 048) on real PostgreSQL: publishing freezes the snapshot and its
// numbers (a later snapshot changes nothing in a published version), the trigger refuses any change to a published
// version even from the app's role, a correction is version 2 while version 1 stays readable at its own address, a
// double publish publishes once, scheduled versions are published by publishDueReports when their time comes (and a
// recurring report gets its next period's draft), the PDF is a PDF carrying the title — and bad input, on the staff
// forms and the public addresses, gets a translated answer and writes nothing.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { extractPdfText } from "../../app/domain/consent/records/documents/extract-pdf-text.server";
import { createReport } from "../../app/domain/transparency/reports/create-report.server";
import { listPublicReports } from "../../app/domain/transparency/reports/list-public-reports.server";
import { loadReportPdf } from "../../app/domain/transparency/reports/load-report-pdf.server";
import { loadReportVersion } from "../../app/domain/transparency/reports/load-report-version.server";
import { loadStaffReport } from "../../app/domain/transparency/reports/load-staff-report.server";
import { publishDueReports } from "../../app/domain/transparency/reports/publish-due-reports.server";
import { publishReportVersion } from "../../app/domain/transparency/reports/publish-report-version.server";
import { reportAtomFeed } from "../../app/domain/transparency/reports/report-atom-feed.server";
import type { ReportSection, ReportText } from "../../app/domain/transparency/reports/report-content";
import { saveReportDraft } from "../../app/domain/transparency/reports/save-report-draft.server";
import { scheduleReportVersion } from "../../app/domain/transparency/reports/schedule-report-version.server";
import { startReportCorrection } from "../../app/domain/transparency/reports/start-report-correction.server";
import { unscheduleReportVersion } from "../../app/domain/transparency/reports/unschedule-report-version.server";
import { loadLatestSnapshot } from "../../app/domain/transparency/snapshot/load-snapshot.server";
import { refreshTransparencySnapshot } from "../../app/domain/transparency/snapshot/refresh-transparency-snapshot.server";
import { translator } from "../../app/i18n/i18n";
import { supportedLanguages } from "../../app/i18n/languages";
import { action as reportAction } from "../../app/routes/staff/staff.reports.$id";
import { action as newReportAction } from "../../app/routes/staff/staff.reports._index";
import { loader as listLoader } from "../../app/routes/public/transparency.reports._index";
import { loader as latestLoader } from "../../app/routes/public/transparency.reports.$slug._index";
import { loader as pdfLoader } from "../../app/routes/public/transparency.reports.$slug.v.$version.$file";
import { loader as versionLoader } from "../../app/routes/public/transparency.reports.$slug.v.$version._index";
import { loader as feedLoader } from "../../app/routes/public/transparency.reports.feed.$lang";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, settle } from "../support/route-requests";
import { queryRows } from "../support/sql";
import { useTempDataDir } from "../support/temp-data-dir";

const database = useTestDatabase();
useTempDataDir();

const text = (ja: string, jaEasy: string, en: string): ReportText => ({ ja, "ja-easy": jaEasy, en });
const uniqueSlug = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

const decisionsSection: ReportSection = {
  heading: text("パイプラインの判断", "パイプラインの こたえ", "Pipeline decisions"),
  body: text("同意にもとづく**判断**の数です。\n\n- 許可\n- 拒否", "同意に そった こたえの 数です。", "The number of **decisions** made on consent.\n\n- allowed\n- denied"),
  figures: ["bridge-decisions"],
};

/** A month before the current one (Japan time), where the snapshot's time series count. */
function lastMonth(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10, 3));
}

/** The bridge's decision log, written as the bridge writes it (the app's role may only read the export view). */
async function logDecisions(count: number) {
  await queryRows(
    database.url,
    `INSERT INTO bridge.decision_log (request_id, client_id, subject, action, allowed, reason, evaluated_at)
     SELECT gen_random_uuid(), 'pipeline-test', 'S-TEST-' || n, 'analyze', true, 'allowed', $1::timestamptz FROM generate_series(1, $2::int) AS n`,
    [lastMonth().toISOString(), count],
  );
}

/** A report written in full (title, one section with a figure) by a new ELSI staff member. */
async function writtenReport(title: string, options: { schedule?: "monthly" | "quarterly" | "yearly" | null } = {}) {
  const staff = await createUser({ role: "elsi_staff" });
  const slug = uniqueSlug("report");
  const { id } = await createReport({ report: { slug, schedule: options.schedule ?? null, title: text(`${title}（日本語）`, `${title}（やさしい）`, `${title} (English)`) }, actorUserId: staff.id });
  const draft = await loadStaffReport({ reportId: id });
  await saveReportDraft({ reportId: id, expectedUpdatedAt: draft.working!.updatedAt, change: { kind: "section", index: 0, section: decisionsSection }, actorUserId: staff.id });
  const saved = await loadStaffReport({ reportId: id });
  return { id, slug, staff, updatedAt: saved.working!.updatedAt };
}

describe("[ELSI staff] publishing freezes the numbers", () => {
  it("records the snapshot and checkpoint, makes three PDFs, and a later snapshot changes nothing in the published version", async () => {
    await logDecisions(20);
    const { id, slug, staff, updatedAt } = await writtenReport("凍結");
    const published = await publishReportVersion({ reportId: id, version: 1, expectedUpdatedAt: updatedAt, actorUserId: staff.id });
    expect(published).toEqual({ version: 1, published: true });

    const row = await getDatabase().transparencyReportVersion.findUniqueOrThrow({ where: { reportId_version: { reportId: id, version: 1 } }, include: { pdfs: true } });
    expect(row.status).toBe("published");
    expect(row.snapshotId).not.toBeNull();
    expect(row.checkpointSeq).not.toBeNull();
    expect(row.publishedById).toBe(staff.id);
    const snapshot = await getDatabase().transparencySnapshot.findUniqueOrThrow({ where: { id: row.snapshotId! } });
    expect(snapshot.reason).toBe("report");
    expect(await getDatabase().publishedCheckpoint.count({ where: { seq: row.checkpointSeq!, reason: "report" } })).toBe(1);
    expect(row.pdfs.map((pdf) => pdf.language).sort()).toEqual([...supportedLanguages].sort());

    const before = await loadReportVersion({ slug, language: "en" });
    expect(before.snapshot.id).toBe(row.snapshotId);
    expect(before.snapshot.figures.map((figure) => figure.id)).toEqual(["bridge-decisions"]);

    // More decisions, a new snapshot: the dashboard's numbers move, the report's do not.
    await logDecisions(40);
    await refreshTransparencySnapshot({ reason: "schedule" });
    const latest = await loadLatestSnapshot();
    const latestFigure = latest!.content.figures.find((figure) => figure.id === "bridge-decisions");
    expect(latest!.id).not.toBe(row.snapshotId);
    expect(latestFigure!.table.total).not.toEqual(before.snapshot.figures[0]!.table.total);
    const after = await loadReportVersion({ slug, language: "en" });
    expect(after.snapshot.id).toBe(row.snapshotId);
    expect(after.snapshot.figures).toEqual(before.snapshot.figures);

    // The PDF is a PDF, in each language, and carries the title and the figure's title.
    for (const language of supportedLanguages) {
      const { pdf } = await loadReportPdf({ slug, version: 1, language });
      expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
      const words = (await extractPdfText(pdf)).replace(/\s+/g, "");
      const title = { ja: "凍結（日本語）", "ja-easy": "凍結（やさしい）", en: "凍結 (English)" }[language];
      expect(words, language).toContain(title.replace(/\s+/g, ""));
      expect(words, language).toContain(translator(language, "figures")("bridge-decisions.title").replace(/\s+/g, ""));
    }

    // Frozen, whoever asks: the app's role cannot change or delete the version or its PDFs.
    await expect(getDatabase().transparencyReportVersion.update({ where: { id: row.id }, data: { title: text("書換", "書換", "rewritten") } })).rejects.toThrow(/published report version cannot be changed/);
    await expect(getDatabase().$executeRaw`DELETE FROM "TransparencyReportVersion" WHERE "id" = ${row.id}::uuid`).rejects.toThrow();
    await expect(getDatabase().$executeRaw`UPDATE "TransparencyReportPdf" SET "sha256" = 'x' WHERE "versionId" = ${row.id}::uuid`).rejects.toThrow();
    // And the verbs refuse to write to it.
    await expect(saveReportDraft({ reportId: id, expectedUpdatedAt: row.updatedAt, change: { kind: "add_section" }, actorUserId: staff.id })).rejects.toMatchObject({ reason: "not_editable" });

    // Listed publicly and in every language's feed.
    const listed = await listPublicReports({ language: "en", page: 1 });
    expect(listed.items.find((item) => item.slug === slug)).toMatchObject({ title: "凍結 (English)", version: 1 });
    expect(await reportAtomFeed({ language: "ja-easy" })).toContain(`/transparency/reports/${slug}/v/1`);
  });

  it("a correction is version 2 with its note; version 1 stays readable at its own address", async () => {
    const { id, slug, staff, updatedAt } = await writtenReport("訂正");
    await publishReportVersion({ reportId: id, version: 1, expectedUpdatedAt: updatedAt, actorUserId: staff.id });
    expect(await startReportCorrection({ reportId: id, actorUserId: staff.id })).toEqual({ version: 2, started: true });
    // Pressing "correct" again finds the same draft.
    expect(await startReportCorrection({ reportId: id, actorUserId: staff.id })).toEqual({ version: 2, started: false });

    let draft = (await loadStaffReport({ reportId: id })).working!;
    expect(draft.version).toBe(2);
    await saveReportDraft({ reportId: id, expectedUpdatedAt: draft.updatedAt, change: { kind: "header", title: text("訂正版", "なおした 版", "Corrected"), changeNote: null }, actorUserId: staff.id });
    draft = (await loadStaffReport({ reportId: id })).working!;
    // The note of what changed is required, in every language.
    await expect(publishReportVersion({ reportId: id, version: 2, actorUserId: staff.id })).rejects.toMatchObject({ reason: "change_note_missing" });
    await saveReportDraft({
      reportId: id,
      expectedUpdatedAt: draft.updatedAt,
      change: { kind: "header", title: text("訂正版", "なおした 版", "Corrected"), changeNote: text("数の説明を直しました。", "数の せつめいを なおしました。", "The explanation of the numbers was corrected.") },
      actorUserId: staff.id,
    });
    // Until published, readers see version 1.
    expect((await loadReportVersion({ slug, language: "en" })).version).toBe(1);
    expect(await publishReportVersion({ reportId: id, version: 2, actorUserId: staff.id })).toEqual({ version: 2, published: true });

    const latest = await loadReportVersion({ slug, language: "en" });
    expect(latest).toMatchObject({ version: 2, latestVersion: 2, title: "Corrected", changeNote: "The explanation of the numbers was corrected." });
    expect(latest.versions.map((version) => version.version)).toEqual([2, 1]);
    const first = await loadReportVersion({ slug, version: 1, language: "en" });
    expect(first).toMatchObject({ version: 1, latestVersion: 2, title: "訂正 (English)", changeNote: null });
    // Each version keeps its own snapshot and its own PDFs.
    expect(first.snapshot.id).not.toBe(latest.snapshot.id);
    expect((await extractPdfText((await loadReportPdf({ slug, version: 1, language: "en" })).pdf)).replace(/\s+/g, "")).toContain("訂正(English)");
    expect((await extractPdfText((await loadReportPdf({ slug, version: 2, language: "en" })).pdf)).replace(/\s+/g, "")).toContain("Corrected");

    // Through the pages: version 1's page says a newer one exists.
    const page = await settle(() => versionLoader({ request: pageGet(`/transparency/reports/${slug}/v/1`, ""), context: loadContext, params: { slug, version: "1" } }));
    expect(page.status).toBe(200);
    expect(((await page.json()) as { report: { latestVersion: number } }).report.latestVersion).toBe(2);
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "transparency.report_changed", detail: { path: ["reportId"], equals: id } }, orderBy: { id: "asc" } });
    expect(audit.map((event) => (event.detail as { change: string; version: number }).change)).toEqual(["created", "draft_saved", "published", "correction_started", "draft_saved", "draft_saved", "published"]);
  });

  it("a double publish publishes once: one snapshot, one checkpoint, one audit row, three PDFs", async () => {
    const { id, staff, updatedAt } = await writtenReport("二重");
    const snapshotsBefore = await getDatabase().transparencySnapshot.count({ where: { reason: "report" } });
    const checkpointsBefore = await getDatabase().publishedCheckpoint.count({ where: { reason: "report" } });
    const results = await Promise.all([1, 2].map(() => publishReportVersion({ reportId: id, version: 1, expectedUpdatedAt: updatedAt, actorUserId: staff.id })));
    expect(results.map((result) => result.published).sort()).toEqual([false, true]);
    expect(await getDatabase().transparencySnapshot.count({ where: { reason: "report" } })).toBe(snapshotsBefore + 1);
    expect(await getDatabase().publishedCheckpoint.count({ where: { reason: "report" } })).toBe(checkpointsBefore + 1);
    expect(await getDatabase().auditEvent.count({ where: { type: "transparency.report_changed", actorUserId: staff.id, detail: { path: ["change"], equals: "published" } } })).toBe(1);
    expect(await getDatabase().transparencyReportPdf.count({ where: { version: { reportId: id } } })).toBe(3);
  });

  it("a stale save is refused as changed meanwhile and writes nothing", async () => {
    const { id, staff, updatedAt } = await writtenReport("同時");
    await saveReportDraft({ reportId: id, expectedUpdatedAt: updatedAt, change: { kind: "add_section" }, actorUserId: staff.id });
    const auditBefore = await getDatabase().auditEvent.count({ where: { actorUserId: staff.id } });
    // A second window, loaded before the save above, saves with the token it was given.
    await expect(saveReportDraft({ reportId: id, expectedUpdatedAt: updatedAt, change: { kind: "header", title: text("上書き", "上書き", "Overwrite"), changeNote: null }, actorUserId: staff.id })).rejects.toMatchObject({
      reason: "changed_meanwhile",
    });
    await expect(publishReportVersion({ reportId: id, version: 1, expectedUpdatedAt: updatedAt, actorUserId: staff.id })).rejects.toMatchObject({ reason: "changed_meanwhile" });
    const stored = await loadStaffReport({ reportId: id });
    expect(stored.working!.content.title.en).toBe("同時 (English)");
    expect(stored.working!.content.sections).toHaveLength(2);
    expect(await getDatabase().auditEvent.count({ where: { actorUserId: staff.id } })).toBe(auditBefore);
  });
});

describe("[schedule] scheduled versions", () => {
  it("are published by publishDueReports when their time comes, not before; a recurring report then gets its next period's draft", async () => {
    const { id, slug, staff, updatedAt } = await writtenReport("予定", { schedule: "quarterly" });
    const now = new Date();
    const at = new Date(now.getTime() + 3_600_000);
    // Incomplete text cannot be scheduled; a time in the past cannot either.
    await expect(scheduleReportVersion({ reportId: id, expectedUpdatedAt: updatedAt, publishAt: new Date(now.getTime() - 60_000), actorUserId: staff.id, now })).rejects.toMatchObject({ reason: "publish_at_not_ahead" });
    await scheduleReportVersion({ reportId: id, expectedUpdatedAt: updatedAt, publishAt: at, actorUserId: staff.id, now });
    // A scheduled version is not edited: unschedule first.
    await expect(saveReportDraft({ reportId: id, expectedUpdatedAt: updatedAt, change: { kind: "add_section" }, actorUserId: staff.id })).rejects.toMatchObject({ reason: "not_editable" });

    const early = await publishDueReports(new Date(at.getTime() - 1));
    expect(early.published.filter((item) => item.reportId === id)).toEqual([]);
    await expect(loadReportVersion({ slug, language: "ja" })).rejects.toMatchObject({ code: "not_found" });

    const due = await publishDueReports(at);
    expect(due.published.filter((item) => item.reportId === id)).toEqual([{ reportId: id, version: 1 }]);
    expect(due.drafted.filter((item) => item.reportId === id)).toEqual([{ reportId: id, version: 2 }]);
    const version = await getDatabase().transparencyReportVersion.findUniqueOrThrow({ where: { reportId_version: { reportId: id, version: 1 } } });
    expect(version).toMatchObject({ status: "published", publishedById: null, publishAt: at, publishedAt: at });
    expect((await loadReportVersion({ slug, language: "ja" })).version).toBe(1);

    // The next edition: a draft, its note naming the quarter in each language, nothing public.
    const staffView = await loadStaffReport({ reportId: id, now: at });
    expect(staffView.working).toMatchObject({ version: 2, status: "draft" });
    expect(staffView.working!.content.changeNote!.ja).toMatch(/月.*〜.*月/);
    expect(staffView.missing.changeNotes).toEqual([]);
    // Running again makes nothing more.
    const again = await publishDueReports(at);
    expect([...again.published, ...again.drafted].filter((item) => item.reportId === id)).toEqual([]);

    // Unscheduling puts a version back to a draft.
    const v2 = staffView.working!;
    await scheduleReportVersion({ reportId: id, expectedUpdatedAt: v2.updatedAt, publishAt: new Date(at.getTime() + 86_400_000), actorUserId: staff.id, now: at });
    await unscheduleReportVersion({ reportId: id, actorUserId: staff.id });
    expect((await loadStaffReport({ reportId: id })).working).toMatchObject({ version: 2, status: "draft", publishAt: null });
    await expect(unscheduleReportVersion({ reportId: id, actorUserId: staff.id })).rejects.toMatchObject({ reason: "not_scheduled" });
  });
});

describe("[ELSI staff] bad input on the report forms says what is wrong, and writes nothing", () => {
  for (const language of supportedLanguages) {
    it(`in ${language}`, async () => {
      const t = translator(language, "errors");
      const reports = translator(language, "reports");
      const staff = await createUser({ role: "elsi_staff", withTotp: true });
      const cookie = await cookieFor(staff, language);
      const good = { slug: uniqueSlug("bad"), schedule: "none", titleJa: "題", titleJaEasy: "だい", titleEn: "Title" };
      const cases: [Record<string, string | string[]>, string, string][] = [
        [{ slug: "" }, "slug", t("field.required")],
        [{ slug: "Not A Slug!" }, "slug", t("field.format")],
        [{ slug: "feed" }, "slug", t("field.format")],
        [{ schedule: "weekly" }, "schedule", t("field.choose")],
        [{ titleEn: "a".repeat(201) }, "titleEn", t("field.tooLongText", { max: 200, length: 201 })],
        [{ titleJa: "報告\u202Eです" }, "titleJa", t("field.directionControl", { codePoint: "U+202E" })],
        [{ titleJaEasy: "ほうこく\u0007" }, "titleJaEasy", t("field.controlCharacter", { codePoint: "U+0007" })],
      ];
      for (const [change, field, message] of cases) {
        const response = await settle(() => newReportAction({ request: formPost("/staff/reports", { ...good, ...change }, cookie), context: loadContext, params: {} }));
        expect(response.status, field).toBe(400);
        const body = (await response.json()) as { result: { error: Record<string, string[]> } };
        expect(body.result.error[field]?.join(" "), `${field} in ${language}`).toContain(message);
      }
      expect(await getDatabase().transparencyReport.count({ where: { createdById: staff.id } })).toBe(0);

      // An address already taken: the translated refusal on the field, nothing more written.
      const { id, slug } = await createReport({ report: { slug: uniqueSlug("taken"), schedule: null, title: text("", "", "") }, actorUserId: staff.id });
      const taken = await settle(() => newReportAction({ request: formPost("/staff/reports", { ...good, slug }, cookie), context: loadContext, params: {} }));
      expect(taken.status).toBe(409);
      expect(((await taken.json()) as { result: { error: Record<string, string[]> } }).result.error.slug?.join(" ")).toContain(reports("refusals.slug_taken"));

      const report = await loadStaffReport({ reportId: id });
      const token = report.working!.updatedAt.toISOString();
      const auditBefore = await getDatabase().auditEvent.count({ where: { actorUserId: staff.id } });
      const section = { intent: "saveSection", updatedAt: token, section: "0", headingJa: "見出し", headingJaEasy: "みだし", headingEn: "Heading", bodyJa: "本文", bodyJaEasy: "ぶん", bodyEn: "Text" };
      const sectionCases: [Record<string, string | string[]>, string, string][] = [
        [{ bodyJa: "あ".repeat(20_001) }, "bodyJa", t("field.tooLongText", { max: 20_000, length: 20_001 })],
        [{ headingEn: "a".repeat(201) }, "headingEn", t("field.tooLongText", { max: 200, length: 201 })],
        [{ bodyEn: "Hello <script>alert(1)</script>" }, "bodyEn", t("field.markdownHtml")],
        [{ bodyEn: "[x](javascript:alert(1))" }, "bodyEn", t("field.markdownLink")],
        [{ bodyJaEasy: "ぶん\u200Fです\u202Eよ" }, "bodyJaEasy", t("field.directionControl", { codePoint: "U+202E" })],
        [{ headingJa: "見出し\u0000" }, "headingJa", t("field.controlCharacter", { codePoint: "U+0000" })],
        [{ figures: ["everything"] }, "figures[0]", t("field.choose")],
        [{ section: "25" }, "section", t("field.outOfRange")],
      ];
      for (const [change, field, message] of sectionCases) {
        const response = await settle(() => reportAction({ request: formPost(`/staff/reports/${id}`, { ...section, ...change }, cookie), context: loadContext, params: { id } }));
        expect(response.status, field).toBe(400);
        const body = (await response.json()) as { form: string; result: { error: Record<string, string[]> } };
        expect(body.result.error[field]?.join(" "), `${field} in ${language}`).toContain(message);
      }
      // A change note too long, a publication time in the past, an intent nobody offers, a version that does not exist.
      const header = await settle(() => reportAction({ request: formPost(`/staff/reports/${id}`, { intent: "saveHeader", updatedAt: token, titleJa: "題", changeNoteEn: "a".repeat(2_001) }, cookie), context: loadContext, params: { id } }));
      expect(header.status).toBe(400);
      const past = await settle(() => reportAction({ request: formPost(`/staff/reports/${id}`, { intent: "schedule", updatedAt: token, publishAt: "2020-01-01T09:00" }, cookie), context: loadContext, params: { id } }));
      expect(past.status).toBe(400);
      expect(((await past.json()) as { result: { error: Record<string, string[]> } }).result.error.publishAt?.join(" ")).toContain(t("field.publishAtRange"));
      const unknownIntent = await settle(() => reportAction({ request: formPost(`/staff/reports/${id}`, { intent: "delete" }, cookie), context: loadContext, params: { id } }));
      expect(unknownIntent.status).toBe(400);
      const unknownVersion = await settle(() => reportAction({ request: formPost(`/staff/reports/${id}`, { intent: "publish", updatedAt: token, version: "99", confirm: "yes" }, cookie), context: loadContext, params: { id } }));
      expect(unknownVersion.status).toBe(404);
      // Publishing without ticking the box that says it cannot be undone (issue 29 item 6): asked for, nothing done.
      const unticked = await settle(() => reportAction({ request: formPost(`/staff/reports/${id}`, { intent: "publish", updatedAt: token, version: "1" }, cookie), context: loadContext, params: { id } }));
      expect(unticked.status).toBe(400);
      expect(((await unticked.json()) as { result: { error: Record<string, string[]> } }).result.error.confirm).toEqual([t("field.confirm")]);
      // Publishing an incomplete draft: the translated reason, still a draft.
      const incomplete = await settle(() => reportAction({ request: formPost(`/staff/reports/${id}`, { intent: "publish", updatedAt: token, version: "1", confirm: "yes" }, cookie), context: loadContext, params: { id } }));
      expect(incomplete.status).toBe(409);
      expect(JSON.stringify(await incomplete.json())).toContain(JSON.stringify(reports("refusals.language_missing")).slice(1, -1));

      const after = await loadStaffReport({ reportId: id });
      expect(after.working!.updatedAt.toISOString()).toBe(token);
      expect(after.working!.status).toBe("draft");
      expect(await getDatabase().auditEvent.count({ where: { actorUserId: staff.id } })).toBe(auditBefore);
      expect(await getDatabase().transparencyReportVersion.count({ where: { reportId: id } })).toBe(1);
    });
  }
});

describe("[public] report addresses out of range or naming nothing", () => {
  it("answer 400 for what cannot name anything and 404 for what names nothing published, reading nothing else", async () => {
    const { id, slug, staff, updatedAt } = await writtenReport("公開");
    await publishReportVersion({ reportId: id, version: 1, expectedUpdatedAt: updatedAt, actorUserId: staff.id });
    const draftOnly = await createReport({ report: { slug: uniqueSlug("draft"), schedule: null, title: text("下書き", "したがき", "Draft") }, actorUserId: staff.id });
    const get = (path: string) => pageGet(path, "");
    const list = (query: string) => settle(() => listLoader({ request: get(`/transparency/reports${query}`), context: loadContext, params: {} }));
    expect((await list("")).status).toBe(200);
    for (const query of ["?page=0", "?page=-1", "?page=abc", "?page=1.5", "?page=1001", "?page=1&page=2"]) expect((await list(query)).status, query).toBe(400);
    expect((await list("?page=999")).status).toBe(404);

    const latest = (params: { slug: string }) => settle(() => latestLoader({ request: get(`/transparency/reports/${params.slug}`), context: loadContext, params }));
    expect((await latest({ slug })).status).toBe(200);
    expect((await latest({ slug: "no-such-report" })).status).toBe(404);
    expect((await latest({ slug: draftOnly.slug })).status).toBe(404);
    expect((await latest({ slug: "Not_A_Slug" })).status).toBe(400);

    const version = (params: { slug: string; version: string }) => settle(() => versionLoader({ request: get(`/transparency/reports/${params.slug}/v/${params.version}`), context: loadContext, params }));
    expect((await version({ slug, version: "1" })).status).toBe(200);
    expect((await version({ slug, version: "2" })).status).toBe(404);
    expect((await version({ slug, version: "999999" })).status).toBe(404);
    for (const bad of ["0", "01", "abc", "1e3", "-1", "1234567"]) expect((await version({ slug, version: bad })).status, bad).toBe(400);

    const pdf = (params: { slug: string; version: string; file: string }) => settle(() => pdfLoader({ request: get(`/transparency/reports/${params.slug}/v/${params.version}/${params.file}`), context: loadContext, params }), { surface: "resource", phase: "loader" });
    const served = await pdf({ slug, version: "1", file: "ja-easy.pdf" });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("application/pdf");
    const stored = await loadReportPdf({ slug, version: 1, language: "ja-easy" });
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(stored.pdf))).toBe(true);
    expect(served.headers.get("etag")).toBe(`"${stored.sha256}"`);
    expect((await pdf({ slug, version: "1", file: "fr.pdf" })).status).toBe(404);
    expect((await pdf({ slug, version: "2", file: "en.pdf" })).status).toBe(404);
    const badFile = await pdf({ slug, version: "1", file: "en.txt" });
    expect(badFile.status).toBe(400);
    expect(await badFile.text()).toBe(translator("ja", "reports")("public.fileBadRequest"));

    const feed = (lang: string) => settle(() => feedLoader({ request: get(`/transparency/reports/feed/${lang}`), context: loadContext, params: { lang } }));
    expect((await feed("en")).status).toBe(200);
    expect((await feed("fr")).status).toBe(404);
  });
});
