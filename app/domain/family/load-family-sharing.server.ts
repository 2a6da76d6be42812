import { getDatabase, type Database } from "../../db.server";
import { consentSubjectsOf, requireConsentSubject } from "../consent/index.server";
import { viewsOfScope, type FamilyRelationship, type FamilyScope, type FamilyView } from "./family-access-rule";

export interface SharedAccessLine {
  id: string;
  name: string;
  relationship: FamilyRelationship;
  scope: FamilyScope;
  /** What this person can open now: derived from the one rule, never restated. Empty while paused or ended. */
  sees: FamilyView[];
  state: "active" | "paused" | "ended";
  grantedAt: string;
  endedAt: string | null;
  /** The follower ended it themselves (they stopped following), not the participant or their proxy. */
  endedByFollower: boolean;
  lastViewedAt: string | null;
  /** Named to be told if the participant dies or loses capacity (ADR 143). */
  nominated: boolean;
}

export interface FamilySharing {
  participantId: string;
  fullName: string;
  as: "self" | "proxy";
  accesses: SharedAccessLine[];
  invitations: { id: string; name: string; email: string; relationship: FamilyRelationship; scope: FamilyScope; sentAt: string; expiresAt: string }[];
  /** Every look at the summary by a follower, newest first (from the audit log; ADR 036). */
  reads: { at: string; name: string }[];
  pausedAtMajority: number;
}

const readsShown = 50;

/**
 * The participant's (or their proxy's) view of who can see what, since when, and when each last looked. Null for an
 * account not yet linked to anyone's enrolment; an id this person may not act for is refused.
 */
export async function loadFamilySharing(options: { userId: string; participantId?: string | null; now?: Date }, db: Database = getDatabase()): Promise<FamilySharing | null> {
  const now = options.now ?? new Date();
  if (!options.participantId && (await consentSubjectsOf(options.userId, db)).length === 0) return null;
  const subject = await requireConsentSubject(options.userId, options.participantId, db);
  const [accesses, invitations, reads] = await Promise.all([
    db.familyAccess.findMany({ where: { participantId: subject.participantId }, orderBy: [{ endedAt: { sort: "desc", nulls: "first" } }, { grantedAt: "desc" }], take: 200 }),
    db.familyInvitation.findMany({ where: { participantId: subject.participantId, acceptedAt: null, withdrawnAt: null, expiresAt: { gt: now } }, orderBy: { createdAt: "desc" } }),
    db.$queryRaw<{ at: Date; accessId: string }[]>`
      SELECT "occurredAt" AS at, detail->>'accessId' AS "accessId" FROM "AuditEvent"
      WHERE type = 'family.summary_read' AND detail->>'participantId' = ${subject.participantId}
      ORDER BY "occurredAt" DESC LIMIT ${readsShown}`,
  ]);
  const names = new Map(accesses.map((access) => [access.id, access.fullName]));
  return {
    participantId: subject.participantId,
    fullName: subject.fullName,
    as: subject.as,
    accesses: accesses.map((access) => {
      const state = access.endedAt ? "ended" : access.pausedAt ? "paused" : "active";
      return {
        id: access.id,
        name: access.fullName,
        relationship: access.relationship,
        scope: access.scope,
        sees: state === "active" ? viewsOfScope(access.scope) : [],
        state,
        grantedAt: access.grantedAt.toISOString(),
        endedAt: access.endedAt?.toISOString() ?? null,
        endedByFollower: access.endedAt !== null && access.endedById === access.familyUserId,
        lastViewedAt: access.lastViewedAt?.toISOString() ?? null,
        nominated: state !== "ended" && access.nominatedAt !== null,
      };
    }),
    invitations: invitations.map((invitation) => ({
      id: invitation.id,
      name: invitation.fullName,
      email: invitation.email,
      relationship: invitation.relationship,
      scope: invitation.scope,
      sentAt: invitation.createdAt.toISOString(),
      expiresAt: invitation.expiresAt.toISOString(),
    })),
    reads: reads.map((read) => ({ at: read.at.toISOString(), name: names.get(read.accessId) ?? "" })),
    pausedAtMajority: accesses.filter((access) => !access.endedAt && access.pausedAt).length,
  };
}
