-- The bridge's decision log, partitioned by month (issue 17 item 5; ADR 053). A row per decision — thousands a second
-- at peak — grows without bound; a month's partition can be summarised and dropped whole, where a DELETE of billions
-- of rows could not. Months are UTC months, so a partition's bounds are never ambiguous; the summaries kept forever
-- count by Japan-time month, as every page that shows them does.

-- The app's view of it is remade over the new table below (bridge_export.decision_tally).
DROP VIEW bridge_export.decision;

ALTER TABLE bridge.decision_log RENAME TO decision_log_before_partitioning;
ALTER TABLE bridge.decision_log_before_partitioning RENAME CONSTRAINT decision_log_pkey TO decision_log_before_partitioning_pkey;
ALTER INDEX bridge.decision_log_subject_idx RENAME TO decision_log_before_partitioning_subject_idx;

CREATE TABLE bridge.decision_log (
    id              BIGINT NOT NULL DEFAULT nextval('bridge.decision_log_id_seq'),
    request_id      UUID NOT NULL,
    client_id       TEXT,
    subject         TEXT NOT NULL,
    action          TEXT NOT NULL,
    purpose         TEXT,
    recipient       TEXT,
    allowed         BOOLEAN NOT NULL,
    reason          TEXT NOT NULL,
    pseudonym       TEXT,
    consent_version INTEGER,
    event_id        UUID,
    evaluated_at    TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT decision_log_pkey PRIMARY KEY (id, evaluated_at)
) PARTITION BY RANGE (evaluated_at);
ALTER SEQUENCE bridge.decision_log_id_seq OWNED BY bridge.decision_log.id;
CREATE INDEX decision_log_subject_idx ON bridge.decision_log (subject, evaluated_at);

-- Rows of a month that has no partition yet land here rather than fail the bridge's write (which would deny every
-- decision): making that month's partition moves them out. Normally empty: the bridge and the daily job make each
-- month's partition months ahead.
CREATE TABLE bridge.decision_log_default PARTITION OF bridge.decision_log DEFAULT;

-- What is kept when a month's rows go: one row per Japan-time month, subject, client, action, purpose, recipient and
-- answer, with how many decisions it stands for — enough for the participant's "who used my data", the public figures
-- and an auditor's "which client asked about this sample, for what, that month", for as long as the programme runs.
CREATE TABLE bridge.decision_summary (
    month_jst          TEXT NOT NULL CHECK (month_jst ~ '^[0-9]{4}-[0-9]{2}$'),
    subject            TEXT NOT NULL,
    client_id          TEXT,
    action             TEXT NOT NULL,
    purpose            TEXT,
    recipient          TEXT,
    allowed            BOOLEAN NOT NULL,
    reason             TEXT NOT NULL,
    decisions          BIGINT NOT NULL CHECK (decisions > 0),
    first_evaluated_at TIMESTAMPTZ(3) NOT NULL,
    last_evaluated_at  TIMESTAMPTZ(3) NOT NULL,
    from_partition     TEXT NOT NULL
);
CREATE INDEX decision_summary_subject_idx ON bridge.decision_summary (subject, month_jst);

