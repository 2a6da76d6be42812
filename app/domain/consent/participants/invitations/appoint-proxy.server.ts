import { z } from "zod";
import { getDatabase, type Database, type Transaction } from "../../../../db.server";
import { fromStoredLanguage, toStoredLanguage, supportedLanguages } from "../../../../i18n/languages";
import { AppError, type RequestContext } from "../../../kernel/index";
import { recordAuditEvent } from "../../../kernel/index.server";
import { lockParticipantConsent } from "../../ledger/index.server";
import { projectionFromRow } from "../../ledger/index";
import { EmailSchema, PersonNameSchema, proxyRelationships } from "../enrolment/enrolment-schema";
import { createInvitation, sendInvitationMail, type IssuedInvitation } from "./issue-invitation.server";

/**
 * The clinic appoints someone to act for a participant who lost the capacity to decide (issue 58, ADR 144): by default
 * the relative the participant named on their family page. The coordinator confirms they checked the person's identity
 * and their standing to act under the law and the programme's rules; what they checked is kept with the audit row.
 */
export const AppointProxySchema = z.object({
  fullName: PersonNameSchema,
  email: EmailSchema,
  relationship: z.enum(proxyRelationships),
  language: z.enum(supportedLanguages),
  basis: z.enum(["nominated_relative", "legal_guardian", "family_consensus"]),
  confirm: z.literal("yes"),
});
export type AppointProxyInput = z.infer<typeof AppointProxySchema>;

/** The relative the participant named (FamilyAccess.nominatedAt), offered as the one to appoint. */
export interface NominatedRelative {
  fullName: string;
  email: string;
  relationship: (typeof proxyRelationships)[number];
  language: (typeof supportedLanguages)[number];
}

export interface ProxyAppointmentStanding {
  pseudonym: string;
  /** Whether a loss of capacity is on record and the person is not recorded as dead: only then may a proxy be appointed here. */
  incapacity: { on: string } | null;
  death: boolean;
  /** The live proxy, if there is one: only one is appointed here at a time. */
  currentProxy: { fullName: string; relationship: string; hasAccount: boolean } | null;
  nominated: NominatedRelative | null;
}

// A family relationship as a proxy's: the nearest term the proxy list has.
const proxyRelationshipOf: Record<string, NominatedRelative["relationship"]> = {
  spouse: "spouse",
  partner: "spouse",
  parent: "parent",
  child: "adult_child",
  sibling: "sibling",
  grandparent: "other_relative",
  grandchild: "other_relative",
  other_relative: "other_relative",
  friend: "other",
  carer: "other",
  other: "other",
};

async function nominatedRelativeOf(db: Database | Transaction, participantId: string): Promise<NominatedRelative | null> {
  const access = await db.familyAccess.findFirst({
    where: { participantId, nominatedAt: { not: null }, endedAt: null },
    select: { fullName: true, relationship: true, familyUser: { select: { email: true, preferredLanguage: true, disabledAt: true } } },
  });
  if (!access || access.familyUser.disabledAt) return null;
  return { fullName: access.fullName, email: access.familyUser.email, relationship: proxyRelationshipOf[access.relationship] ?? "other", language: fromStoredLanguage(access.familyUser.preferredLanguage) };
}

/** What the appointment page shows before anything is written. */
export async function loadProxyAppointment(participantId: string, db: Database = getDatabase()): Promise<ProxyAppointmentStanding> {
  const participant = await db.participant.findUnique({
    where: { id: participantId },
    select: { pseudonym: true, state: true, proxies: { where: { endedAt: null }, orderBy: { startedAt: "asc" }, take: 1 } },
  });
  if (!participant) throw new AppError("not_found");
  const life = participant.state ? projectionFromRow(participant.state).lifeEvent : null;
  const proxy = participant.proxies[0];
  return {
    pseudonym: participant.pseudonym,
    incapacity: life?.kind === "incapacity" ? { on: life.on } : null,
    death: life?.kind === "death",
    currentProxy: proxy ? { fullName: proxy.fullName, relationship: proxy.relationship, hasAccount: proxy.proxyUserId !== null } : null,
    nominated: await nominatedRelativeOf(db, participantId),
  };
}

/**
 * Appoints the proxy: under the participant's consent lock (so a death recorded, or another appointment, a moment
 * earlier is seen), refused unless a loss of capacity is on record, no death is, and no proxy is live. The assignment
 * and an invitation to it are written with their audit rows in one transaction; the invitation is mailed after the
 * commit and its code shown once to the coordinator to hand over, as at enrolment. Until the invitation is accepted the
 * proxy can do nothing; once it is, they act as any proxy does, within what the rule leaves open after the life event.
 */
export async function appointProxy(
  options: { participantId: string; input: AppointProxyInput; appointedById: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ participantId: string; pseudonym: string; invitation: IssuedInvitation & { recipient: "proxy" }; mailSent: boolean }> {
  const input = AppointProxySchema.parse(options.input);
  const context = { actorUserId: options.appointedById, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  const appointed = await db.$transaction(async (tx) => {
    const turn = await lockParticipantConsent(tx, options.participantId, { now: options.request.now, missing: "not_found" });
    const life = turn.state ? projectionFromRow(turn.state).lifeEvent : null;
    if (life?.kind !== "incapacity") throw new AppError("incapacity_not_recorded");
    const live = await tx.proxyAssignment.count({ where: { participantId: options.participantId, endedAt: null } });
    if (live > 0) throw new AppError("proxy_already_appointed");
    const participant = await tx.participant.findUniqueOrThrow({ where: { id: options.participantId }, select: { pseudonym: true } });
    const assignment = await tx.proxyAssignment.create({
      data: { participantId: options.participantId, fullName: input.fullName, email: input.email, relationship: input.relationship, startedAt: turn.now },
    });
    const invitation = await createInvitation(tx, {
      participantId: options.participantId,
      recipient: "proxy",
      proxyAssignmentId: assignment.id,
      email: input.email,
      language: toStoredLanguage(input.language),
      reason: "incapacity",
      createdById: options.appointedById,
      now: turn.now,
    });
    const nominated = await nominatedRelativeOf(tx, options.participantId);
    await recordAuditEvent(
      tx,
      {
        type: "proxy.appointed",
        outcome: "success",
        detail: {
          participantId: options.participantId,
          proxyAssignmentId: assignment.id,
          relationship: input.relationship,
          basis: input.basis,
          nominatedRelative: nominated !== null && nominated.email.toLowerCase() === input.email.toLowerCase(),
          incapacityOn: life.on,
        },
      },
      context,
    );
    await recordAuditEvent(tx, { type: "invitation.sent", outcome: "success", detail: { invitationId: invitation.id, participantId: options.participantId, recipient: "proxy" } }, context);
    return { participantId: options.participantId, pseudonym: participant.pseudonym, invitation: { ...invitation, recipient: "proxy" as const } };
  });
  return { ...appointed, mailSent: await sendInvitationMail(appointed.invitation, input.fullName) };
}
