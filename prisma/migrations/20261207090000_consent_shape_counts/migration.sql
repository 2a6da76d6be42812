-- Issue 30 item 6, ADR 074: the cohort counted by consent shape. A data-access application's counts and a campaign's
-- audience read a few hundred distinct consents with their numbers instead of grouping a million ConsentState rows on
-- their jsonb. Triggers keep the numbers in the transaction of every write that changes them, whoever writes:
--
-- - ConsentState, before each row: its shape id (the shape row added the first time), and on insert the
--   participant's live samples and whether their identity has an email address;
-- - Sample and ParticipantIdentity, after each statement: the participants' ConsentState row is updated
--   (liveSamples, hasEmail) — under that row's lock, so a consent change and a sample or address change of the same
--   participant take turns, and the counts are moved from the rows themselves;
-- - ConsentState and Participant, after each statement: the differences, summed per key, appended to CohortCount.
--   Appending never waits on another writer; a count is the sum of its key's rows; tsunagi_compact_cohort_counts
--   folds them.

CREATE TABLE "ConsentShape" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "status" "ConsentStatus" NOT NULL,
    "choices" JSONB NOT NULL,
    "permittedPurposes" TEXT[],
    "withdrawalLevel" "WithdrawalLevel",
    "interimRule" TEXT,
    "consentedBy" TEXT NOT NULL,

    CONSTRAINT "ConsentShape_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ConsentShape_key_key" ON "ConsentShape"("key");

CREATE TABLE "CohortCount" (
    "id" BIGSERIAL NOT NULL,
    "shapeId" INTEGER,
    "facilityId" UUID NOT NULL,
    "programmeArea" "ProgrammeArea",
    "hasEmail" BOOLEAN NOT NULL DEFAULT false,
    "participants" INTEGER NOT NULL,
    "liveSamples" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CohortCount_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "ConsentState" ADD COLUMN "shapeId" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "liveSamples" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "hasEmail" BOOLEAN NOT NULL DEFAULT false;

CREATE INDEX "ParticipantIdentity_dateOfBirth_idx" ON "ParticipantIdentity"("dateOfBirth");

-- The mail log's undeliverable addresses are kept lowercased; a campaign finds the identities that use one by this.
CREATE INDEX "ParticipantIdentity_lower_email_idx" ON "ParticipantIdentity" (lower("email"));

-- A shape's identity: jsonb prints a value one way whatever order its keys were written in, so equal consents give
-- equal keys (a number written 1 and 1.0 would give two shapes with the same verdict: the sums are unchanged).
CREATE FUNCTION tsunagi_consent_shape_key(s_status "ConsentStatus", s_choices jsonb, s_purposes text[], s_withdrawal "WithdrawalLevel", s_interim text, s_by text)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(s_status, s_choices, s_purposes, s_withdrawal, s_interim, s_by)::text, 'UTF8')), 'hex')
$$;

CREATE FUNCTION tsunagi_consent_shape_id(s_status "ConsentStatus", s_choices jsonb, s_purposes text[], s_withdrawal "WithdrawalLevel", s_interim text, s_by text)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  shape_key constant text := tsunagi_consent_shape_key(s_status, s_choices, s_purposes, s_withdrawal, s_interim, s_by);
  found integer;
BEGIN
  SELECT c."id" INTO found FROM "ConsentShape" c WHERE c."key" = shape_key;
  IF found IS NOT NULL THEN RETURN found; END IF;
  -- A new shape: two transactions adding the same one queue on the unique key, and the second reads the first's.
  INSERT INTO "ConsentShape" ("key", "status", "choices", "permittedPurposes", "withdrawalLevel", "interimRule", "consentedBy")
  VALUES (shape_key, s_status, s_choices, s_purposes, s_withdrawal, s_interim, s_by)
  ON CONFLICT ("key") DO NOTHING
  RETURNING "id" INTO found;
  IF found IS NULL THEN
    SELECT c."id" INTO found FROM "ConsentShape" c WHERE c."key" = shape_key;
  END IF;
  IF found IS NULL THEN
    RAISE EXCEPTION 'consent shape % was added by a transaction this snapshot cannot see', shape_key USING ERRCODE = 'serialization_failure';
  END IF;
  RETURN found;
END;
$$;

