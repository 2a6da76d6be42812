import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { AppError } from "../../app-error";

export interface ConsentSubject {
  participantId: string;
  pseudonym: string;
  /** The participant's name, for "you are acting for …" lines; only ever shown to them or their proxy. */
  fullName: string;
  dateOfBirth: Date;
  as: "self" | "proxy";
  proxyAssignmentId: string | null;
  relationship: string | null;
}

/**
 * The participants a signed-in person may act for: themselves, and anyone they are a current proxy for.
 * A proxy's authority ends when the assignment ends (e.g. the child consented at 18), and with it this access.
 */
export async function consentSubjectsOf(userId: string, db: Database | Transaction = getDatabase()): Promise<ConsentSubject[]> {
  const [own, assignments] = await Promise.all([
    db.participant.findUnique({ where: { userId }, include: { identity: true } }),
    db.proxyAssignment.findMany({ where: { proxyUserId: userId, endedAt: null }, include: { participant: { include: { identity: true } } }, orderBy: { startedAt: "asc" } }),
  ]);
  const subjects: ConsentSubject[] = [];
  if (own?.identity) {
    subjects.push({ participantId: own.id, pseudonym: own.pseudonym, fullName: own.identity.fullName, dateOfBirth: own.identity.dateOfBirth, as: "self", proxyAssignmentId: null, relationship: null });
  }
  for (const assignment of assignments) {
    const identity = assignment.participant.identity;
    if (!identity) continue;
    subjects.push({
      participantId: assignment.participantId,
      pseudonym: assignment.participant.pseudonym,
      fullName: identity.fullName,
      dateOfBirth: identity.dateOfBirth,
      as: "proxy",
      proxyAssignmentId: assignment.id,
      relationship: assignment.relationship,
    });
  }
  return subjects;
}

/** One subject by participant id, or `forbidden` when this person may not act for them. */
export async function requireConsentSubject(userId: string, participantId: string | null | undefined, db: Database | Transaction = getDatabase()): Promise<ConsentSubject> {
  const subjects = await consentSubjectsOf(userId, db);
  const subject = participantId ? subjects.find((candidate) => candidate.participantId === participantId) : subjects[0];
  if (!subject) throw new AppError("forbidden");
  return subject;
}
