import { invitationStatesGenotype, type StudyCriterion } from "@tsunagi/consent-rules/study-invitation";
import { trialUrl, type TrialRegistry } from "@tsunagi/consent-rules/trial-registries";
import { decideAction, type ConsentView } from "@tsunagi/consent-rules/decide-action";
import { getDatabase, type Database, type Transaction } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { findRegisterEntry } from "../access/index.server";
import { inLanguage } from "../access/index";
import { requireConsentSubject, type ConsentSubject } from "../consent/index.server";
import { consentViewOfRow } from "../consent";
import { AppError, uuidPattern } from "../kernel/index";
import type { RecontactAnswer } from "./recontact-answers";

import { handoverDetails, type HandoverDetail } from "./study-invitation-answers";

export interface OwnStudyInvitation {
  deliveryId: string;
  registry: string;
  studyId: string;
  /** The study's page at its registry. */
  registryUrl: string;
  /** The register's page about the study (its application's reference). */
  reference: string;
  title: string;
  institution: string;
  /** The gene the study selected by, only while the participant has chosen to know that kind of result (ADR 138). */
  gene: string | null;
  origin: StudyCriterion["origin"];
  invitedAt: string;
  answer: RecontactAnswer | null;
  handover: { handedOverAt: string; details: HandoverDetail[]; byRole: "self" | "proxy" } | null;
  /** What a yes would hand over now, with the values: shown beside the button, so nothing is handed over unseen. */
  wouldHandOver: { detail: HandoverDetail; value: string }[];
  /**
   * Whether it can still be answered: not answered no or "stop", not yet handed over, research contact still allowed
   * (a withdrawal closes it) and the study's approval still in force.
   */
  open: boolean;
}

export interface OwnStudyInvitations {
  subject: Pick<ConsentSubject, "participantId" | "fullName" | "as" | "relationship">;
  invitations: OwnStudyInvitation[];
}

interface InvitationRow {
  deliveryId: string;
  participantId: string;
  claimedAt: Date;
  answer: RecontactAnswer | null;
  registry: string;
  studyId: string;
  gene: string;
  origin: string;
  reference: string;
  approvalStatus: string;
  startsAt: Date;
  endsAt: Date;
  handedOverAt: Date | null;
  handoverDetails: string[] | null;
  handoverRole: string | null;
}

async function readInvitationRows(db: Database | Transaction, participantId: string, deliveryId?: string): Promise<InvitationRow[]> {
  return db.$queryRaw<InvitationRow[]>`
    SELECT d."id" AS "deliveryId", d."participantId", d."claimedAt", d."answer"::text AS "answer",
           s."registry", s."studyId", s."gene", s."origin", a."reference",
           ap."status"::text AS "approvalStatus", ap."startsAt", ap."endsAt",
           h."handedOverAt", h."details" AS "handoverDetails", h."byRole" AS "handoverRole"
      FROM "RecontactDelivery" d
      JOIN "StudyInvitationRequest" s ON s."campaignId" = d."campaignId"
      JOIN "DataAccessApproval" ap ON ap."id" = s."approvalId"
      JOIN "DataAccessApplication" a ON a."id" = ap."applicationId"
      LEFT JOIN "StudyHandover" h ON h."deliveryId" = d."id"
     WHERE d."participantId" = ${participantId}::uuid AND (${deliveryId ?? null}::uuid IS NULL OR d."id" = ${deliveryId ?? null}::uuid)
     ORDER BY d."claimedAt" DESC`;
}

async function readConsentAndIdentity(db: Database | Transaction, participantId: string, language: SupportedLanguage) {
  const [row] = await db.$queryRaw<
    { status: string | null; choices: unknown; permittedPurposes: string[] | null; withdrawalLevel: string | null; interimRule: string | null; lifeEvent: unknown; fullName: string | null; email: string | null; phone: string | null; erasedAt: Date | null; facilityJa: string; facilityEn: string }[]
  >`
    SELECT s."status"::text AS "status", s."choices", s."permittedPurposes", s."withdrawalLevel"::text AS "withdrawalLevel", s."interimRule", s."lifeEvent",
           i."fullName", i."email", i."phone", i."erasedAt", f."nameJa" AS "facilityJa", f."nameEn" AS "facilityEn"
      FROM "Participant" p JOIN "Facility" f ON f."id" = p."facilityId"
      LEFT JOIN "ConsentState" s ON s."participantId" = p."id"
      LEFT JOIN "ParticipantIdentity" i ON i."participantId" = p."id"
     WHERE p."id" = ${participantId}::uuid`;
  if (!row) throw new AppError("not_found");
  const consent = consentViewOfRow(row as Parameters<typeof consentViewOfRow>[0]);
  const erased = row.erasedAt !== null;
  const values: Record<HandoverDetail, string | null> = {
    name: erased ? null : row.fullName,
    email: erased ? null : row.email,
    phone: erased ? null : row.phone,
    facility: language === "en" ? row.facilityEn || row.facilityJa : row.facilityJa,
  };
  const wouldHandOver = handoverDetails.flatMap((detail) => (values[detail] ? [{ detail, value: values[detail]! }] : []));
  return { consent, wouldHandOver };
}

