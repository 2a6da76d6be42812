import { getDatabase, type Database, type Transaction } from "../../db.server";
import { fromStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { lockParticipantConsent, changeChoicesLocked } from "../consent/index.server";
import type { RecontactCampaignKind } from "./audience-verdict";
import type { RecontactAnswer } from "./recontact-answers";
import { hashResponseToken, looksLikeResponseToken } from "./response-token.server";

/** The role a consent change made through a campaign's response link is recorded under (the ledger's actorRole). */
export const RECONTACT_RESPONSE_ROLE = "recontact_response";

export interface RecontactInvitation {
  kind: RecontactCampaignKind;
  title: string;
  messages: { ja: string; "ja-easy": string; en: string };
  /** The language the participant reads (their preferred language); the page opens in it. */
  language: SupportedLanguage;
  /** The answer already given through this link (it is then used up), or null. */
  answer: RecontactAnswer | null;
}

async function deliveryByToken(token: string, db: Database) {
  if (!looksLikeResponseToken(token)) return null;
  return db.recontactDelivery.findUnique({
    where: { responseTokenHash: hashResponseToken(token) },
    select: {
      id: true,
      campaignId: true,
      participantId: true,
      tokenUsedAt: true,
      answer: true,
      campaign: { select: { kind: true, title: true, messageJa: true, messageJaEasy: true, messageEn: true } },
      participant: { select: { userId: true, identity: { select: { preferredLanguage: true } } } },
    },
  });
}

/** What a response link shows. An unknown (or malformed) token is `not_found`; nothing about anyone is revealed. */
export async function loadRecontactInvitation(token: string, db: Database = getDatabase()): Promise<RecontactInvitation> {
  const delivery = await deliveryByToken(token, db);
  if (!delivery) throw new AppError("not_found");
  const { campaign } = delivery;
  return {
    kind: campaign.kind,
    title: campaign.title,
    messages: { ja: campaign.messageJa, "ja-easy": campaign.messageJaEasy, en: campaign.messageEn },
    language: fromStoredLanguage(delivery.participant.identity?.preferredLanguage ?? "ja"),
    answer: delivery.tokenUsedAt === null ? null : (delivery.answer ?? null),
  };
}

export interface AnswerRecontactOptions {
  token: string;
  answer: RecontactAnswer;
  /** The language the page was shown in: a consent change's PDF record uses it. */
  language: SupportedLanguage;
  request: RequestContext;
}

export interface RecontactAnswerRecorded {
  answer: RecontactAnswer;
  /** The ledger event "stop contacting me" recorded; null for the other answers, or when nothing needed changing. */
  consentEvent: LedgerEventRecord | null;
}

type ConsentTurn = Awaited<ReturnType<typeof lockParticipantConsent>>;

/**
 * "Stop contacting me about research", under the participant's consent lock already taken: `recontact.research`
 * becomes `no` through the same verb as any other choice change. Nothing is recorded when research contact is already
 * off, or the consent was withdrawn beyond no-contact (which stops all contact anyway).
 */
export async function stopResearchContactLocked(
  tx: Transaction,
  turn: ConsentTurn,
  change: { participantId: string; actor: { userId: string | null; role: string }; language: SupportedLanguage; note: string; request: RequestContext },
): Promise<LedgerEventRecord | null> {
  const state = turn.state;
  if (!state) return null;
  const research = (state.choices as ChoiceSnapshot)["recontact.research"];
  const open = state.status !== "withdrawn" || state.withdrawalLevel === "no_contact";
  if (!open || research === undefined || research === "no") return null;
  return changeChoicesLocked(tx, turn, { participantId: change.participantId, changes: { "recontact.research": "no" }, actor: change.actor, method: "online", language: change.language, note: change.note, request: change.request });
}

/**
 * A participant answers a campaign through their link (ADR 035). Single use: the answer is written by a
 * compare-and-set on `tokenUsedAt` (two submits at once → one answer; a replay → `recontact_response_used`, nothing
 * written). "Stop contacting me about research" changes `recontact.research` to `no` through the same verb as any
 * other choice change (changeChoicesLocked), in the same transaction as the answer, under the participant's consent
 * lock taken first (ADR 016), recorded as method "online" with the actor role `recontact_response`. If research
 * contact is already off, or the consent was withdrawn beyond no-contact (which stops all contact anyway), the answer
 * is recorded without a ledger event.
 */
export async function answerRecontact(options: AnswerRecontactOptions, db: Database = getDatabase()): Promise<RecontactAnswerRecorded> {
  const delivery = await deliveryByToken(options.token, db);
  if (!delivery) throw new AppError("not_found");
  if (delivery.tokenUsedAt !== null) throw new AppError("recontact_response_used");
  const result = await db.$transaction(async (tx) => {
    const turn = options.answer === "stop_contacting" ? await lockParticipantConsent(tx, delivery.participantId, { now: options.request.now }) : null;
    const answeredAt = turn?.now ?? options.request.now ?? new Date();
    const won = await tx.$executeRaw`
      UPDATE "RecontactDelivery" SET "tokenUsedAt" = ${answeredAt}, "answer" = ${options.answer}::"RecontactAnswer", "answeredAt" = ${answeredAt}
       WHERE "id" = ${delivery.id}::uuid AND "tokenUsedAt" IS NULL`;
    if (won !== 1) throw new AppError("recontact_response_used");
    const consentEvent = turn
      ? await stopResearchContactLocked(tx, turn, {
          participantId: delivery.participantId,
          actor: { userId: delivery.participant.userId, role: RECONTACT_RESPONSE_ROLE },
          language: options.language,
          note: `recontact campaign ${delivery.campaignId}`,
          request: options.request,
        })
      : null;
    await recordAuditEvent(
      tx,
      { type: "recontact_delivery.answered", outcome: "success", detail: { campaignId: delivery.campaignId, deliveryId: delivery.id, answer: options.answer, consentEventId: consentEvent?.id ?? null } },
      { actorUserId: delivery.participant.userId, subjectUserId: delivery.participant.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    return { answer: options.answer, consentEvent };
  });
  // The consent change's PDF copy and notices were queued in the answer's transaction (changeChoicesLocked).
  return result;
}
