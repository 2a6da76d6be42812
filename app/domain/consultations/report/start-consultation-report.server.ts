import type { Prisma } from "../../../generated/prisma/client";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import { emptyText } from "../consultation-report";
import { lockConsultation } from "../lock-consultation.server";
import { newestReportVersion } from "./report-rows.server";

/**
 * Starts writing a closed consultation's "you said, we did" report (issue 28 item 5; ADR 063): version 1, empty; or,
 * once a version is published, its correction — version N+1, a draft holding a copy of the published text with an
 * empty note of what changed, which publishing requires in every language. Under the consultation's lock: two staff
 * starting at once get one draft, and a draft already being written is returned instead of a second.
 */
export async function startConsultationReport(
  input: { consultationId: string; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ version: number; started: boolean }> {
  const now = input.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const consultation = await lockConsultation(tx, input.consultationId);
    if (!consultation || consultation.publishedAt === null) throw new AppError("not_found");
    if (consultation.closesAt.getTime() > now.getTime()) throw new AppError("consultation_not_closed");
    const newest = await newestReportVersion(tx, consultation.id);
    if (newest && newest.status === "draft") return { version: newest.version, started: false };
    const version = (newest?.version ?? 0) + 1;
    await tx.consultationReportVersion.create({
      data: {
        consultationId: consultation.id,
        version,
        summary: { ...(newest?.summary ?? emptyText) },
        themeTexts: (newest?.themeTexts ?? {}) as unknown as Prisma.InputJsonValue,
        quotations: (newest?.quotations ?? []) as unknown as Prisma.InputJsonValue,
        changeNote: newest ? { ...emptyText } : undefined,
        createdById: input.actorUserId,
        createdAt: now,
        updatedAt: now,
      },
    });
    await recordAuditEvent(
      tx,
      { type: "consultation.report_changed", outcome: "success", detail: { consultationId: consultation.id, version, change: newest ? "correction_started" : "draft_started" } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { version, started: true };
  });
}