CREATE FUNCTION tsunagi_consent_state_shape() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW."shapeId" := tsunagi_consent_shape_id(NEW."status", NEW."choices", NEW."permittedPurposes", NEW."withdrawalLevel", NEW."interimRule", NEW."consentedBy");
    -- The ledger's append is an upsert: when the row exists it becomes an update, which keeps these two, so they
    -- are not counted under the ledger lock for nothing.
    IF NOT EXISTS (SELECT 1 FROM "ConsentState" s WHERE s."participantId" = NEW."participantId") THEN
      NEW."liveSamples" := (SELECT count(*) FROM "Sample" k WHERE k."participantId" = NEW."participantId" AND k."destroyedAt" IS NULL);
      NEW."hasEmail" := coalesce((SELECT i."email" IS NOT NULL AND i."erasedAt" IS NULL FROM "ParticipantIdentity" i WHERE i."participantId" = NEW."participantId"), false);
    END IF;
  ELSIF ROW(NEW."status", NEW."choices", NEW."permittedPurposes", NEW."withdrawalLevel", NEW."interimRule", NEW."consentedBy")
        IS DISTINCT FROM ROW(OLD."status", OLD."choices", OLD."permittedPurposes", OLD."withdrawalLevel", OLD."interimRule", OLD."consentedBy") THEN
    NEW."shapeId" := tsunagi_consent_shape_id(NEW."status", NEW."choices", NEW."permittedPurposes", NEW."withdrawalLevel", NEW."interimRule", NEW."consentedBy");
  ELSE
    NEW."shapeId" := OLD."shapeId";
  END IF;
  -- Only the Sample and ParticipantIdentity triggers (one level down) change the copied columns.
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() = 1 THEN
    NEW."liveSamples" := OLD."liveSamples";
    NEW."hasEmail" := OLD."hasEmail";
  END IF;
  RETURN NEW;
END;
$$;

-- The differences a ConsentState statement made, per key: +1 and the live samples for each row after, −1 and the
-- live samples for each row before. A row whose shape, address and samples did not change adds nothing.
CREATE FUNCTION tsunagi_cohort_count_consent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "hasEmail", "participants", "liveSamples")
    SELECT n."shapeId", p."facilityId", p."programmeArea", n."hasEmail", count(*)::int, sum(n."liveSamples")::int
      FROM new_rows n JOIN "Participant" p ON p."id" = n."participantId"
     GROUP BY 1, 2, 3, 4;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "hasEmail", "participants", "liveSamples")
    SELECT o."shapeId", p."facilityId", p."programmeArea", o."hasEmail", -count(*)::int, -sum(o."liveSamples")::int
      FROM old_rows o JOIN "Participant" p ON p."id" = o."participantId"
     GROUP BY 1, 2, 3, 4;
  ELSE
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "hasEmail", "participants", "liveSamples")
    SELECT d."shapeId", p."facilityId", p."programmeArea", d."hasEmail", sum(d.n)::int, sum(d.samples)::int
      FROM (SELECT n."participantId", n."shapeId", n."hasEmail", 1 AS n, n."liveSamples" AS samples FROM new_rows n
            UNION ALL
            SELECT o."participantId", o."shapeId", o."hasEmail", -1, -o."liveSamples" FROM old_rows o) d
      JOIN "Participant" p ON p."id" = d."participantId"
     GROUP BY 1, 2, 3, 4
    HAVING sum(d.n) <> 0 OR sum(d.samples) <> 0;
  END IF;
  RETURN NULL;
END;
$$;

-- Samples registered, destroyed or removed: each participant's live samples on their ConsentState row (none before
-- the first consent: the row's insert counts them then).
CREATE FUNCTION tsunagi_cohort_count_samples() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "ConsentState" s SET "liveSamples" = s."liveSamples" + d.n
      FROM (SELECT n."participantId", count(*)::int AS n FROM new_rows n WHERE n."destroyedAt" IS NULL GROUP BY 1) d
     WHERE s."participantId" = d."participantId";
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "ConsentState" s SET "liveSamples" = s."liveSamples" - d.n
      FROM (SELECT o."participantId", count(*)::int AS n FROM old_rows o WHERE o."destroyedAt" IS NULL GROUP BY 1) d
     WHERE s."participantId" = d."participantId";
  ELSE
    UPDATE "ConsentState" s SET "liveSamples" = s."liveSamples" + d.n
      FROM (SELECT x."participantId", sum(x.n)::int AS n
              FROM (SELECT n."participantId", 1 AS n FROM new_rows n WHERE n."destroyedAt" IS NULL
                    UNION ALL
                    SELECT o."participantId", -1 FROM old_rows o WHERE o."destroyedAt" IS NULL) x
             GROUP BY 1 HAVING sum(x.n) <> 0) d
     WHERE s."participantId" = d."participantId";
  END IF;
  RETURN NULL;
