import type { Database, Transaction } from "../../db.server";
import { Prisma } from "../../generated/prisma/client";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { ConsentStatus } from "@tsunagi/consent-rules/consent-projection";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { audienceExclusionReasons, type AudienceExclusionReason, type AudienceVerdict } from "./audience-verdict";
import {
  decideCampaignAudience,
  judgeAudienceGroup,
  type AudienceGroup,
  type CampaignAudienceCounts,
  type CampaignFilters,
  type UndeliverableCondition,
} from "./campaign-audience.server";

/**
 * A campaign's audience counted by consent shape (ADR 074) and delivery history (ADR 079), for the preview: the same
 * counts as decideCampaignAudience over every matching participant, read from a few hundred rows instead of a million.
 *
 * - The cohort counts (`CohortCount`, kept by triggers) give, per consent shape, email on file and delivery history
 *   (when each earlier campaign message was claimed: all the frequency allowance reads of a participant's deliveries),
 *   how many participants the campaign's facilities and area hold; participants without consent are the rest.
 * - Each (shape, email, history) is judged once with the facts most participants have: no active proxy, not a minor,
 *   no known undeliverable address.
 * - The participants for whom any of those facts differs — an active proxy, a birth date under 18 years ago, an
 *   address in the undeliverable set, a recorded death or loss of capacity (which no shape holds; ADR 144) — are read as exceptions from those small, indexed sets, grouped by what the rule
 *   reads (their history as their ConsentState row keeps it), judged with their own facts and taken out of their
 *   group's number. An earlier delivery is not an exception: after a few national campaigns most participants have one.
 *
 * Every verdict is judgeAudienceGroup's, the claim's own: the rule is not written twice. An age band in the filters
 * is a fact of each participant's enrolment, not of a shape: such a campaign is counted participant by participant.
 */

interface BucketRow {
  shapeId: number | null;
  hasEmail: boolean;
  deliveredAt: Date[] | null;
  participants: number;
}

interface ShapeRow {
  id: number;
  status: ConsentStatus;
  choices: ChoiceSnapshot;
  permittedPurposes: string[] | null;
  withdrawalLevel: WithdrawalLevel | null;
  interimRule: string | null;
  consentedBy: string;
}

interface ExceptionRow {
  shapeId: number;
  hasEmail: boolean;
  minor: boolean;
  hasActiveProxy: boolean;
  undeliverable: boolean;
  deliveredAt: Date[] | null;
  lifeEvent: unknown;
  members: number;
}

const usualFacts = { minor: false, hasActiveProxy: false, undeliverable: false } as const;
const noConsent: AudienceGroup = { status: null, choices: null, permittedPurposes: null, withdrawalLevel: null, interimRule: null, lifeEvent: null, consentedBy: null, hasEmail: false, previous: null, ...usualFacts };
// One key per (shape, email, history): the instants to the millisecond, as the column keeps them.
const groupKey = (shapeId: number, hasEmail: boolean, deliveredAt: Date[] | null) => `${shapeId}:${hasEmail}:${(deliveredAt ?? []).map((at) => at.getTime()).join(",")}`;

