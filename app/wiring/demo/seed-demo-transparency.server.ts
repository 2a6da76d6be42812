import { getDatabase, type Database } from "../../db.server";
import { publishCheckpoint } from "../../domain/transparency/index.server";
import { createReport } from "../../domain/transparency/index.server";
import { publishReportVersion } from "../../domain/transparency/index.server";
import { saveReportDraft } from "../../domain/transparency/index.server";
import { refreshTransparencySnapshot } from "../../domain/transparency/index.server";
import type { DemoAccount } from "./demo-file";

export const DEMO_REPORT_SLUG = "programme-2026";

export interface DemoTransparency {
  snapshotId: string;
  checkpointSeq: string;
  report: { slug: string; version: number } | null;
}

const demoReport = {
  title: { ja: "全ゲノム解析プログラム 透明性レポート 2026", "ja-easy": "全ゲノム解析の プログラムの ようす 2026", en: "Whole-genome programme transparency report 2026" },
  sections: [
    {
      heading: { ja: "参加と同意", "ja-easy": "参加と 同意", en: "Taking part and consent" },
      body: {
        ja: "このレポートは、プログラムへの参加と同意の選択、撤回の状況をまとめたものです。**10未満の数は「<10」**と表示しています。",
        "ja-easy": "この レポートは、参加した 人の 数と、同意の 選び方を まとめた ものです。**10より 小さい 数は 「<10」**と 書きます。",
        en: "This report summarises taking part, consent choices and withdrawals. **Counts below 10 are shown as “<10”.**",
      },
      figures: ["enrolments", "consent-choices"],
    },
    {
      heading: { ja: "データの利用", "ja-easy": "データの 使いかた", en: "Use of the data" },
      body: {
        ja: "データ利活用審査委員会が承認した利用と、パイプラインの判定、データの提供の記録です。",
        "ja-easy": "委員会が 認めた データの 使いかたと、データを わたした 記録です。",
        en: "Uses approved by the Data Access Committee, the pipeline gate's decisions and the data releases.",
      },
      figures: ["bridge-decisions", "releases"],
    },
  ],
} as const;

/**
 * The transparency demo (issue 16 item 5): at every start, a checkpoint (whether or not anything moved, ADR 114) and a
 * snapshot, so the public pages show the demo as it is; once, a published report by the demo's ELSI staff member, with
 * its own frozen snapshot and checkpoint. A start after the first finds the report and publishes no second one.
 */
export async function seedDemoTransparency(accounts: DemoAccount[], db: Database = getDatabase()): Promise<DemoTransparency> {
  const checkpoint = await publishCheckpoint({ reason: "demo" });
  const snapshot = await refreshTransparencySnapshot({ reason: "demo" });
  const elsi = accounts.find((account) => account.role === "elsi_staff");
  const staff = elsi ? await db.user.findUnique({ where: { email: elsi.email }, select: { id: true } }) : null;
  let report: DemoTransparency["report"] = null;
  if (staff) {
    const existing = await db.transparencyReport.findUnique({ where: { slug: DEMO_REPORT_SLUG }, select: { id: true, versions: { where: { status: "published" }, select: { version: true }, orderBy: { version: "desc" }, take: 1 } } });
    if (existing?.versions[0]) {
      report = { slug: DEMO_REPORT_SLUG, version: existing.versions[0].version };
    } else {
      const reportId = existing?.id ?? (await createReport({ report: { slug: DEMO_REPORT_SLUG, schedule: "yearly", title: demoReport.title }, actorUserId: staff.id }, db)).id;
      const draft = () => db.transparencyReportVersion.findFirstOrThrow({ where: { reportId, status: "draft" }, select: { version: true, updatedAt: true, sections: true } });
      let current = await draft();
      await saveReportDraft({ reportId, expectedUpdatedAt: current.updatedAt, change: { kind: "header", title: demoReport.title, changeNote: null }, actorUserId: staff.id }, db);
      for (const [index, section] of demoReport.sections.entries()) {
        current = await draft();
        if (index >= (current.sections as unknown[]).length) {
          await saveReportDraft({ reportId, expectedUpdatedAt: current.updatedAt, change: { kind: "add_section" }, actorUserId: staff.id }, db);
          current = await draft();
        }
        await saveReportDraft({ reportId, expectedUpdatedAt: current.updatedAt, change: { kind: "section", index, section: { heading: section.heading, body: section.body, figures: [...section.figures] } }, actorUserId: staff.id }, db);
      }
      current = await draft();
      const published = await publishReportVersion({ reportId, version: current.version, expectedUpdatedAt: current.updatedAt, actorUserId: staff.id }, db);
      report = { slug: DEMO_REPORT_SLUG, version: published.version };
    }
  }
  return { snapshotId: snapshot.id, checkpointSeq: String(checkpoint.seq), report };
}
