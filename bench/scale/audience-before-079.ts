import type { Database, Transaction } from "../../app/db.server";
import { Prisma } from "../../app/generated/prisma/client";
import { audienceExclusionReasons, type AudienceExclusionReason, type AudienceVerdict } from "../../app/domain/recontact/audience-verdict";
import {
  decideCampaignAudience,
  judgeAudienceGroup,
  type AudienceGroup,
  type CampaignAudienceCounts,
  type CampaignFilters,
  type UndeliverableCondition,
} from "../../app/domain/recontact/campaign-audience.server";

/**
 * ADR 074's preview, kept only so the scale bench can time it beside ADR 079's on the same database: each (shape,
 * email) judged once, then every participant with an earlier delivery read as an exception (their deliveries
 * aggregated one by one). Not used by the app; the app's is app/domain/recontact/count-campaign-audience.server.ts.
 */

interface BucketRow {
  shapeId: number | null;
  hasEmail: boolean;
  participants: number;
}

interface ShapeRow {
  id: number;
  status: NonNullable<AudienceGroup["status"]>;
  choices: NonNullable<AudienceGroup["choices"]>;
  permittedPurposes: string[] | null;
  withdrawalLevel: AudienceGroup["withdrawalLevel"];
  interimRule: string | null;
  consentedBy: string;
}

interface ExceptionRow {
  shapeId: number;
  hasEmail: boolean;
  minor: boolean;
  hasActiveProxy: boolean;
  undeliverable: boolean;
  previous: (Date | string)[] | null;
  members: number;
}

const usualFacts = { minor: false, hasActiveProxy: false, undeliverable: false, previous: null } as const;
const noConsent: AudienceGroup = { status: null, choices: null, permittedPurposes: null, withdrawalLevel: null, interimRule: null, lifeEvent: null, consentedBy: null, hasEmail: false, ...usualFacts };

export async function countCampaignAudienceBefore079(
  db: Database | Transaction,
  filters: CampaignFilters,
  options: { now: Date; asNeededCap: number; undeliverable: UndeliverableCondition },
): Promise<CampaignAudienceCounts> {
  if (filters.enrolmentAgeMin !== null || filters.enrolmentAgeMax !== null) {
    return (await decideCampaignAudience(db, filters, "matching", { ...options, withRecipients: false })).counts;
  }
  const { facilityIds, programmeArea } = filters;
  const buckets = await db.$queryRaw<BucketRow[]>`
    SELECT n."shapeId", n."hasEmail", sum(n."participants")::int AS "participants"
      FROM "CohortCount" n
     WHERE (cardinality(${facilityIds}::uuid[]) = 0 OR n."facilityId" = ANY(${facilityIds}::uuid[]))
       AND (${programmeArea}::text IS NULL OR n."programmeArea"::text = ${programmeArea}::text)
     GROUP BY 1, 2
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
      UNION SELECT r."participantId" FROM "RecontactDelivery" r
    )
    SELECT s."shapeId", s."hasEmail",
           coalesce(i."dateOfBirth" > ${adultBornBy}, false) AS "minor",
           EXISTS (SELECT 1 FROM "ProxyAssignment" a WHERE a."participantId" = p."id" AND a."endedAt" IS NULL) AS "hasActiveProxy",
           coalesce(p."id" IN (${options.undeliverable}), false) AS "undeliverable",
           (SELECT array_agg(d."claimedAt" ORDER BY d."claimedAt") FROM "RecontactDelivery" d WHERE d."participantId" = p."id") AS "previous",
           count(*)::int AS "members"
      FROM x
      JOIN "Participant" p ON p."id" = x."id"
      JOIN "ConsentState" s ON s."participantId" = p."id"
      LEFT JOIN "ParticipantIdentity" i ON i."participantId" = p."id"
     WHERE (cardinality(${facilityIds}::uuid[]) = 0 OR p."facilityId" = ANY(${facilityIds}::uuid[]))
       AND (${programmeArea}::text IS NULL OR p."programmeArea"::text = ${programmeArea}::text)
     GROUP BY 1, 2, 3, 4, 5, 6`;

  const excluded = Object.fromEntries(audienceExclusionReasons.map((reason) => [reason, 0])) as Record<AudienceExclusionReason, number>;
  let matched = 0;
  const add = (verdict: AudienceVerdict, members: number) => {
    matched += members;
    if (!verdict.included) excluded[verdict.reason] += members;
  };
  const judge = (group: AudienceGroup) => judgeAudienceGroup(group, filters, options).verdict;
  const shapeById = new Map(shapes.map((shape) => [shape.id, shape]));
  const shapeGroup = (shapeId: number, hasEmail: boolean): AudienceGroup => {
    const shape = shapeById.get(shapeId);
    if (!shape) throw new Error(`consent shape ${shapeId} is counted but not recorded`);
    return { ...shape, lifeEvent: null, hasEmail, ...usualFacts };
  };

  const usual = new Map<string, { shapeId: number; hasEmail: boolean; participants: number }>();
  let withoutConsent = 0;
  for (const bucket of buckets) {
    if (bucket.shapeId === null) {
      withoutConsent += bucket.participants;
      continue;
    }
    withoutConsent -= bucket.participants;
    usual.set(`${bucket.shapeId}:${bucket.hasEmail}`, { shapeId: bucket.shapeId, hasEmail: bucket.hasEmail, participants: bucket.participants });
  }
  for (const exception of exceptions) {
    const bucket = usual.get(`${exception.shapeId}:${exception.hasEmail}`);
    if (!bucket || bucket.participants < exception.members) throw new Error(`the cohort counts hold fewer participants of consent shape ${exception.shapeId} than its exceptions`);
    bucket.participants -= exception.members;
    add(judge({ ...shapeGroup(exception.shapeId, exception.hasEmail), ...exception }), exception.members);
  }
  for (const bucket of usual.values()) if (bucket.participants > 0) add(judge(shapeGroup(bucket.shapeId, bucket.hasEmail)), bucket.participants);
  if (withoutConsent < 0) throw new Error("the cohort counts hold more consents than participants");
  if (withoutConsent > 0) add(judge(noConsent), withoutConsent);
  const included = matched - audienceExclusionReasons.reduce((sum, reason) => sum + excluded[reason], 0);
  return { matched, included, excluded };
}
