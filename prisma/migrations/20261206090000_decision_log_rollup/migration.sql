-- Monthly roll-ups of the bridge's decision log (issue 30 item 6; ADR 072). The public snapshot counts decisions per
-- Japan-time month, action and answer; read from the raw rows that is a GROUP BY over every decision ever logged (100
-- million rows: minutes), although a closed month's counts never change. Once a month's partition has closed, the
-- daily job counts it once into bridge.decision_rollup; the snapshot then reads the roll-up for closed partitions and
-- the raw rows only of partitions still open (this month's, a late one). A row that arrives in a closed partition after
-- its roll-up (a bridge's buffered log flushed late) is added to the roll-up by a trigger on that partition alone, so
-- the roll-up stays exact and the hot partition carries no trigger.

-- The counts of one closed partition, per Japan-time month (a UTC partition holds the end of one and the start of the
-- next), action and answer, with the last decision's time (a Japan-time month is wholly before or after any start of a
-- Japan-time month, so filtering groups by it is exact).
CREATE TABLE bridge.decision_rollup (
    partition_name    TEXT NOT NULL,
    month_jst         TEXT NOT NULL CHECK (month_jst ~ '^[0-9]{4}-[0-9]{2}$'),
    action            TEXT NOT NULL,
    allowed           BOOLEAN NOT NULL,
    reason            TEXT NOT NULL,
    decisions         BIGINT NOT NULL CHECK (decisions > 0),
    last_evaluated_at TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT decision_rollup_pkey PRIMARY KEY (partition_name, month_jst, action, allowed, reason)
);

-- Each partition rolled up: when, and how many rows it held then (late rows are counted into the roll-up, not here).
CREATE TABLE bridge.decision_rollup_partition (
    partition_name TEXT PRIMARY KEY,
    month_start    TIMESTAMPTZ(3) NOT NULL,
    month_end      TIMESTAMPTZ(3) NOT NULL,
    rows_rolled_up BIGINT NOT NULL,
    groups         BIGINT NOT NULL,
    rolled_up_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
GRANT SELECT ON bridge.decision_rollup, bridge.decision_rollup_partition TO tsunagi_bridge;

-- A late row in a rolled-up partition, counted into its roll-up (rare: the trigger exists only on closed partitions).
CREATE FUNCTION bridge.decision_rollup_late_row()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = bridge, pg_temp
AS $$
BEGIN
  INSERT INTO bridge.decision_rollup AS r (partition_name, month_jst, action, allowed, reason, decisions, last_evaluated_at)
  VALUES (TG_TABLE_NAME, to_char(NEW.evaluated_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM'), NEW.action, NEW.allowed, NEW.reason, 1, NEW.evaluated_at)
  ON CONFLICT (partition_name, month_jst, action, allowed, reason)
  DO UPDATE SET decisions = r.decisions + 1, last_evaluated_at = greatest(r.last_evaluated_at, EXCLUDED.last_evaluated_at);
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION bridge.decision_rollup_late_row() FROM PUBLIC;

-- Rolls up every month partition whose UTC month ended more than `grace` ago and that is not rolled up yet, oldest
-- first, in this one transaction; returns what it rolled up. Each partition is locked against inserts (SHARE) while it
-- is counted and its late-row trigger made, so no row can fall between the count and the trigger; inserts into it wait
-- that long (seconds, and only a late row goes there). Read committed only: under a snapshot taken before the lock, a
-- row committed meanwhile would be missed.
CREATE FUNCTION bridge.roll_up_decision_log_months(grace interval DEFAULT interval '1 day')
RETURNS TABLE (partition_name text, rows_rolled_up bigint, groups bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = bridge, pg_temp
SET TimeZone = 'UTC'
SET DateStyle = 'ISO'
AS $$
DECLARE
  part record;
  lo timestamptz;
  hi timestamptz;
  n_rows bigint;
  n_groups bigint;
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'the decision log is rolled up under read committed, not %', current_setting('transaction_isolation');
  END IF;
  IF grace IS NULL OR grace < interval '0' THEN
    RAISE EXCEPTION 'grace must be a positive interval, not %', grace;
  END IF;
  -- Not while a month is made or retired.
  PERFORM pg_advisory_xact_lock(hashtext('tsunagi.decision_log_partitions'));
  FOR part IN
    SELECT c.relname AS name, substring(c.relname FROM '^decision_log_y([0-9]{4})m')::int AS y, substring(c.relname FROM 'm([0-9]{2})$')::int AS m
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'bridge.decision_log'::regclass AND c.relname ~ '^decision_log_y[0-9]{4}m[0-9]{2}$'
       AND NOT EXISTS (SELECT 1 FROM bridge.decision_rollup_partition p WHERE p.partition_name = c.relname)
     ORDER BY c.relname
  LOOP
    lo := make_timestamp(part.y, part.m, 1, 0, 0, 0) AT TIME ZONE 'UTC';
    hi := (make_timestamp(part.y, part.m, 1, 0, 0, 0) + interval '1 month') AT TIME ZONE 'UTC';
    CONTINUE WHEN hi + grace > now();
    EXECUTE format('LOCK TABLE bridge.%I IN SHARE MODE', part.name);
    EXECUTE format(
      'INSERT INTO bridge.decision_rollup (partition_name, month_jst, action, allowed, reason, decisions, last_evaluated_at)
       SELECT %L, to_char(evaluated_at AT TIME ZONE ''Asia/Tokyo'', ''YYYY-MM''), action, allowed, reason, count(*), max(evaluated_at)
         FROM bridge.%I GROUP BY 2, 3, 4, 5', part.name, part.name);
    GET DIAGNOSTICS n_groups = ROW_COUNT;
    EXECUTE format('SELECT coalesce(sum(decisions), 0)::bigint FROM bridge.decision_rollup WHERE partition_name = %L', part.name) INTO n_rows;
    EXECUTE format('CREATE TRIGGER decision_rollup_late_row AFTER INSERT ON bridge.%I FOR EACH ROW EXECUTE FUNCTION bridge.decision_rollup_late_row()', part.name);
    INSERT INTO bridge.decision_rollup_partition (partition_name, month_start, month_end, rows_rolled_up, groups) VALUES (part.name, lo, hi, n_rows, n_groups);
    partition_name := part.name; rows_rolled_up := n_rows; groups := n_groups;
    RETURN NEXT;
  END LOOP;
END
$$;
REVOKE ALL ON FUNCTION bridge.roll_up_decision_log_months(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bridge.roll_up_decision_log_months(interval) TO tsunagi_app;

-- What the public snapshot reads (bridge_export.decision_tally's counts without its subjects): decisions per Japan-time
-- month, action, allowed and reason, of every decision evaluated before `before` (a Japan-time month's start). Roll-ups
-- of closed partitions, summaries of retired months, and the raw rows of partitions not rolled up (this month's, the
-- default partition's), each partition read by its own GROUP BY. Rows may repeat a key: the caller sums them. In the
-- caller's REPEATABLE READ transaction every statement here sees its snapshot.
CREATE FUNCTION bridge_export.decision_month_counts(before timestamptz)
RETURNS TABLE (month_jst text, action text, allowed boolean, reason text, decisions bigint)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = bridge, pg_temp
AS $$
DECLARE
  part text;
BEGIN
  RETURN QUERY
    SELECT t.month_jst, t.action, t.allowed, t.reason, sum(t.decisions)::bigint
      FROM (SELECT r.month_jst, r.action, r.allowed, r.reason, r.decisions, r.last_evaluated_at
              FROM bridge.decision_rollup r
             WHERE EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                            WHERE i.inhparent = 'bridge.decision_log'::regclass AND c.relname = r.partition_name)
            UNION ALL
            SELECT s.month_jst, s.action, s.allowed, s.reason, s.decisions, s.last_evaluated_at
              FROM bridge.decision_summary s) t
     WHERE t.last_evaluated_at < before
     GROUP BY 1, 2, 3, 4;
  FOR part IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'bridge.decision_log'::regclass
       AND NOT EXISTS (SELECT 1 FROM bridge.decision_rollup_partition p WHERE p.partition_name = c.relname)
  LOOP
    RETURN QUERY EXECUTE format(
      'SELECT to_char(evaluated_at AT TIME ZONE ''Asia/Tokyo'', ''YYYY-MM''), action, allowed, reason, count(*)::bigint
         FROM bridge.%I WHERE evaluated_at < $1 GROUP BY 1, 2, 3, 4', part) USING before;
  END LOOP;
END
$$;
REVOKE ALL ON FUNCTION bridge_export.decision_month_counts(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bridge_export.decision_month_counts(timestamptz) TO tsunagi_app;
