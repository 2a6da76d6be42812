import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import { fromStoredLanguage, type SupportedLanguage } from "../../../i18n/languages";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import { withdrawalLevels, type LedgerEventRecord, type WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import type { ConsentStatus } from "@tsunagi/consent-rules/consent-projection";
import { withdrawConsent } from "../records/index.server";
import { withdrawalLevelsLeft } from "../records/index";
import { projectionFromRow } from "../ledger/index";
import { receivedWithdrawalChannels } from "../records/index";

/** What a coordinator types after a call or a letter; "review" shows it back before anything is recorded. */
export const ReceivedWithdrawalSchema = z.object({
  intent: z.enum(["review", "confirm"]),
  // Strings first, so an unanswered question says "please choose" rather than "please check".
  channel: z.string().min(1).pipe(z.enum(receivedWithdrawalChannels)),
  level: z.string().min(1).pipe(z.enum(withdrawalLevels)),
  note: z.string().trim().min(1).max(1000),
});
export type ReceivedWithdrawalInput = z.infer<typeof ReceivedWithdrawalSchema>;

export interface ParticipantForWithdrawal {
  participantId: string;
  pseudonym: string;
  fullName: string;
  dateOfBirth: string;
  language: SupportedLanguage;
  status: ConsentStatus | null;
  current: WithdrawalLevel | null;
  available: WithdrawalLevel[];
}

const ParticipantIdSchema = z.uuid();

/**
 * The participant a withdrawal was received for, with the name and date of birth staff read back to the caller.
 * Reading identity is audited (BRIEF §4: who, when, what and why).
 */
export async function loadParticipantForWithdrawal(
  options: { participantId: string; staffUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<ParticipantForWithdrawal> {
  const id = ParticipantIdSchema.safeParse(options.participantId);
  if (!id.success) throw new AppError("not_found");
  const participant = await db.participant.findUnique({ where: { id: id.data }, include: { identity: true, state: true } });
  if (!participant?.identity) throw new AppError("not_found");
  await recordAuditEvent(
    db,
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "participant_identity", purpose: "consent_support", rows: 1, participantId: participant.id } },
    { actorUserId: options.staffUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
  );
  const current = participant.state?.withdrawalLevel ?? null;
  return {
    participantId: participant.id,
    pseudonym: participant.pseudonym,
    fullName: participant.identity.fullName,
    dateOfBirth: participant.identity.dateOfBirth.toISOString().slice(0, 10),
    language: fromStoredLanguage(participant.identity.preferredLanguage),
    status: participant.state?.status ?? null,
    current,
    available: withdrawalLevelsLeft(participant.state ? projectionFromRow(participant.state) : null),
  };
}

/** Step one: the participant exists, has a consent, and the level is stricter than any chosen before. */
export async function reviewReceivedWithdrawal(
  options: { participantId: string; staffUserId: string; level: WithdrawalLevel; request: RequestContext },
  db: Database = getDatabase(),
): Promise<ParticipantForWithdrawal> {
  const participant = await loadParticipantForWithdrawal(options, db);
  if (!participant.status) throw new AppError("consent_not_found");
  if (!participant.available.includes(options.level)) throw new AppError("nothing_changed");
  return participant;
}

/**
 * Step two: records a withdrawal a participant gave by phone or letter. The note (date of the call or letter, who spoke)
 * goes into the ledger event, so the participant's history and PDF say how it reached the clinic.
 */
export async function recordReceivedWithdrawal(
  options: { participantId: string; staff: { userId: string; role: string }; input: ReceivedWithdrawalInput; request: RequestContext },
  db: Database = getDatabase(),
): Promise<LedgerEventRecord> {
  const input = ReceivedWithdrawalSchema.parse(options.input);
  const participant = await reviewReceivedWithdrawal({ participantId: options.participantId, staffUserId: options.staff.userId, level: input.level, request: options.request }, db);
  return withdrawConsent(
    { participantId: participant.participantId, level: input.level, actor: options.staff, method: input.channel, language: participant.language, note: input.note, request: options.request },
    db,
  );
}