END;
$$;

-- An identity's email address added, changed, erased or removed: hasEmail on the participant's ConsentState row.
CREATE FUNCTION tsunagi_cohort_count_identity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE "ConsentState" s SET "hasEmail" = false
      FROM old_rows o WHERE s."participantId" = o."participantId" AND s."hasEmail";
  ELSE
    UPDATE "ConsentState" s SET "hasEmail" = (n."email" IS NOT NULL AND n."erasedAt" IS NULL)
      FROM new_rows n WHERE s."participantId" = n."participantId" AND s."hasEmail" IS DISTINCT FROM (n."email" IS NOT NULL AND n."erasedAt" IS NULL);
  END IF;
  RETURN NULL;
END;
$$;

-- Participants per facility and area (shapeId null), with or without consent. A participant moved to another
-- facility or area moves their consent's counts too: their ConsentState row is locked first, so a consent change
-- of theirs either finished before (and is read here) or waits and reads the new facility.
CREATE FUNCTION tsunagi_cohort_count_participants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "participants")
    SELECT NULL, n."facilityId", n."programmeArea", count(*)::int FROM new_rows n GROUP BY 2, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "participants")
    SELECT NULL, o."facilityId", o."programmeArea", -count(*)::int FROM old_rows o GROUP BY 2, 3;
  ELSE
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "hasEmail", "participants", "liveSamples")
    WITH moved AS (
      SELECT n."id", n."facilityId" AS "toFacility", n."programmeArea" AS "toArea", o."facilityId" AS "fromFacility", o."programmeArea" AS "fromArea"
        FROM new_rows n JOIN old_rows o ON o."id" = n."id"
       WHERE (n."facilityId", n."programmeArea") IS DISTINCT FROM (o."facilityId", o."programmeArea")
    ), states AS (
      SELECT s."participantId", s."shapeId", s."hasEmail", s."liveSamples" FROM "ConsentState" s JOIN moved m ON m."id" = s."participantId"
       ORDER BY s."participantId" FOR NO KEY UPDATE OF s
    )
    SELECT d."shapeId", d."facilityId", d."programmeArea", d."hasEmail", sum(d.n)::int, sum(d.samples)::int
      FROM (SELECT NULL::integer AS "shapeId", m."toFacility" AS "facilityId", m."toArea" AS "programmeArea", false AS "hasEmail", 1 AS n, 0 AS samples FROM moved m
            UNION ALL SELECT NULL, m."fromFacility", m."fromArea", false, -1, 0 FROM moved m
            UNION ALL SELECT s."shapeId", m."toFacility", m."toArea", s."hasEmail", 1, s."liveSamples" FROM states s JOIN moved m ON m."id" = s."participantId"
            UNION ALL SELECT s."shapeId", m."fromFacility", m."fromArea", s."hasEmail", -1, -s."liveSamples" FROM states s JOIN moved m ON m."id" = s."participantId") d
     GROUP BY 1, 2, 3, 4
    HAVING sum(d.n) <> 0 OR sum(d.samples) <> 0;
  END IF;
  RETURN NULL;
END;
$$;

