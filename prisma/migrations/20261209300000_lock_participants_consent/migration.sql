-- Issue 30 item 7, ADR 083: a consent verb's first round trip, the participants' row locks and then their consent
-- states, in one call. Two statements inside one function: under READ COMMITTED each takes its own snapshot, so the
-- states are read after the locks are granted and show whatever the verb queued ahead of this one committed. (One
-- statement joining the two would read the state from the snapshot taken before waiting for the lock.)
-- One row per participant locked (a participant who does not exist has none), with their consent state as JSON, or
-- null before their first consent.
CREATE FUNCTION tsunagi_lock_participants_consent(participant_ids uuid[])
RETURNS TABLE ("participantId" uuid, "state" jsonb)
LANGUAGE plpgsql AS $$
BEGIN
  -- ORDER BY is applied before FOR … UPDATE, so the rows are locked in id order: no two verbs wait in a circle.
  PERFORM 1 FROM "Participant" p WHERE p."id" = ANY(participant_ids) ORDER BY p."id" FOR NO KEY UPDATE;
  RETURN QUERY
    SELECT p."id", to_jsonb(s)
    FROM "Participant" p LEFT JOIN "ConsentState" s ON s."participantId" = p."id"
    WHERE p."id" = ANY(participant_ids)
    ORDER BY p."id";
END;
$$;
