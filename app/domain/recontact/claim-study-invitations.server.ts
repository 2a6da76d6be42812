import { invitationVerdict, type StudyCriterion } from "@tsunagi/consent-rules/study-invitation";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { getDatabase, type Database, type Transaction } from "../../db.server";
import { getEnv } from "../../env.server";
import { supportedLanguages } from "../../i18n/languages";
import { findRegisterEntry } from "../access/index.server";
import { inLanguage } from "../access/index";
import { enqueueJob } from "../jobs/index.server";
import { recordAuditEvent } from "../kernel/index.server";
import { consentViewOfRow } from "../consent";
import { deliveryChannel } from "./delivery-channel";
import { studyInvitationMessage, type StudyInvitationWording } from "./study-invitation-text";

/** A question the bridge answered and stored, not yet taken up here. */
interface PendingRequest {
  id: string;
  approval_id: string;
  registry: string;
  study_id: string;
  gene: string;
  origin: string;
  asked: number;
  invitable: number;
  asked_at: Date;
}

interface CandidateRow {
  id: string;
  status: string | null;
  choices: ChoiceSnapshot | null;
  permittedPurposes: string[] | null;
  withdrawalLevel: string | null;
  interimRule: string | null;
  lifeEvent: unknown;
  consentedBy: string | null;
  deliveredAt: Date[] | null;
  hasEmail: boolean;
}

export interface ClaimedStudyInvitations {
  requestId: string;
  campaignId: string;
  /** What the bridge counted, and how many the platform invited (fewer when consent or history changed since, or an earlier question already invited them). */
  invitable: number;
  invited: number;
}

export interface ClaimStudyInvitationsOptions {
  now?: Date;
  /** RECONTACT_AS_NEEDED_CAP unless given. */
  asNeededCap?: number;
  /** At most this many questions taken up per run. */
  limit?: number;
}

/**
 * Takes up the studies' questions the bridge answered (issue 57 item 4; ADR 138): for each, one campaign of kind
 * `clinical_trial` worded from the approved application's register entry (never from anything the study typed), and
 * one RecontactDelivery per invitable participant — re-decided here, with every candidate's row locked, by the same
 * rule the bridge counted with (`invitationVerdict`), so a withdrawal or a message claimed since the bridge answered
 * is honoured — then the campaign's dispatch job, which sends each participant the message in their language with their
 * answer link. One transaction per question; a question is taken up once (its id is the row's key, read under a lock
 * on it). Someone already invited to the same study by an earlier question is not invited again.
 */
export async function claimStudyInvitations(options: ClaimStudyInvitationsOptions = {}, db: Database = getDatabase()): Promise<ClaimedStudyInvitations[]> {
  const pending = await db.$queryRaw<PendingRequest[]>`
    SELECT r.id, r.approval_id, r.registry, r.study_id, r.gene, r.origin, r.asked, r.invitable, r.asked_at
      FROM bridge_export.study_invitation_request r
     WHERE NOT EXISTS (SELECT 1 FROM "StudyInvitationRequest" s WHERE s."id" = r.id)
     ORDER BY r.asked_at LIMIT ${options.limit ?? 20}`;
  const claimed: ClaimedStudyInvitations[] = [];
  for (const request of pending) {
    const result = await db.$transaction((tx) => claimOne(tx, request, options), { timeout: 120_000, maxWait: 10_000 });
    if (result) claimed.push(result);
  }
  return claimed;
}

