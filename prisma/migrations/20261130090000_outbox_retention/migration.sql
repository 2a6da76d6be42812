-- Delivered outbox rows are pruned after their retention (issue 17 item 5; ADR 052). The app role still may not
-- DELETE from the outbox: only this function may, and only rows every destination has acknowledged before the cutoff,
-- never the newest acknowledged row of a destination (the relay's high-water mark names a row that exists). The
-- consent ledger itself, the record that must be kept, is not touched.
CREATE FUNCTION prune_delivered_outbox(cutoff timestamptz, require_nats boolean, max_rows integer)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  pruned integer;
BEGIN
  WITH doomed AS (
    SELECT o."globalSeq" FROM "ConsentOutbox" o
     WHERE o."bridgeDeliveredAt" IS NOT NULL AND o."bridgeDeliveredAt" < cutoff
       AND o."globalSeq" < (SELECT max(b."globalSeq") FROM "ConsentOutbox" b WHERE b."bridgeDeliveredAt" IS NOT NULL)
       AND (NOT require_nats OR (
             o."natsDeliveredAt" IS NOT NULL AND o."natsDeliveredAt" < cutoff
             AND o."globalSeq" < (SELECT max(n."globalSeq") FROM "ConsentOutbox" n WHERE n."natsDeliveredAt" IS NOT NULL)))
     ORDER BY o."globalSeq"
     LIMIT max_rows
  )
  DELETE FROM "ConsentOutbox" o USING doomed d WHERE o."globalSeq" = d."globalSeq";
  GET DIAGNOSTICS pruned = ROW_COUNT;
  RETURN pruned;
END
$$;

REVOKE ALL ON FUNCTION prune_delivered_outbox(timestamptz, boolean, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION prune_delivered_outbox(timestamptz, boolean, integer) TO tsunagi_app;
