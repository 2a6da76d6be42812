import { getDatabase, type Database } from "../../../db.server";
import type { SupportedLanguage } from "../../../i18n/languages";
import { AppError } from "../../kernel/index";
import { loadSnapshot } from "../snapshot/load-snapshot.server";
import type { ChainHead, Figure, FigureId } from "../snapshot/snapshot-figures";
import { figuresOf, isReportSlug, storedReportContent } from "./report-content";

export interface PublicReportSection {
  heading: string;
  body: string;
  figures: FigureId[];
}

export interface PublicReportVersion {
  slug: string;
  version: number;
  /** The newest published version: when it is not this one, the page says so and links to it. */
  latestVersion: number;
  title: string;
  sections: PublicReportSection[];
  /** What this version changed (a correction, or the next period's edition); null for the first. */
  changeNote: string | null;
  publishedAt: Date;
  /** The snapshot frozen at publication: its time, the chain head then, and the figures this version embeds. */
  snapshot: { id: string; computedAt: Date; throughMonth: string; chainHead: ChainHead; figures: Figure[] };
  checkpointSeq: string | null;
  /** Every published version, newest first, for the version history. */
  versions: { version: number; publishedAt: Date; changeNote: string | null }[];
}

/**
 * One published version of a report in a reader's language (ADR 048), with the figures of the snapshot it froze —
 * never today's numbers. Without `version`, the newest published one. A report never published, a version that is a
 * draft or scheduled, or one that does not exist is `not_found`, like an address that names nothing; a malformed
 * address is `invalid_input`.
 */
export async function loadReportVersion(options: { slug: string; version?: number; language: SupportedLanguage }, db: Database = getDatabase()): Promise<PublicReportVersion> {
  if (!isReportSlug(options.slug) || (options.version !== undefined && (!Number.isInteger(options.version) || options.version < 1))) throw new AppError("invalid_input");
  const report = await db.transparencyReport.findUnique({
    where: { slug: options.slug },
    select: { slug: true, versions: { where: { status: "published" }, orderBy: { version: "desc" } } },
  });
  const published = report?.versions ?? [];
  const latest = published[0];
  const shown = options.version === undefined ? latest : published.find((candidate) => candidate.version === options.version);
  if (!report || !latest || !shown || !shown.snapshotId || !shown.publishedAt) throw new AppError("not_found");
  const snapshot = await loadSnapshot(shown.snapshotId, db);
  if (!snapshot) throw new Error(`report ${report.slug} v${shown.version} names snapshot ${shown.snapshotId}, which cannot be read`);
  const content = storedReportContent(shown);
  const embedded = new Set(figuresOf(content));
  const language = options.language;
  return {
    slug: report.slug,
    version: shown.version,
    latestVersion: latest.version,
    title: content.title[language],
    sections: content.sections.map((section) => ({ heading: section.heading[language], body: section.body[language], figures: section.figures })),
    changeNote: content.changeNote ? content.changeNote[language] : null,
    publishedAt: shown.publishedAt,
    snapshot: {
      id: snapshot.id,
      computedAt: snapshot.computedAt,
      throughMonth: snapshot.content.throughMonth,
      chainHead: snapshot.chainHead,
      figures: snapshot.content.figures.filter((figure) => embedded.has(figure.id)),
    },
    checkpointSeq: shown.checkpointSeq?.toString() ?? null,
    versions: published.map((version) => ({ version: version.version, publishedAt: version.publishedAt!, changeNote: storedReportContent(version).changeNote?.[language] ?? null })),
  };
}
