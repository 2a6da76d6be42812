import { getDatabase, type Database } from "../../db.server";
import { consultationStatus, type ConsultationAudience, type ConsultationStatus, type LocalizedText } from "./consultation-model";

export interface StaffConsultationRow {
  id: string;
  title: LocalizedText;
  audiences: ConsultationAudience[];
  status: ConsultationStatus;
  opensAt: Date;
  closesAt: Date;
  /** Responses not withdrawn. */
  responses: number;
  /** Free-text answers of those responses still waiting for a moderator. */
  pendingTexts: number;
}

/**
 * Every consultation for ELSI/PPI staff (issue 28; ADR 059), drafts included, newest first: where it stands, how many
 * live responses it has and how many free texts wait for moderation. Counts only — nothing about who answered.
 */
export async function listStaffConsultations(input: { now?: Date } = {}, db: Database = getDatabase()): Promise<StaffConsultationRow[]> {
  const now = input.now ?? new Date();
  const consultations = await db.consultation.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, title: true, audiences: true, opensAt: true, closesAt: true, publishedAt: true },
  });
  if (consultations.length === 0) return [];
  const ids = consultations.map((consultation) => consultation.id);
  const [responses, pending] = await Promise.all([
    db.consultationResponse.groupBy({ by: ["consultationId"], where: { consultationId: { in: ids }, withdrawnAt: null }, _count: { _all: true } }),
    db.$queryRaw<{ consultationId: string; count: bigint }[]>`
      SELECT r."consultationId", count(*) AS "count"
      FROM "ConsultationAnswerText" t JOIN "ConsultationResponse" r ON r."id" = t."responseId"
      WHERE r."withdrawnAt" IS NULL AND t."moderation" = 'pending' AND r."consultationId" = ANY(${ids}::uuid[])
      GROUP BY r."consultationId"`,
  ]);
  const responseCount = new Map(responses.map((row) => [row.consultationId, row._count._all]));
  const pendingCount = new Map(pending.map((row) => [row.consultationId, Number(row.count)]));
  return consultations.map((consultation) => ({
    id: consultation.id,
    title: consultation.title as unknown as LocalizedText,
    audiences: consultation.audiences,
    status: consultationStatus(consultation, now),
    opensAt: consultation.opensAt,
    closesAt: consultation.closesAt,
    responses: responseCount.get(consultation.id) ?? 0,
    pendingTexts: pendingCount.get(consultation.id) ?? 0,
  }));
}
