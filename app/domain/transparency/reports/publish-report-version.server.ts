import { createHash } from "node:crypto";
import { getDatabase, type Database } from "../../../db.server";
import { getEnv } from "../../../env.server";
import { supportedLanguages } from "../../../i18n/languages";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import { publishCheckpoint } from "../checkpoints/publish-checkpoint.server";
import { loadSnapshot } from "../snapshot/load-snapshot.server";
import { refreshTransparencySnapshot } from "../snapshot/refresh-transparency-snapshot.server";
import { isReportId, lockTransparencyReport, versionRowOf } from "./lock-transparency-report.server";
import { missingChangeNotes, missingReportLanguages } from "./report-content";
import { ReportRefusal } from "./report-refusal";
import { renderReportPdf } from "./render-report-pdf.server";

export interface PublishReportVersionOptions {
  reportId: string;
  /** The version the page showed (or the job found due): a double submit or a stale page publishes nothing more. */
  version: number;
  /** The draft's `updatedAt` as the page showed it: what staff checked is what is published. */
  expectedUpdatedAt?: Date;
  /** The ELSI staff member, or null for the queue's `reports.publish-due` job. */
  actorUserId: string | null;
  /** Publish only a scheduled version whose time has come (the job), never a draft. */
  onlyIfDue?: boolean;
  request?: { ipAddress?: string | null; userAgent?: string | null };
  now?: Date;
}

export interface PublishedReportVersion {
  version: number;
  /** False when the version was already published (a double submit, the job and a person at once): nothing was done. */
  published: boolean;
}

// Two-key advisory locks live apart from the one-key ones; the first key names what is locked (enrol-participant's way).
const REPORT_PUBLICATION_LOCK_CLASS = 0x72707562; // "rpub"

/** The address a version is read at, printed in its PDF. */
export function reportVersionUrl(slug: string, version: number): string {
  return `${getEnv().APP_URL.replace(/\/$/, "")}/transparency/reports/${slug}/v/${version}`;
}

/**
 * Publishes a report's draft or scheduled version (ADR 048). The numbers it embeds are frozen here: a snapshot is
 * computed for it (reason "report") and a checkpoint of the ledger and audit log published (reason "report"), each in
 * its own transaction (refreshTransparencySnapshot, publishCheckpoint) — then one transaction, under the report's row
 * lock, re-reads the version, and records the snapshot id, the checkpoint, the publication, the three PDFs (ja,
 * ja-easy, en, rendered from the frozen snapshot) and the audit row together. From then on the trigger refuses any
 * change to the version and its PDFs.
 *
 * Publications of one report wait for each other on an advisory lock held around all of it (not a row lock: a
 * transaction holding a row lock has a transaction id, and the checkpoint waits for older ones to end), so a double
 * submit, or the job and a person at once, computes one snapshot and publishes once; the second is told
 * `published: false`. Refused before anything is computed while a language, or a later version's change note, is missing.
 */
export async function publishReportVersion(options: PublishReportVersionOptions, db: Database = getDatabase()): Promise<PublishedReportVersion> {
  const now = options.now ?? new Date();
  if (!isReportId(options.reportId) || !Number.isInteger(options.version) || options.version < 1) throw new AppError("not_found");
  return db.$transaction(
    async (gate) => {
      await gate.$executeRaw`SELECT pg_advisory_xact_lock(${REPORT_PUBLICATION_LOCK_CLASS}::int, hashtext(${options.reportId}))`;
      const found = await gate.transparencyReportVersion.findUnique({ where: { reportId_version: { reportId: options.reportId, version: options.version } }, include: { report: true } });
      if (!found) throw new AppError("not_found");
      const seen = versionRowOf(found);
      if (seen.status === "published") return { version: seen.version, published: false };
      if (options.onlyIfDue && !(seen.status === "scheduled" && seen.publishAt !== null && seen.publishAt.getTime() <= now.getTime())) return { version: seen.version, published: false };
      if (options.expectedUpdatedAt && options.expectedUpdatedAt.getTime() !== seen.updatedAt.getTime()) throw new ReportRefusal("changed_meanwhile");
      if (missingReportLanguages(seen.content).length > 0) throw new ReportRefusal("language_missing");
      if (missingChangeNotes(seen.content, seen.version).length > 0) throw new ReportRefusal("change_note_missing");

      // Each in its own transaction: the snapshot of the figures now, and a signed head of the ledger and audit log.
      const snapshot = await refreshTransparencySnapshot({ reason: "report", now });
      const checkpoint = await publishCheckpoint({ reason: "report", now });
      const view = await loadSnapshot(snapshot.id);
      if (!view) throw new Error(`snapshot ${snapshot.id} was made but cannot be read back`);
      const checkpointSeq = checkpoint ? BigInt(checkpoint.seq as bigint | number | string) : null;
      const url = reportVersionUrl(found.report.slug, seen.version);
      const pdfs = await Promise.all(
        supportedLanguages.map(async (language) => {
          const pdf = await renderReportPdf({ language, version: seen.version, content: seen.content, publishedAt: now, snapshot: view, checkpointSeq: checkpointSeq?.toString() ?? null, url });
          return { language, pdf, sha256: createHash("sha256").update(pdf).digest("hex") };
        }),
      );

      return db.$transaction(async (tx) => {
        const report = await lockTransparencyReport(tx, options.reportId);
        const current = await tx.transparencyReportVersion.findUniqueOrThrow({ where: { reportId_version: { reportId: report.id, version: seen.version } } });
        if (current.status === "published") return { version: current.version, published: false };
        // Saved, unscheduled or rescheduled while the numbers were being computed: what was rendered is not what is there.
        if (current.updatedAt.getTime() !== seen.updatedAt.getTime() || current.status !== seen.status) throw new ReportRefusal("changed_meanwhile");
        await tx.transparencyReportVersion.update({
          where: { id: current.id },
          data: {
            status: "published",
            snapshotId: snapshot.id,
            checkpointSeq,
            publishAt: current.publishAt ?? now,
            publishedAt: now,
            publishedById: options.actorUserId,
            updatedAt: now,
          },
        });
        await tx.transparencyReportPdf.createMany({ data: pdfs.map(({ language, pdf, sha256 }) => ({ versionId: current.id, language, pdf, sha256 })) });
        await recordAuditEvent(
          tx,
          { type: "transparency.report_changed", outcome: "success", detail: { reportId: report.id, version: current.version, change: "published" } },
          { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
        );
        return { version: current.version, published: true };
      });
    },
    // The snapshot is computed while the gate is held: on a large programme that takes seconds, not Prisma's default 5.
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}