/** Whether research contact is allowed now: what keeps an invitation open (a withdrawal or a "no" closes every one). */
export function researchContactAllowed(consent: ConsentView | null): boolean {
  return decideAction(consent, { action: "recontact", recontactTopic: "research" }).allowed;
}

function approvalInForce(row: InvitationRow, now: Date): boolean {
  return row.approvalStatus === "active" && row.startsAt <= now && now < row.endsAt;
}

async function toInvitation(db: Database | Transaction, row: InvitationRow, consent: ConsentView | null, wouldHandOver: OwnStudyInvitation["wouldHandOver"], language: SupportedLanguage, now: Date): Promise<OwnStudyInvitation> {
  const entry = await findRegisterEntry({ reference: row.reference, now }, db as Database);
  const criterion: StudyCriterion = { gene: row.gene, origin: row.origin === "germline" ? "germline" : "somatic" };
  const handover = row.handedOverAt
    ? { handedOverAt: row.handedOverAt.toISOString(), details: (row.handoverDetails ?? []) as HandoverDetail[], byRole: row.handoverRole === "proxy" ? ("proxy" as const) : ("self" as const) }
    : null;
  const answeredNo = row.answer === "not_interested" || row.answer === "stop_contacting";
  return {
    deliveryId: row.deliveryId,
    registry: row.registry,
    studyId: row.studyId,
    registryUrl: trialUrl(row.registry as TrialRegistry, row.studyId),
    reference: row.reference,
    title: entry ? inLanguage(entry.title, language) : row.studyId,
    institution: entry ? inLanguage(entry.institution, language) : "",
    gene: invitationStatesGenotype(consent, criterion) ? row.gene : null,
    origin: criterion.origin,
    invitedAt: row.claimedAt.toISOString(),
    answer: row.answer,
    handover,
    wouldHandOver,
    open: handover === null && !answeredNo && researchContactAllowed(consent) && approvalInForce(row, now),
  };
}

function subjectView(subject: ConsentSubject): OwnStudyInvitations["subject"] {
  return { participantId: subject.participantId, fullName: subject.fullName, as: subject.as, relationship: subject.relationship };
}

/**
 * The study invitations sent to the participant (issue 57 item 4; ADR 138), for themselves or, with `participantId`,
 * someone they are the current proxy for; newest first. A family member is never a consent subject, so never sees one.
 */
export async function loadOwnStudyInvitations(options: { userId: string; participantId?: string | null; language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<OwnStudyInvitations> {
  const subject = await requireConsentSubject(options.userId, options.participantId, db);
  const now = options.now ?? new Date();
  const rows = await readInvitationRows(db, subject.participantId);
  const { consent, wouldHandOver } = await readConsentAndIdentity(db, subject.participantId, options.language);
  const invitations = await Promise.all(rows.map((row) => toInvitation(db, row, consent, wouldHandOver, options.language, now)));
  return { subject: subjectView(subject), invitations };
}

/** The delivery's participant, when the signed-in person is that participant or their current proxy; else not found. */
export async function requireInvitationSubject(userId: string, deliveryId: string, db: Database | Transaction): Promise<ConsentSubject> {
  if (!uuidPattern.test(deliveryId)) throw new AppError("not_found");
  const delivery = await db.recontactDelivery.findUnique({ where: { id: deliveryId }, select: { participantId: true, campaign: { select: { studyRequest: { select: { id: true } } } } } });
  if (!delivery?.campaign.studyRequest) throw new AppError("not_found");
  try {
    return await requireConsentSubject(userId, delivery.participantId, db as Database);
  } catch (error) {
    // Another participant's invitation reads as one that does not exist.
    if (error instanceof AppError && error.code === "forbidden") throw new AppError("not_found");
    throw error;
  }
}

/** Refuses (not found) unless the signed-in person is the invitation's participant or their current proxy. */
export async function requireOwnStudyInvitation(options: { userId: string; deliveryId: string }, db: Database = getDatabase()): Promise<void> {
  await requireInvitationSubject(options.userId, options.deliveryId, db);
}

/** One invitation, for its participant or their current proxy; anyone else (a family member included) reads not found. */
export async function loadOwnStudyInvitation(options: { userId: string; deliveryId: string; language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<OwnStudyInvitations["subject"] & { invitation: OwnStudyInvitation }> {
  const subject = await requireInvitationSubject(options.userId, options.deliveryId, db);
  const [row] = await readInvitationRows(db, subject.participantId, options.deliveryId);
  if (!row) throw new AppError("not_found");
  const { consent, wouldHandOver } = await readConsentAndIdentity(db, subject.participantId, options.language);
  return { ...subjectView(subject), invitation: await toInvitation(db, row, consent, wouldHandOver, options.language, options.now ?? new Date()) };
}

export { readConsentAndIdentity as readInvitationConsent, readInvitationRows, approvalInForce as invitationApprovalInForce };