-- Each month retired: when, how many rows it held and how many summary rows stand for them.
CREATE TABLE bridge.decision_log_retired (
    partition_name  TEXT PRIMARY KEY,
    month_start     TIMESTAMPTZ(3) NOT NULL,
    month_end       TIMESTAMPTZ(3) NOT NULL,
    rows_retired    BIGINT NOT NULL,
    summary_rows    BIGINT NOT NULL,
    retired_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- The bridge may add to its record, never change it: it writes through the parent (whose grants PostgreSQL checks
-- for every routed row) and is granted nothing on the partitions themselves, so none can be altered or emptied
-- directly either.
GRANT SELECT, INSERT ON bridge.decision_log TO tsunagi_bridge;
GRANT SELECT ON bridge.decision_summary, bridge.decision_log_retired TO tsunagi_bridge;

-- A month's partition is named for its UTC month: decision_log_y2026m11 holds [2026-11-01, 2026-12-01) UTC.
CREATE FUNCTION bridge.decision_log_partition_name(month_in timestamptz)
RETURNS text
LANGUAGE sql
IMMUTABLE
AS $$ SELECT 'decision_log_y' || to_char(month_in AT TIME ZONE 'UTC', 'YYYY') || 'm' || to_char(month_in AT TIME ZONE 'UTC', 'MM') $$;

-- The partition for the UTC month holding `month_in`, made if missing, with any rows of that month the default
-- partition caught moved into it (so a late partition loses nothing). Returns its name. A retired month is never made
-- again: its rows are summaries now.
CREATE FUNCTION bridge.ensure_decision_log_partition(month_in timestamptz)
RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = bridge, pg_temp
-- Month bounds and the text of ATTACH's bounds must not follow the caller's time zone or date style.
SET TimeZone = 'UTC'
SET DateStyle = 'ISO'
AS $$
DECLARE
  month_start timestamptz := date_trunc('month', month_in AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  month_end   timestamptz := (date_trunc('month', month_in AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
  name        text := bridge.decision_log_partition_name(month_in);
BEGIN
  IF to_regclass(format('bridge.%I', name)) IS NOT NULL THEN
    RETURN name;
  END IF;
  -- Two callers at once (the bridge at start, the daily job): one makes it, the other finds it — by a query of
  -- pg_class, whose fresh snapshot sees the first one's commit (to_regclass's cache might not yet).
  PERFORM pg_advisory_xact_lock(hashtext('tsunagi.decision_log_partitions'));
  IF EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = 'bridge'::regnamespace AND c.relname = name) THEN
    RETURN name;
  END IF;
  IF EXISTS (SELECT 1 FROM bridge.decision_log_retired r WHERE r.partition_name = name) THEN
    RAISE EXCEPTION 'the decision log''s month % was retired (ADR 053); it is not made again', name;
  END IF;
  EXECUTE format('CREATE TABLE bridge.%I (LIKE bridge.decision_log INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
  EXECUTE format(
    'WITH moved AS (DELETE FROM bridge.decision_log_default WHERE evaluated_at >= $1 AND evaluated_at < $2 RETURNING *) INSERT INTO bridge.%I SELECT * FROM moved',
    name) USING month_start, month_end;
  EXECUTE format('ALTER TABLE bridge.decision_log ATTACH PARTITION bridge.%I FOR VALUES FROM (%L) TO (%L)', name, month_start, month_end);
  EXECUTE format('REVOKE ALL ON bridge.%I FROM PUBLIC', name);
  RETURN name;
END
$$;

-- This month and the next `months_ahead` (0–12; by default three, a quarter's margin whoever calls), so a month's rows
-- never wait in the default partition. Returns the names of the partitions it made.
CREATE FUNCTION bridge.ensure_decision_log_partitions(months_ahead integer DEFAULT 3)
RETURNS text[]
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = bridge, pg_temp
-- Month bounds and the text of ATTACH's bounds must not follow the caller's time zone or date style.
SET TimeZone = 'UTC'
SET DateStyle = 'ISO'
AS $$
DECLARE
  made text[] := '{}';
  month timestamptz;
BEGIN
  IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 12 THEN
    RAISE EXCEPTION 'months_ahead must be 0 to 12, not %', months_ahead;
  END IF;
  FOR step IN 0..months_ahead LOOP
    month := (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => step)) AT TIME ZONE 'UTC';
    IF to_regclass(format('bridge.%I', bridge.decision_log_partition_name(month))) IS NULL THEN
      made := made || bridge.ensure_decision_log_partition(month);
    END IF;
  END LOOP;
  RETURN made;
END
$$;

-- Retires every month whose end is more than `retention_months` whole months before this month began: its rows are
-- summarised into bridge.decision_summary, the month is recorded in bridge.decision_log_retired, and the partition is
-- dropped — all in this one transaction. Rows that old in the default partition are summarised and removed the same
-- way. The retention may not be under 36 months, whoever calls: the three-year records of provision to third parties
-- (個人情報保護法 第29条, 施行規則 第21条) must survive any setting (ADR 053).
CREATE FUNCTION bridge.retire_decision_log_months(retention_months integer)
RETURNS TABLE (partition_name text, rows_retired bigint, summary_rows bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = bridge, pg_temp
-- Month bounds and the text of ATTACH's bounds must not follow the caller's time zone or date style.
SET TimeZone = 'UTC'
SET DateStyle = 'ISO'
AS $$
DECLARE
  cutoff timestamptz;
  part record;
  lo timestamptz;
  hi timestamptz;
  n_rows bigint;
  n_summary bigint;
BEGIN
  IF retention_months IS NULL OR retention_months < 36 THEN
    RAISE EXCEPTION 'the decision log is kept at least 36 months (ADR 053), not %', retention_months;
  END IF;
  cutoff := (date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => retention_months)) AT TIME ZONE 'UTC';
  PERFORM pg_advisory_xact_lock(hashtext('tsunagi.decision_log_partitions'));

  FOR part IN
    SELECT c.relname AS name, substring(c.relname FROM '^decision_log_y([0-9]{4})m') ::int AS y, substring(c.relname FROM 'm([0-9]{2})$')::int AS m
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'bridge.decision_log'::regclass AND c.relname ~ '^decision_log_y[0-9]{4}m[0-9]{2}$'
     ORDER BY c.relname
  LOOP
    -- The bounds are the name's UTC month (ensure_decision_log_partition makes no other).
    lo := make_timestamp(part.y, part.m, 1, 0, 0, 0) AT TIME ZONE 'UTC';
    hi := (make_timestamp(part.y, part.m, 1, 0, 0, 0) + interval '1 month') AT TIME ZONE 'UTC';
    CONTINUE WHEN hi > cutoff;
    EXECUTE format('SELECT count(*) FROM bridge.%I', part.name) INTO n_rows;
    EXECUTE format(
      'INSERT INTO bridge.decision_summary (month_jst, subject, client_id, action, purpose, recipient, allowed, reason, decisions, first_evaluated_at, last_evaluated_at, from_partition)
       SELECT to_char(evaluated_at AT TIME ZONE ''Asia/Tokyo'', ''YYYY-MM''), subject, client_id, action, purpose, recipient, allowed, reason, count(*), min(evaluated_at), max(evaluated_at), %L
         FROM bridge.%I GROUP BY 1, 2, 3, 4, 5, 6, 7, 8', part.name, part.name);
    GET DIAGNOSTICS n_summary = ROW_COUNT;
    INSERT INTO bridge.decision_log_retired (partition_name, month_start, month_end, rows_retired, summary_rows) VALUES (part.name, lo, hi, n_rows, n_summary);
    EXECUTE format('ALTER TABLE bridge.decision_log DETACH PARTITION bridge.%I', part.name);
    EXECUTE format('DROP TABLE bridge.%I', part.name);
    partition_name := part.name; rows_retired := n_rows; summary_rows := n_summary;
    RETURN NEXT;
  END LOOP;

  -- Stray rows that old in the default partition (a month that never had its partition).
  SELECT count(*) INTO n_rows FROM bridge.decision_log_default WHERE evaluated_at < cutoff;
  IF n_rows > 0 THEN
    INSERT INTO bridge.decision_summary (month_jst, subject, client_id, action, purpose, recipient, allowed, reason, decisions, first_evaluated_at, last_evaluated_at, from_partition)
    SELECT to_char(d.evaluated_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM'), d.subject, d.client_id, d.action, d.purpose, d.recipient, d.allowed, d.reason, count(*), min(d.evaluated_at), max(d.evaluated_at), 'decision_log_default'
      FROM bridge.decision_log_default d WHERE d.evaluated_at < cutoff GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    GET DIAGNOSTICS n_summary = ROW_COUNT;
    DELETE FROM bridge.decision_log_default WHERE evaluated_at < cutoff;
    INSERT INTO bridge.decision_log_retired (partition_name, month_start, month_end, rows_retired, summary_rows)
    VALUES (format('decision_log_default@%s', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), '-infinity', cutoff, n_rows, n_summary);
    partition_name := 'decision_log_default'; rows_retired := n_rows; summary_rows := n_summary;
    RETURN NEXT;
  END IF;
END
$$;

REVOKE ALL ON FUNCTION bridge.ensure_decision_log_partition(timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION bridge.ensure_decision_log_partitions(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION bridge.retire_decision_log_months(integer) FROM PUBLIC;
-- The bridge makes its own months (at start and every few hours), so its writes never depend on the app; only the
-- app's daily job retires, and never within the floor above.
GRANT EXECUTE ON FUNCTION bridge.ensure_decision_log_partitions(integer) TO tsunagi_bridge, tsunagi_app;
GRANT EXECUTE ON FUNCTION bridge.retire_decision_log_months(integer) TO tsunagi_app;
GRANT USAGE ON SCHEMA bridge TO tsunagi_app;

-- The rows logged before this migration, each in its month's partition.
DO $$
DECLARE
  month timestamptz;
BEGIN
  FOR month IN SELECT DISTINCT date_trunc('month', evaluated_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM bridge.decision_log_before_partitioning LOOP
    PERFORM bridge.ensure_decision_log_partition(month);
  END LOOP;
END
$$;
INSERT INTO bridge.decision_log SELECT * FROM bridge.decision_log_before_partitioning;
DROP TABLE bridge.decision_log_before_partitioning;

-- What the app reads of the decision log (issue 16): the rows still kept and the summaries of retired months as one
-- tally, each row counting `decisions` answers, so "who used my data" and the public figures keep every month.
-- `last_evaluated_at` is a row's time, or for a summary the last decision it counts.
CREATE VIEW bridge_export.decision_tally AS
SELECT to_char(d.evaluated_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM') AS month_jst, d.subject, d.action, d.allowed, d.reason,
       1::bigint AS decisions, d.evaluated_at AS last_evaluated_at
  FROM bridge.decision_log d
UNION ALL
SELECT s.month_jst, s.subject, s.action, s.allowed, s.reason, s.decisions, s.last_evaluated_at
  FROM bridge.decision_summary s;
GRANT SELECT ON bridge_export.decision_tally TO tsunagi_app;