-- Each key's rows folded into one (a key that sums to nothing disappears). Only rows this statement deleted are
-- re-added, so two compactions at once, or one beside the triggers' appends, never count a row twice or lose one;
-- any snapshot sees the same sums before and after.
CREATE FUNCTION tsunagi_compact_cohort_counts() RETURNS integer LANGUAGE sql AS $$
  WITH repeated AS (
    SELECT c."shapeId", c."facilityId", c."programmeArea", c."hasEmail" FROM "CohortCount" c GROUP BY 1, 2, 3, 4 HAVING count(*) > 1
  ), gone AS (
    DELETE FROM "CohortCount" c USING repeated r
     WHERE c."shapeId" IS NOT DISTINCT FROM r."shapeId" AND c."facilityId" = r."facilityId"
       AND c."programmeArea" IS NOT DISTINCT FROM r."programmeArea" AND c."hasEmail" = r."hasEmail"
    RETURNING c.*
  ), folded AS (
    INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "hasEmail", "participants", "liveSamples")
    SELECT g."shapeId", g."facilityId", g."programmeArea", g."hasEmail", sum(g."participants")::int, sum(g."liveSamples")::int
      FROM gone g GROUP BY 1, 2, 3, 4 HAVING sum(g."participants") <> 0 OR sum(g."liveSamples") <> 0
    RETURNING 1
  )
  SELECT count(*)::int FROM gone;
$$;

-- The rows already there, counted once; the triggers below exist only from here on. Run with the app stopped, as every
-- migration is: a write between these statements would not be counted.
INSERT INTO "ConsentShape" ("key", "status", "choices", "permittedPurposes", "withdrawalLevel", "interimRule", "consentedBy")
SELECT DISTINCT ON (k."key") k."key", s."status", s."choices", s."permittedPurposes", s."withdrawalLevel", s."interimRule", s."consentedBy"
  FROM "ConsentState" s
  CROSS JOIN LATERAL (SELECT tsunagi_consent_shape_key(s."status", s."choices", s."permittedPurposes", s."withdrawalLevel", s."interimRule", s."consentedBy") AS "key") k
 ORDER BY k."key", s."participantId";

UPDATE "ConsentState" s
   SET "shapeId" = c."id",
       "liveSamples" = coalesce((SELECT count(*) FROM "Sample" k WHERE k."participantId" = s."participantId" AND k."destroyedAt" IS NULL), 0),
       "hasEmail" = coalesce((SELECT i."email" IS NOT NULL AND i."erasedAt" IS NULL FROM "ParticipantIdentity" i WHERE i."participantId" = s."participantId"), false)
  FROM "ConsentShape" c
 WHERE c."key" = tsunagi_consent_shape_key(s."status", s."choices", s."permittedPurposes", s."withdrawalLevel", s."interimRule", s."consentedBy");

INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "hasEmail", "participants", "liveSamples")
SELECT s."shapeId", p."facilityId", p."programmeArea", s."hasEmail", count(*)::int, sum(s."liveSamples")::int
  FROM "ConsentState" s JOIN "Participant" p ON p."id" = s."participantId"
 GROUP BY 1, 2, 3, 4;

INSERT INTO "CohortCount" ("shapeId", "facilityId", "programmeArea", "participants")
SELECT NULL, p."facilityId", p."programmeArea", count(*)::int FROM "Participant" p GROUP BY 2, 3;

-- The triggers, from here on (created after the backfill, which must not run them).
CREATE TRIGGER consent_state_shape BEFORE INSERT OR UPDATE ON "ConsentState" FOR EACH ROW EXECUTE FUNCTION tsunagi_consent_state_shape();
CREATE TRIGGER consent_state_counted_insert AFTER INSERT ON "ConsentState" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_consent();
CREATE TRIGGER consent_state_counted_update AFTER UPDATE ON "ConsentState" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_consent();
CREATE TRIGGER consent_state_counted_delete AFTER DELETE ON "ConsentState" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_consent();
CREATE TRIGGER sample_counted_insert AFTER INSERT ON "Sample" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_samples();
CREATE TRIGGER sample_counted_update AFTER UPDATE ON "Sample" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_samples();
CREATE TRIGGER sample_counted_delete AFTER DELETE ON "Sample" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_samples();
CREATE TRIGGER identity_counted_insert AFTER INSERT ON "ParticipantIdentity" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_identity();
CREATE TRIGGER identity_counted_update AFTER UPDATE ON "ParticipantIdentity" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_identity();
CREATE TRIGGER identity_counted_delete AFTER DELETE ON "ParticipantIdentity" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_identity();
CREATE TRIGGER participant_counted_insert AFTER INSERT ON "Participant" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_participants();
CREATE TRIGGER participant_counted_update AFTER UPDATE ON "Participant" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_participants();
CREATE TRIGGER participant_counted_delete AFTER DELETE ON "Participant" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_cohort_count_participants();
