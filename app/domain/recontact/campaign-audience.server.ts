import type { Database, Transaction } from "../../db.server";
import { Prisma } from "../../generated/prisma/client";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { ConsentStatus } from "@tsunagi/consent-rules/consent-projection";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { audienceExclusionReasons, audienceVerdict, type AudienceExclusionReason, type AudienceVerdict, type RecontactCampaignKind, type RecontactConsentView } from "./audience-verdict";
import { deliveryChannel, type RecontactChannel } from "./delivery-channel";
import { consentViewOfRow } from "../consent";

/**
 * The audience of one campaign for every participant its filters match, in a fixed number of statements whatever
 * their number (ADR 033). Participants who look the same to the rule — the same consent projection, the same facts,
 * the same earlier messages — are read as one group with a count (and, when claiming, their ids), and the rule is
 * asked once per group: a national cohort is a few thousand distinct cases, not 100,000 rows to carry and parse.
 */

export interface CampaignFilters {
  kind: RecontactCampaignKind;
  /** Empty: every facility. */
  facilityIds: string[];
  programmeArea: "cancer" | "rare_disease" | null;
  enrolmentAgeMin: number | null;
  enrolmentAgeMax: number | null;
}

/**
 * The participants whose email address is known to be undeliverable, as a query of one column of their ids (a small
 * set: ADR 074 reads it as a list of exceptions, not as a condition on every participant). By default the mail
 * delivery log's (ADR 031): those whose identity's address is one a mail server refused permanently
 * (`UndeliverableAddress`, kept lowercased; found through the index on lower(email)).
 */
export type UndeliverableCondition = Prisma.Sql;
export const mailLogUndeliverable: UndeliverableCondition = Prisma.sql`SELECT i."participantId" FROM "UndeliverableAddress" u JOIN "ParticipantIdentity" i ON lower(i."email") = u."address"`;

export interface CampaignAudienceCounts {
  /** Participants the campaign's filters match. */
  matched: number;
  /** Who would receive (or, once claimed, received) the message. */
  included: number;
  /** The rest, each under the first reason that applies; these add up to matched − included. */
  excluded: Record<AudienceExclusionReason, number>;
}

export interface AudienceMember {
  participantId: string;
  channel: RecontactChannel;
}

export interface CampaignAudience {
  counts: CampaignAudienceCounts;
  /** Only when asked for (claiming); a preview needs the counts alone. */
  recipients: AudienceMember[];
}

/** What the rule reads about a group of participants who look the same to it. */
export interface AudienceGroup {
  status: ConsentStatus | null;
  choices: ChoiceSnapshot | null;
  permittedPurposes: string[] | null;
  withdrawalLevel: WithdrawalLevel | null;
  interimRule: string | null;
  /** A death or loss of capacity recorded (ADR 143): the rule excludes the person from every contact. */
  lifeEvent: unknown;
  consentedBy: string | null;
  hasEmail: boolean;
  minor: boolean;
  hasActiveProxy: boolean;
  undeliverable: boolean;
  previous: (Date | string)[] | null;
}

interface GroupRow extends AudienceGroup {
  members: number;
  ids: string[] | null;
}

export interface AudienceJudgement {
  now: Date;
  asNeededCap: number;
}

/**
 * The verdict and channel for one group: the consent part is audienceVerdict's (decideAction), the channel
 * deliveryChannel's. The one place a group's facts are turned into the rule's input, for claims and previews alike.
 */
export function judgeAudienceGroup(group: AudienceGroup, filters: Pick<CampaignFilters, "kind">, options: AudienceJudgement): { verdict: AudienceVerdict; channel: RecontactChannel } {
  const view = consentViewOfRow(group);
  const consent: RecontactConsentView | null = view && { ...view, consentedBy: group.consentedBy ?? "self" };
  const channel = deliveryChannel(group.choices ?? {}, group.hasEmail);
  const verdict = audienceVerdict(consent, filters, {
    minor: group.minor,
    hasActiveProxy: group.hasActiveProxy,
    // A letter goes to the clinic's postal record; only an email address can be known to bounce.
    undeliverable: channel.noAddress || (channel.channel === "email" && group.undeliverable),
    previousMessages: (group.previous ?? []).map((at) => new Date(at)),
    now: options.now,
    asNeededCap: options.asNeededCap,
  });
  return { verdict, channel: channel.channel };
}

