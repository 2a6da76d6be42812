import { decideAction } from "@tsunagi/consent-rules/decide-action";
import { getDatabase, type Database } from "../../db.server";
import { consentViewOfRow } from "../consent";
import { AppError, uuidPattern } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";

/** One study's question as its applicant sees it: counts only, as the bridge answered and as the platform invited. */
export interface StudyQuestionSummary {
  registry: string;
  studyId: string;
  askedAt: string;
  asked: number;
  invitable: number;
  invited: number;
}

/** A participant who said yes: who they are and how to reach them, as they chose to hand over. */
export interface StudyHandoverView {
  registry: string;
  studyId: string;
  handedOverAt: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  facility: string | null;
  /** Research contact stopped or withdrawn since the yes: the study must not contact them (their details are not shown). */
  contactStopped: boolean;
}

export interface StudyInvitationsForApplicant {
  reference: string;
  questions: StudyQuestionSummary[];
  handovers: StudyHandoverView[];
}

interface HandoverRow {
  registry: string;
  studyId: string;
  handedOverAt: Date;
  details: string[];
  fullName: string | null;
  email: string | null;
  phone: string | null;
  erasedAt: Date | null;
  facilityJa: string;
  facilityEn: string;
  status: string | null;
  choices: unknown;
  permittedPurposes: string[] | null;
  withdrawalLevel: string | null;
  interimRule: string | null;
  lifeEvent: unknown;
}

/**
 * What the signed-in applicant's study has of its invitations (issue 57 item 4; ADR 138): the questions its bridge
 * client asked, by counts, and the people who said yes — only those, only the details each handed over, read now (a
 * correction reaches the study), and without contact details once the person has stopped research contact or
 * withdrawn. Another applicant's application reads not found. Every read is audited as an identifiable read.
 */
export async function listStudyHandovers(options: { applicantId: string; applicationId: string; language: string; request?: { ipAddress?: string | null; userAgent?: string | null } }, db: Database = getDatabase()): Promise<StudyInvitationsForApplicant> {
  if (!uuidPattern.test(options.applicationId)) throw new AppError("not_found");
  const application = await db.dataAccessApplication.findFirst({ where: { id: options.applicationId, applicantId: options.applicantId }, select: { reference: true, approval: { select: { id: true } } } });
  if (!application) throw new AppError("not_found");
  const approvalId = application.approval?.id;
  if (!approvalId) return { reference: application.reference, questions: [], handovers: [] };
  const questions = await db.studyInvitationRequest.findMany({ where: { approvalId }, orderBy: { askedAt: "desc" }, select: { registry: true, studyId: true, askedAt: true, asked: true, invitable: true, invited: true } });
  const rows = await db.$queryRaw<HandoverRow[]>`
    SELECT s."registry", s."studyId", h."handedOverAt", h."details", i."fullName", i."email", i."phone", i."erasedAt",
           f."nameJa" AS "facilityJa", f."nameEn" AS "facilityEn",
           c."status"::text AS "status", c."choices", c."permittedPurposes", c."withdrawalLevel"::text AS "withdrawalLevel", c."interimRule", c."lifeEvent"
      FROM "StudyHandover" h
      JOIN "RecontactDelivery" d ON d."id" = h."deliveryId"
      JOIN "StudyInvitationRequest" s ON s."campaignId" = d."campaignId"
      JOIN "Participant" p ON p."id" = h."participantId"
      JOIN "Facility" f ON f."id" = p."facilityId"
      LEFT JOIN "ParticipantIdentity" i ON i."participantId" = p."id"
      LEFT JOIN "ConsentState" c ON c."participantId" = p."id"
     WHERE s."approvalId" = ${approvalId}::uuid
     ORDER BY h."handedOverAt" DESC`;
  const handovers = rows.map((row): StudyHandoverView => {
    const consent = consentViewOfRow(row as Parameters<typeof consentViewOfRow>[0]);
    const contactStopped = !decideAction(consent, { action: "recontact", recontactTopic: "research" }).allowed;
    const shown = (detail: string, value: string | null) => (!contactStopped && row.erasedAt === null && row.details.includes(detail) ? value : null);
    return {
      registry: row.registry,
      studyId: row.studyId,
      handedOverAt: row.handedOverAt.toISOString(),
      name: shown("name", row.fullName),
      email: shown("email", row.email),
      phone: shown("phone", row.phone),
      facility: row.details.includes("facility") ? (options.language === "en" ? row.facilityEn || row.facilityJa : row.facilityJa) : null,
      contactStopped,
    };
  });
  await recordAuditEvent(db, { type: "study_invitation.handovers_read", outcome: "success", detail: { approvalId, handovers: handovers.length } }, { actorUserId: options.applicantId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent });
  return {
    reference: application.reference,
    questions: questions.map((question) => ({ ...question, askedAt: question.askedAt.toISOString() })),
    handovers,
  };
}
