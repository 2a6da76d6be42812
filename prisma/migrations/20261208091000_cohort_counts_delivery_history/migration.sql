-- Issue 30 item 6, ADR 079: a campaign's audience over a national cohort without reading each earlier delivery. The
-- frequency allowance reads, of a participant's RecontactDelivery rows, only when each was claimed; that list is kept
-- on their ConsentState row ("deliveredAt", in order) and is part of CohortCount's key, so the preview asks the rule
-- once per (consent shape, email on file, delivery history) however many participants were contacted before. A
-- campaign's deliveries share the claim's instant, so the distinct histories are the combinations of campaigns a
-- participant received, not the participants.
--
-- - RecontactDelivery, after each statement: the participants' ConsentState row gets the claimed instants added or
--   removed (computed on the row as it is when updated, under its lock, as the sample counts are);
-- - ConsentState, before each row: on its first insert, the instants of the deliveries already there;
-- - the ConsentState and Participant counting triggers, and the fold, carry the history as part of the key.

ALTER TABLE "CohortCount" ADD COLUMN     "deliveredAt" TIMESTAMPTZ(3)[] DEFAULT ARRAY[]::TIMESTAMPTZ(3)[];

ALTER TABLE "ConsentState" ADD COLUMN     "deliveredAt" TIMESTAMPTZ(3)[] DEFAULT ARRAY[]::TIMESTAMPTZ(3)[];

-- A history with some instants added and some removed (each removed once: two deliveries may share an instant), in
-- order; empty, never null, when none is left, so that equal histories are one key.
CREATE FUNCTION tsunagi_delivered_after(delivered timestamptz[], added timestamptz[], removed timestamptz[])
RETURNS timestamptz[] LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(c.at ORDER BY c.at), '{}')
    FROM (SELECT d.at, sum(d.n)::int AS n
            FROM (SELECT unnest(coalesce(delivered, '{}')) AS at, 1 AS n
                  UNION ALL SELECT unnest(coalesce(added, '{}')), 1
                  UNION ALL SELECT unnest(coalesce(removed, '{}')), -1) d
           GROUP BY d.at) c
   CROSS JOIN LATERAL generate_series(1, c.n)
$$;

CREATE OR REPLACE FUNCTION tsunagi_consent_state_shape() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW."shapeId" := tsunagi_consent_shape_id(NEW."status", NEW."choices", NEW."permittedPurposes", NEW."withdrawalLevel", NEW."interimRule", NEW."consentedBy");
    -- The ledger's append is an upsert: when the row exists it becomes an update, which keeps these, so they are
    -- not counted under the ledger lock for nothing.
    IF NOT EXISTS (SELECT 1 FROM "ConsentState" s WHERE s."participantId" = NEW."participantId") THEN
      NEW."liveSamples" := (SELECT count(*) FROM "Sample" k WHERE k."participantId" = NEW."participantId" AND k."destroyedAt" IS NULL);
      NEW."hasEmail" := coalesce((SELECT i."email" IS NOT NULL AND i."erasedAt" IS NULL FROM "ParticipantIdentity" i WHERE i."participantId" = NEW."participantId"), false);
      NEW."deliveredAt" := (SELECT coalesce(array_agg(r."claimedAt" ORDER BY r."claimedAt"), '{}') FROM "RecontactDelivery" r WHERE r."participantId" = NEW."participantId");
    END IF;
  ELSIF ROW(NEW."status", NEW."choices", NEW."permittedPurposes", NEW."withdrawalLevel", NEW."interimRule", NEW."consentedBy")
        IS DISTINCT FROM ROW(OLD."status", OLD."choices", OLD."permittedPurposes", OLD."withdrawalLevel", OLD."interimRule", OLD."consentedBy") THEN
    NEW."shapeId" := tsunagi_consent_shape_id(NEW."status", NEW."choices", NEW."permittedPurposes", NEW."withdrawalLevel", NEW."interimRule", NEW."consentedBy");
  ELSE
    NEW."shapeId" := OLD."shapeId";
  END IF;
  -- Only the Sample, ParticipantIdentity and RecontactDelivery triggers (one level down) change the copied columns.
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() = 1 THEN
    NEW."liveSamples" := OLD."liveSamples";
    NEW."hasEmail" := OLD."hasEmail";
    NEW."deliveredAt" := OLD."deliveredAt";
  END IF;
  RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION tsunagi_cohort_count_consent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "hasEmail", "deliveredAt", "participants", "liveSamples")
    SELECT n."shapeId", p."facilityId", p."programmeArea", n."hasEmail", n."deliveredAt", count(*)::int, sum(n."liveSamples")::int
      FROM new_rows n JOIN "Participant" p ON p."id" = n."participantId"
     GROUP BY 1, 2, 3, 4, 5;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "hasEmail", "deliveredAt", "participants", "liveSamples")
    SELECT o."shapeId", p."facilityId", p."programmeArea", o."hasEmail", o."deliveredAt", -count(*)::int, -sum(o."liveSamples")::int
      FROM old_rows o JOIN "Participant" p ON p."id" = o."participantId"
     GROUP BY 1, 2, 3, 4, 5;
  ELSE
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "hasEmail", "deliveredAt", "participants", "liveSamples")
    SELECT d."shapeId", p."facilityId", p."programmeArea", d."hasEmail", d."deliveredAt", sum(d.n)::int, sum(d.samples)::int
      FROM (SELECT n."participantId", n."shapeId", n."hasEmail", n."deliveredAt", 1 AS n, n."liveSamples" AS samples FROM new_rows n
            UNION ALL
            SELECT o."participantId", o."shapeId", o."hasEmail", o."deliveredAt", -1, -o."liveSamples" FROM old_rows o) d
      JOIN "Participant" p ON p."id" = d."participantId"
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(d.n) <> 0 OR sum(d.samples) <> 0;
  END IF;
  RETURN NULL;
