/**
 * The transparency records the authorization matrix addresses (issue 16): a snapshot (so the dashboard, the figure
 * downloads and the release log answer), a published report (version 1, with its PDFs) and a report with only a
 * draft, which the public never sees.
 */
import { getDatabase } from "../../app/db.server";
import { createReport } from "../../app/domain/transparency/reports/create-report.server";
import { publishReportVersion } from "../../app/domain/transparency/reports/publish-report-version.server";
import { saveReportDraft } from "../../app/domain/transparency/reports/save-report-draft.server";
import { refreshTransparencySnapshot } from "../../app/domain/transparency/snapshot/refresh-transparency-snapshot.server";

export interface TransparencyWorld {
  snapshotId: string;
  published: { reportId: string; slug: string; version: number };
  draft: { reportId: string; slug: string };
}

const text = (words: string) => ({ ja: `${words}(日本語)`, "ja-easy": `${words}(やさしい)`, en: `${words} (English)` });

export async function buildTransparencyWorld(elsiStaffId: string): Promise<TransparencyWorld> {
  const db = getDatabase();
  const snapshot = await refreshTransparencySnapshot({ reason: "schedule" });
  const published = await createReport({ report: { slug: "matrix-published", schedule: null, title: text("照合レポート") }, actorUserId: elsiStaffId });
  const draft = await db.transparencyReportVersion.findFirstOrThrow({ where: { reportId: published.id }, select: { version: true, updatedAt: true } });
  const saved = await saveReportDraft({
    reportId: published.id,
    expectedUpdatedAt: draft.updatedAt,
    change: { kind: "section", index: 0, section: { heading: text("見出し"), body: text("本文"), figures: ["consent-choices"] } },
    actorUserId: elsiStaffId,
  });
  const done = await publishReportVersion({ reportId: published.id, version: draft.version, expectedUpdatedAt: saved.updatedAt, actorUserId: elsiStaffId });
  const unpublished = await createReport({ report: { slug: "matrix-draft", schedule: null, title: text("下書き") }, actorUserId: elsiStaffId });
  return { snapshotId: snapshot.id, published: { reportId: published.id, slug: published.slug, version: done.version }, draft: { reportId: unpublished.id, slug: unpublished.slug } };
}
