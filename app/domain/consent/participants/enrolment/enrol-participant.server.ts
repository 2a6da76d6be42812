import { getDatabase, type Database, type Transaction } from "../../../../db.server";
import { Prisma } from "../../../../generated/prisma/client";
import { toStoredLanguage } from "../../../../i18n/languages";
import { AppError } from "../../../kernel/index";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";
import { chooseEnrolmentFacility } from "../../../facilities/index.server";
import { createInvitation, sendInvitationMail, type IssuedInvitation } from "../invitations/issue-invitation.server";
import { EnrolParticipantSchema } from "./enrolment-schema";
import { newPseudonym, newSampleCode } from "./pseudonymous-codes.server";

export { EnrolParticipantSchema, type EnrolParticipantInput } from "./enrolment-schema";

/** Random codes can clash with ones already issued; a fresh draw almost always succeeds. */
const maxAttempts = 5;

export interface CodeSource {
  pseudonym: () => string;
  sampleCode: () => string;
}

export interface Enrolment {
  participantId: string;
  pseudonym: string;
  sampleCodes: string[];
  invitation: IssuedInvitation & { recipient: "participant" | "proxy" };
  mailSent: boolean;
}

function isUniqueClash(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

// Two-key advisory locks live apart from the ledger's one-key lock; the first key names what is locked.
export const ENROLMENT_LOCK_CLASS = 0x656e726f; // "enro"

/**
 * A patient is known to a hospital by their medical record number: one already enrolled at this facility under
 * it is not enrolled again (a double submit, two coordinators at once). Checked under a lock on that number at
 * that facility, so two enrolments at once cannot both find it free. Without a number there is nothing to know the
 * patient by, and nothing is checked.
 */
async function refuseKnownPatient(tx: Transaction, facilityId: string, medicalRecordNumber: string | undefined): Promise<void> {
  if (!medicalRecordNumber) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ENROLMENT_LOCK_CLASS}::int, hashtext(${`${facilityId}:${medicalRecordNumber}`}))`;
  const known = await tx.participantIdentity.count({ where: { medicalRecordNumber, participant: { facilityId } } });
  if (known > 0) throw new AppError("already_enrolled");
}

/**
 * Registers a patient at one of the coordinator's facilities: pseudonymous participant, identity (kept apart),
 * samples, proxy, and an invitation to the proxy if there is one, else to the participant — all in one
 * transaction with its audit rows, so a failure leaves nothing behind. The invitation is mailed after the
 * commit. The returned code is the only copy in clear: the coordinator shows it once and hands it over.
 */
export async function enrolParticipant(
  options: { input: unknown; enrolledById: string; request: RequestContext; codes?: CodeSource },
  db: Database = getDatabase(),
): Promise<Enrolment> {
  const input = EnrolParticipantSchema.parse(options.input);
  const facilityId = await chooseEnrolmentFacility({ staffUserId: options.enrolledById, requested: input.facilityId }, db);
  const codes = options.codes ?? { pseudonym: newPseudonym, sampleCode: newSampleCode };
  const now = options.request.now ?? new Date();
  const language = toStoredLanguage(input.preferredLanguage);
  const proxy = input.withProxy && input.proxyFullName && input.proxyEmail && input.proxyRelationship ? { fullName: input.proxyFullName, email: input.proxyEmail, relationship: input.proxyRelationship } : null;
  const context = { actorUserId: options.enrolledById, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };

  for (let attempt = 1; ; attempt += 1) {
    try {
      const enrolment = await db.$transaction(async (tx) => {
        await refuseKnownPatient(tx, facilityId, input.medicalRecordNumber);
        const participant = await tx.participant.create({
          data: { pseudonym: codes.pseudonym(), facilityId, programmeArea: input.programmeArea, enrolledById: options.enrolledById, createdAt: now },
        });
        await tx.participantIdentity.create({
          data: {
            participantId: participant.id,
            fullName: input.fullName,
            fullNameKana: input.fullNameKana ?? null,
            dateOfBirth: new Date(`${input.dateOfBirth}T00:00:00Z`),
            email: input.email ?? null,
            phone: input.phone ?? null,
            medicalRecordNumber: input.medicalRecordNumber ?? null,
            preferredLanguage: language,
          },
        });
        const sampleCodes: string[] = [];
        for (const kind of input.samples) {
          const sample = await tx.sample.create({ data: { participantId: participant.id, sampleCode: codes.sampleCode(), kind, createdAt: now } });
          sampleCodes.push(sample.sampleCode);
        }
        const assignment = proxy ? await tx.proxyAssignment.create({ data: { participantId: participant.id, ...proxy, startedAt: now } }) : null;
        const recipient = assignment ? ("proxy" as const) : ("participant" as const);
        const invitation = await createInvitation(tx, {
          participantId: participant.id,
          recipient,
          proxyAssignmentId: assignment?.id ?? null,
          email: assignment?.email ?? input.email!,
          language,
          reason: "enrolment",
          createdById: options.enrolledById,
          now,
        });
        await recordAuditEvent(
          tx,
          { type: "participant.enrolled", outcome: "success", detail: { participantId: participant.id, pseudonym: participant.pseudonym, samples: sampleCodes.length, proxy: assignment !== null, facilityId } },
          context,
        );
        await recordAuditEvent(tx, { type: "invitation.sent", outcome: "success", detail: { invitationId: invitation.id, participantId: participant.id, recipient } }, context);
        return { participantId: participant.id, pseudonym: participant.pseudonym, sampleCodes, invitation: { ...invitation, recipient } };
      });
      const addressee = enrolment.invitation.recipient === "proxy" ? proxy!.fullName : input.fullName;
      return { ...enrolment, mailSent: await sendInvitationMail(enrolment.invitation, addressee) };
    } catch (error) {
      if (!isUniqueClash(error) || attempt >= maxAttempts) throw error;
    }
  }
}