END;
$$;

-- Deliveries claimed, removed, or moved to another participant or instant: each participant's history on their
-- ConsentState row (none before the first consent: the row's insert reads them then). Updates that change neither —
-- sending, printing, answers, withholding — touch no ConsentState row: the allowance counts every claimed message.
CREATE FUNCTION tsunagi_cohort_count_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "ConsentState" s SET "deliveredAt" = tsunagi_delivered_after(s."deliveredAt", d.added, NULL)
      FROM (SELECT n."participantId", array_agg(n."claimedAt") AS added FROM new_rows n GROUP BY 1) d
     WHERE s."participantId" = d."participantId";
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "ConsentState" s SET "deliveredAt" = tsunagi_delivered_after(s."deliveredAt", NULL, d.removed)
      FROM (SELECT o."participantId", array_agg(o."claimedAt") AS removed FROM old_rows o GROUP BY 1) d
     WHERE s."participantId" = d."participantId";
  ELSE
    UPDATE "ConsentState" s SET "deliveredAt" = tsunagi_delivered_after(s."deliveredAt", d.added, d.removed)
      FROM (SELECT x."participantId", array_agg(x.at) FILTER (WHERE x.n > 0) AS added, array_agg(x.at) FILTER (WHERE x.n < 0) AS removed
              FROM (SELECT n."participantId", n."claimedAt" AS at, 1 AS n FROM new_rows n JOIN old_rows o ON o."id" = n."id"
                     WHERE (n."participantId", n."claimedAt") IS DISTINCT FROM (o."participantId", o."claimedAt")
                    UNION ALL
                    SELECT o."participantId", o."claimedAt", -1 FROM old_rows o JOIN new_rows n ON n."id" = o."id"
                     WHERE (n."participantId", n."claimedAt") IS DISTINCT FROM (o."participantId", o."claimedAt")) x
             GROUP BY 1) d
     WHERE s."participantId" = d."participantId";
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION tsunagi_cohort_count_participants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "participants")
    SELECT NULL, n."facilityId", n."programmeArea", count(*)::int FROM new_rows n GROUP BY 2, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "participants")
    SELECT NULL, o."facilityId", o."programmeArea", -count(*)::int FROM old_rows o GROUP BY 2, 3;
  ELSE
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "hasEmail", "deliveredAt", "participants", "liveSamples")
    WITH moved AS (
      SELECT n."id", n."facilityId" AS "toFacility", n."programmeArea" AS "toArea", o."facilityId" AS "fromFacility", o."programmeArea" AS "fromArea"
        FROM new_rows n JOIN old_rows o ON o."id" = n."id"
       WHERE (n."facilityId", n."programmeArea") IS DISTINCT FROM (o."facilityId", o."programmeArea")
    ), states AS (
      SELECT s."participantId", s."shapeId", s."hasEmail", s."deliveredAt", s."liveSamples" FROM "ConsentState" s JOIN moved m ON m."id" = s."participantId"
       ORDER BY s."participantId" FOR NO KEY UPDATE OF s
    )
    SELECT d."shapeId", d."facilityId", d."programmeArea", d."hasEmail", d."deliveredAt", sum(d.n)::int, sum(d.samples)::int
      FROM (SELECT NULL::integer AS "shapeId", m."toFacility" AS "facilityId", m."toArea" AS "programmeArea", false AS "hasEmail", '{}'::timestamptz[] AS "deliveredAt", 1 AS n, 0 AS samples FROM moved m
            UNION ALL SELECT NULL, m."fromFacility", m."fromArea", false, '{}', -1, 0 FROM moved m
            UNION ALL SELECT s."shapeId", m."toFacility", m."toArea", s."hasEmail", s."deliveredAt", 1, s."liveSamples" FROM states s JOIN moved m ON m."id" = s."participantId"
            UNION ALL SELECT s."shapeId", m."fromFacility", m."fromArea", s."hasEmail", s."deliveredAt", -1, -s."liveSamples" FROM states s JOIN moved m ON m."id" = s."participantId") d
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(d.n) <> 0 OR sum(d.samples) <> 0;
  END IF;
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION tsunagi_compact_cohort_counts() RETURNS integer LANGUAGE sql AS $$
  WITH repeated AS (
    SELECT c."shapeId", c."facilityId", c."programmeArea", c."hasEmail", c."deliveredAt" FROM "CohortCount" c GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1
  ), gone AS (
    DELETE FROM "CohortCount" c USING repeated r
     WHERE c."shapeId" IS NOT DISTINCT FROM r."shapeId" AND c."facilityId" = r."facilityId"
       AND c."programmeArea" IS NOT DISTINCT FROM r."programmeArea" AND c."hasEmail" = r."hasEmail"
       AND c."deliveredAt" IS NOT DISTINCT FROM r."deliveredAt"
    RETURNING c.*
  ), folded AS (
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "hasEmail", "deliveredAt", "participants", "liveSamples")
    SELECT g."shapeId", g."facilityId", g."programmeArea", g."hasEmail", g."deliveredAt", sum(g."participants")::int, sum(g."liveSamples")::int
      FROM gone g GROUP BY 1, 2, 3, 4, 5 HAVING sum(g."participants") <> 0 OR sum(g."liveSamples") <> 0
    RETURNING 1
  )
  SELECT count(*)::int FROM gone;