export async function countCampaignAudience(
  db: Database | Transaction,
  filters: CampaignFilters,
  options: { now: Date; asNeededCap: number; undeliverable: UndeliverableCondition },
): Promise<CampaignAudienceCounts> {
  if (filters.enrolmentAgeMin !== null || filters.enrolmentAgeMax !== null) {
    return (await decideCampaignAudience(db, filters, "matching", { ...options, withRecipients: false })).counts;
  }
  const { facilityIds, programmeArea } = filters;
  const buckets = await db.$queryRaw<BucketRow[]>`
    SELECT n."shapeId", n."hasEmail", n."deliveredAt", sum(n."participants")::int AS "participants"
      FROM "CohortCount" n
     WHERE (cardinality(${facilityIds}::uuid[]) = 0 OR n."facilityId" = ANY(${facilityIds}::uuid[]))
       AND (${programmeArea}::text IS NULL OR n."programmeArea"::text = ${programmeArea}::text)
     GROUP BY 1, 2, 3
    HAVING sum(n."participants") <> 0`;
  const shapeIds = [...new Set(buckets.flatMap((bucket) => (bucket.shapeId === null ? [] : [bucket.shapeId])))];
  const shapes = await db.$queryRaw<ShapeRow[]>`
    SELECT c."id", c."status"::text AS "status", c."choices", c."permittedPurposes", c."withdrawalLevel"::text AS "withdrawalLevel", c."interimRule", c."consentedBy"
      FROM "ConsentShape" c WHERE c."id" = ANY(${shapeIds}::int[])`;
  // The same expression as decideCampaignAudience's: under 18 on the day `now` falls on in Japan.
  const adultBornBy = Prisma.sql`((${options.now}::timestamptz AT TIME ZONE 'Asia/Tokyo')::date - interval '18 years')::date`;
  await db.$executeRaw`SET LOCAL jit = off`;
  const exceptions = await db.$queryRaw<ExceptionRow[]>`
    WITH x AS (
      SELECT a."participantId" AS "id" FROM "ProxyAssignment" a WHERE a."endedAt" IS NULL
      UNION SELECT m."participantId" FROM "ParticipantIdentity" m WHERE m."dateOfBirth" > ${adultBornBy}
      UNION SELECT u."id" FROM (${options.undeliverable}) AS u("id")
      UNION SELECT l."participantId" FROM "ConsentState" l WHERE l."lifeEvent" IS NOT NULL
    )
    SELECT s."shapeId", s."hasEmail", s."deliveredAt",
           coalesce(i."dateOfBirth" > ${adultBornBy}, false) AS "minor",
           EXISTS (SELECT 1 FROM "ProxyAssignment" a WHERE a."participantId" = p."id" AND a."endedAt" IS NULL) AS "hasActiveProxy",
           coalesce(p."id" IN (${options.undeliverable}), false) AS "undeliverable",
           s."lifeEvent",
           count(*)::int AS "members"
      FROM x
      JOIN "Participant" p ON p."id" = x."id"
      JOIN "ConsentState" s ON s."participantId" = p."id"
      LEFT JOIN "ParticipantIdentity" i ON i."participantId" = p."id"
     WHERE (cardinality(${facilityIds}::uuid[]) = 0 OR p."facilityId" = ANY(${facilityIds}::uuid[]))
       AND (${programmeArea}::text IS NULL OR p."programmeArea"::text = ${programmeArea}::text)
     GROUP BY 1, 2, 3, 4, 5, 6, 7`;

  const excluded = Object.fromEntries(audienceExclusionReasons.map((reason) => [reason, 0])) as Record<AudienceExclusionReason, number>;
  let matched = 0;
  const add = (verdict: AudienceVerdict, members: number) => {
    matched += members;
    if (!verdict.included) excluded[verdict.reason] += members;
  };
  const judge = (group: AudienceGroup) => judgeAudienceGroup(group, filters, options).verdict;
  const shapeById = new Map(shapes.map((shape) => [shape.id, shape]));
  const shapeGroup = (shapeId: number, hasEmail: boolean, deliveredAt: Date[] | null): AudienceGroup => {
    const shape = shapeById.get(shapeId);
    if (!shape) throw new Error(`consent shape ${shapeId} is counted but not recorded`);
    // A consent shape does not hold a life event (ADR 143): those with one are exceptions, judged with it below.
    return { ...shape, lifeEvent: null, hasEmail, previous: deliveredAt, ...usualFacts };
  };

  const usual = new Map<string, { shapeId: number; hasEmail: boolean; deliveredAt: Date[] | null; participants: number }>();
  let withoutConsent = 0;
  for (const bucket of buckets) {
    if (bucket.shapeId === null) {
      withoutConsent += bucket.participants;
      continue;
    }
    withoutConsent -= bucket.participants;
    // A history written null and one written empty are the same to the rule: one group.
    const key = groupKey(bucket.shapeId, bucket.hasEmail, bucket.deliveredAt);
    const known = usual.get(key);
    if (known) known.participants += bucket.participants;
    else usual.set(key, { shapeId: bucket.shapeId, hasEmail: bucket.hasEmail, deliveredAt: bucket.deliveredAt, participants: bucket.participants });
  }
  for (const { members, ...exception } of exceptions) {
    const bucket = usual.get(groupKey(exception.shapeId, exception.hasEmail, exception.deliveredAt));
    if (!bucket || bucket.participants < members) throw new Error(`the cohort counts hold fewer participants of consent shape ${exception.shapeId} and its delivery history than its exceptions`);
    bucket.participants -= members;
    add(
      judge({ ...shapeGroup(exception.shapeId, exception.hasEmail, exception.deliveredAt), lifeEvent: exception.lifeEvent, minor: exception.minor, hasActiveProxy: exception.hasActiveProxy, undeliverable: exception.undeliverable }),
      members,
    );
  }
  for (const bucket of usual.values()) if (bucket.participants > 0) add(judge(shapeGroup(bucket.shapeId, bucket.hasEmail, bucket.deliveredAt)), bucket.participants);
  if (withoutConsent < 0) throw new Error("the cohort counts hold more consents than participants");
  if (withoutConsent > 0) add(judge(noConsent), withoutConsent);
  const included = matched - audienceExclusionReasons.reduce((sum, reason) => sum + excluded[reason], 0);
  return { matched, included, excluded };
}