function filterCondition(filters: CampaignFilters): Prisma.Sql {
  const { facilityIds, programmeArea, enrolmentAgeMin: min, enrolmentAgeMax: max } = filters;
  // The age band is the age in whole years on the enrolment day in Japan; the birth date is compared inside the
  // database and never read out.
  return Prisma.sql`(cardinality(${facilityIds}::uuid[]) = 0 OR p."facilityId" = ANY(${facilityIds}::uuid[]))
    AND (${programmeArea}::text IS NULL OR p."programmeArea"::text = ${programmeArea}::text)
    AND ((${min}::int IS NULL AND ${max}::int IS NULL) OR EXISTS (
          SELECT 1 FROM "ParticipantIdentity" ai
           WHERE ai."participantId" = p."id"
             AND extract(year FROM age((p."createdAt" AT TIME ZONE 'Asia/Tokyo')::date, ai."dateOfBirth"))::int
                 BETWEEN coalesce(${min}::int, 0) AND coalesce(${max}::int, 2147483647)))`;
}

/**
 * Locks, for the rest of the transaction, every participant the filters match — FOR NO KEY UPDATE, the lock consent
 * verbs take (ADR 016), in id order and in one statement, so claims and consent verbs touching the same participants
 * queue instead of deadlocking — and returns their ids.
 */
export async function lockCampaignParticipants(tx: Transaction, filters: CampaignFilters): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT p."id" FROM "Participant" p WHERE ${filterCondition(filters)} ORDER BY p."id" FOR NO KEY UPDATE OF p`;
  return rows.map((row) => row.id);
}

/**
 * The campaign's audience among `participants` — the ids locked by lockCampaignParticipants, or every participant
 * the filters match — with each included participant's id and channel when `withRecipients`. `now` is the time the
 * frequency cap and minority are judged at.
 */
export async function decideCampaignAudience(
  db: Database | Transaction,
  filters: CampaignFilters,
  participants: { ids: readonly string[] } | "matching",
  options: { now: Date; asNeededCap: number; undeliverable: UndeliverableCondition; withRecipients: boolean },
): Promise<CampaignAudience> {
  const excluded = Object.fromEntries(audienceExclusionReasons.map((reason) => [reason, 0])) as Record<AudienceExclusionReason, number>;
  const recipients: AudienceMember[] = [];
  const ids = participants === "matching" ? null : [...participants.ids];
  if (ids?.length === 0) return { counts: { matched: 0, included: 0, excluded }, recipients };
  const chosen =
    ids === null
      ? Prisma.sql`SELECT p.* FROM "Participant" p WHERE ${filterCondition(filters)}`
      : Prisma.sql`SELECT p.* FROM unnest(${ids}::uuid[]) AS wanted("id") JOIN "Participant" p ON p."id" = wanted."id"`;
  const previous =
    ids === null
      ? Prisma.sql`SELECT "participantId", array_agg("claimedAt" ORDER BY "claimedAt") AS "previous" FROM "RecontactDelivery" GROUP BY "participantId"`
      : Prisma.sql`SELECT "participantId", array_agg("claimedAt" ORDER BY "claimedAt") AS "previous" FROM "RecontactDelivery"
                    WHERE "participantId" = ANY(${ids}::uuid[]) GROUP BY "participantId"`;
  // A bulk read of a few joins: compiling it (JIT) costs more than running it.
  await db.$executeRaw`SET LOCAL jit = off`;
  const groups = await db.$queryRaw<GroupRow[]>`
    SELECT s."status"::text AS "status", s."choices", s."permittedPurposes", s."withdrawalLevel"::text AS "withdrawalLevel",
           s."interimRule", s."lifeEvent", s."consentedBy",
           (i."email" IS NOT NULL AND i."erasedAt" IS NULL) AS "hasEmail",
           coalesce(i."dateOfBirth" > ((${options.now}::timestamptz AT TIME ZONE 'Asia/Tokyo')::date - interval '18 years')::date, false) AS "minor",
           EXISTS (SELECT 1 FROM "ProxyAssignment" a WHERE a."participantId" = p."id" AND a."endedAt" IS NULL) AS "hasActiveProxy",
           coalesce(p."id" IN (${options.undeliverable}), false) AS "undeliverable",
           d."previous",
           count(*)::int AS "members",
           CASE WHEN ${options.withRecipients}::boolean THEN array_agg(p."id") END AS "ids"
      FROM (${chosen}) p
      LEFT JOIN "ConsentState" s ON s."participantId" = p."id"
      LEFT JOIN "ParticipantIdentity" i ON i."participantId" = p."id"
      LEFT JOIN (${previous}) d ON d."participantId" = p."id"
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12`;
  let matched = 0;
  for (const group of groups) {
    matched += group.members;
    const { verdict, channel } = judgeAudienceGroup(group, filters, options);
    if (!verdict.included) {
      excluded[verdict.reason] += group.members;
      continue;
    }
    for (const participantId of group.ids ?? []) recipients.push({ participantId, channel });
  }
  const included = matched - audienceExclusionReasons.reduce((sum, reason) => sum + excluded[reason], 0);
  return { counts: { matched, included, excluded }, recipients };
}