$$;

-- The deliveries already there, once, and the consent counts again with them in the key. Run with the app stopped,
-- as every migration is; the ConsentState triggers are off meanwhile (the backfill sets a column they keep, and the
-- counts are rebuilt whole).
ALTER TABLE "ConsentState" DISABLE TRIGGER consent_state_shape, DISABLE TRIGGER consent_state_counted_update;
UPDATE "ConsentState" s SET "deliveredAt" = r."deliveredAt"
  FROM (SELECT "participantId", array_agg("claimedAt" ORDER BY "claimedAt") AS "deliveredAt" FROM "RecontactDelivery" GROUP BY 1) r
 WHERE r."participantId" = s."participantId";
ALTER TABLE "ConsentState" ENABLE TRIGGER consent_state_shape, ENABLE TRIGGER consent_state_counted_update;

DELETE FROM "CohortCount" WHERE "shapeId" IS NOT NULL;
INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "hasEmail", "deliveredAt", "participants", "liveSamples")
SELECT s."shapeId", p."facilityId", p."programmeArea", s."hasEmail", s."deliveredAt", count(*)::int, sum(s."liveSamples")::int
  FROM "ConsentState" s JOIN "Participant" p ON p."id" = s."participantId"
 GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER recontact_delivery_counted_insert AFTER INSERT ON "RecontactDelivery" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_deliveries();
CREATE TRIGGER recontact_delivery_counted_update AFTER UPDATE ON "RecontactDelivery" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_deliveries();
CREATE TRIGGER recontact_delivery_counted_delete AFTER DELETE ON "RecontactDelivery" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_deliveries();