async function claimOne(tx: Transaction, request: PendingRequest, options: ClaimStudyInvitationsOptions): Promise<ClaimedStudyInvitations | null> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`study-invitation:${request.id}`}, 0))`;
  if (await tx.studyInvitationRequest.findUnique({ where: { id: request.id }, select: { id: true } })) return null;
  const approval = await tx.dataAccessApproval.findUnique({
    where: { id: request.approval_id },
    select: { id: true, status: true, startsAt: true, endsAt: true, decisionId: true, application: { select: { reference: true } } },
  });
  const criterion: StudyCriterion = { gene: request.gene, origin: request.origin === "germline" ? "germline" : "somatic" };
  const entry = approval ? await findRegisterEntry({ reference: approval.application.reference }, tx as unknown as Database) : null;
  const wording: StudyInvitationWording = {
    registry: request.registry,
    studyId: request.study_id,
    reference: approval?.application.reference ?? "",
    title: entry?.title ?? { ja: request.study_id, jaEasy: "", en: request.study_id },
    institution: entry?.institution ?? { ja: "", jaEasy: "", en: "" },
  };
  const messages = Object.fromEntries(supportedLanguages.map((language) => [language, studyInvitationMessage(wording, language, inLanguage)])) as Record<(typeof supportedLanguages)[number], string>;

  // Campaign, then participants in id order, as a campaign's claim takes them (ADR 033): nothing waits in a circle.
  const campaign = await tx.recontactCampaign.create({
    data: {
      kind: "clinical_trial",
      title: inLanguage(wording.title, "ja").slice(0, 120),
      messageJa: messages.ja,
      messageJaEasy: messages["ja-easy"],
      messageEn: messages.en,
      facilityIds: [],
      state: "sending",
      createdById: approval?.decisionId ?? request.approval_id,
    },
    select: { id: true },
  });
  const now = options.now ?? new Date();
  const inForce = approval !== null && approval.status === "active" && approval.startsAt <= now && now < approval.endsAt;
  const ids = inForce
    ? (
        await tx.$queryRaw<{ id: string }[]>`
          SELECT p."id" FROM bridge_export.study_invitation_candidate c JOIN "Participant" p ON p."pseudonym" = c.pseudonym
           WHERE c.request_id = ${request.id}::uuid
             AND NOT EXISTS (SELECT 1 FROM "RecontactDelivery" d JOIN "StudyInvitationRequest" s ON s."campaignId" = d."campaignId"
                              WHERE d."participantId" = p."id" AND s."registry" = ${request.registry} AND s."studyId" = ${request.study_id})
           ORDER BY p."id" FOR NO KEY UPDATE OF p`
      ).map((row) => row.id)
    : [];
  const asNeededCap = options.asNeededCap ?? getEnv().RECONTACT_AS_NEEDED_CAP;
  const recipients: { participantId: string; channel: string }[] = [];
  if (ids.length > 0) {
    await tx.$executeRaw`SET LOCAL jit = off`;
    const rows = await tx.$queryRaw<CandidateRow[]>`
      SELECT p."id", s."status"::text AS "status", s."choices", s."permittedPurposes", s."withdrawalLevel"::text AS "withdrawalLevel",
             s."interimRule", s."lifeEvent", s."consentedBy", s."deliveredAt",
             (i."email" IS NOT NULL AND i."erasedAt" IS NULL) AS "hasEmail"
        FROM unnest(${ids}::uuid[]) AS wanted("id") JOIN "Participant" p ON p."id" = wanted."id"
        LEFT JOIN "ConsentState" s ON s."participantId" = p."id"
        LEFT JOIN "ParticipantIdentity" i ON i."participantId" = p."id"`;
    for (const row of rows) {
      const consent = row.status === null ? null : consentViewOfRow(row as Parameters<typeof consentViewOfRow>[0]);
      const verdict = invitationVerdict(consent, criterion, { previousContacts: row.deliveredAt ?? [], now, asNeededCap });
      if (!verdict.invitable) continue;
      recipients.push({ participantId: row.id, channel: deliveryChannel(row.choices ?? {}, row.hasEmail).channel });
    }
  }
  if (recipients.length > 0) {
    await tx.$executeRaw`
      INSERT INTO "RecontactDelivery" ("id", "campaignId", "participantId", "channel", "claimedAt")
      SELECT gen_random_uuid(), ${campaign.id}::uuid, claimed."participantId", claimed."channel"::"RecontactChannel", ${now}::timestamptz
        FROM unnest(${recipients.map((r) => r.participantId)}::uuid[], ${recipients.map((r) => r.channel)}::text[]) AS claimed("participantId", "channel")`;
    await enqueueJob(tx, "recontact.dispatch", { campaignId: campaign.id }, { jobKey: `recontact.dispatch:${campaign.id}` });
  } else {
    await tx.recontactCampaign.update({ where: { id: campaign.id }, data: { state: "sent" } });
  }
  await tx.studyInvitationRequest.create({
    data: {
      id: request.id,
      approvalId: request.approval_id,
      registry: request.registry,
      studyId: request.study_id,
      gene: request.gene,
      origin: criterion.origin,
      asked: request.asked,
      invitable: request.invitable,
      invited: recipients.length,
      askedAt: request.asked_at,
      campaignId: campaign.id,
      claimedAt: now,
    },
  });
  await recordAuditEvent(
    tx,
    {
      type: "study_invitation.claimed",
      outcome: inForce ? "success" : "denied",
      detail: { requestId: request.id, approvalId: request.approval_id, campaignId: campaign.id, invitable: request.invitable, invited: recipients.length, approvalInForce: inForce },
    },
    {},
  );
  return { requestId: request.id, campaignId: campaign.id, invitable: request.invitable, invited: recipients.length };
}
