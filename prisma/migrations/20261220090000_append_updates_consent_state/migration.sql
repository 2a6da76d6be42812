-- ADR 166 (issue 60): the ledger append writes the participant's consent state by UPDATE, and INSERTs it only for a
-- participant who has none, instead of INSERT … ON CONFLICT DO UPDATE, which ran ConsentState's row trigger twice (its
-- consent shape looked up for the INSERT it did not make) and both statement triggers of the cohort counts on every
-- change; and it computes the verification code once. Everything else is the function of 20261206093000 unchanged.

CREATE OR REPLACE FUNCTION tsunagi_append_consent_event(
  lock_key bigint,
  notify_channel text,
  -- The canonical JSON of the event body around its three holes: globalSeq, occurredAt, prevHash (in key order).
  body_parts text[],
  expected_participant_seq integer,
  not_before timestamptz,
  -- The event's own columns.
  event_id uuid,
  participant uuid,
  event_type "ConsentEventType",
  actor_user_id uuid,
  actor_role text,
  event_method "ConsentMethod",
  form_version_id uuid,
  form_version_hash text,
  event_choices jsonb,
  event_signature jsonb,
  withdrawal_level "WithdrawalLevel",
  event_detail jsonb,
  -- The participant's consent state after the event (its updatedAt is the event's time, set here).
  state_status "ConsentStatus",
  state_form_version_id uuid,
  state_form_version_hash text,
  state_choices jsonb,
  state_permitted_purposes text[],
  state_withdrawal_level "WithdrawalLevel",
  state_pending_form_version_id uuid,
  state_interim_rule text,
  state_consented_by text,
  state_version integer,
  -- Null: the event's time (every event but a sample's, which leaves the consent's time as it was).
  state_updated_at timestamptz,
  -- The outbox message without its globalSeq and occurredAt, which are set here.
  outbox_pseudonym text,
  outbox_message jsonb
) RETURNS TABLE ("globalSeq" bigint, "occurredAt" timestamptz, "prevHash" text, "hash" text, "globalPrevHash" text, "chainHash" text, "verificationCode" text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  genesis constant text := repeat('0', 64);
  head_seq bigint;
  head_chain text;
  head_at timestamptz;
  own_seq integer;
  own_hash text;
  new_seq bigint;
  new_at timestamptz;
  new_at_text text;
  new_prev text;
  new_hash text;
  new_global_prev text;
  new_chain text;
  new_code text;
BEGIN
  IF array_length(body_parts, 1) IS DISTINCT FROM 4 THEN
    RAISE EXCEPTION 'the event body must come in 4 parts around its 3 holes, not %', coalesce(array_length(body_parts, 1), 0);
  END IF;
  -- One lock for the whole ledger: the global chain is a single line, so appends take turns until COMMIT.
  PERFORM pg_advisory_xact_lock(lock_key);
  SELECT e."globalSeq", e."chainHash", e."occurredAt" INTO head_seq, head_chain, head_at
    FROM "ConsentEvent" e ORDER BY e."globalSeq" DESC LIMIT 1;
  SELECT e."participantSeq", e."hash" INTO own_seq, own_hash
    FROM "ConsentEvent" e WHERE e."participantId" = participant ORDER BY e."participantSeq" DESC LIMIT 1;
  IF coalesce(own_seq, 0) <> expected_participant_seq THEN
    RAISE EXCEPTION 'Participant % is at event % in the ledger, not % as their turn says: an event was appended without their lock',
      participant, coalesce(own_seq, 0), expected_participant_seq;
  END IF;
  new_seq := coalesce(head_seq, 0) + 1;
  -- Time never runs against the chain: an event appended meanwhile with a later clock pulls this one up to its time.
  new_at := greatest(not_before, head_at);
  new_at_text := to_char(new_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  new_prev := coalesce(own_hash, genesis);
  new_hash := encode(sha256(convert_to(body_parts[1] || new_seq::text || body_parts[2] || new_at_text || body_parts[3] || new_prev || body_parts[4], 'UTF8')), 'hex');
  new_global_prev := coalesce(head_chain, genesis);
  new_chain := encode(sha256(convert_to(new_global_prev || ':' || new_hash, 'UTF8')), 'hex');
  new_code := tsunagi_verification_code(new_hash);

  INSERT INTO "ConsentEvent" ("id", "globalSeq", "participantId", "participantSeq", "type", "occurredAt", "actorUserId", "actorRole", "method",
                              "formVersionId", "formVersionHash", "choices", "signature", "withdrawalLevel", "detail",
                              "prevHash", "hash", "globalPrevHash", "chainHash", "verificationCode")
  VALUES (event_id, new_seq, participant, expected_participant_seq + 1, event_type, new_at, actor_user_id, actor_role, event_method,
          form_version_id, form_version_hash, event_choices, event_signature, withdrawal_level, event_detail,
          new_prev, new_hash, new_global_prev, new_chain, new_code);

  -- The participant's state: an UPDATE of the row they have (every change after the first), an INSERT only when there is
  -- none. An INSERT … ON CONFLICT DO UPDATE ran the row's BEFORE INSERT trigger (its consent shape looked up) and then
  -- its BEFORE UPDATE trigger, and both statement triggers of the cohort counts, on every change (ADR 166). The
  -- participant's lock, which every append holds, keeps a second first INSERT out; one would fail on the key.
  UPDATE "ConsentState" SET
    "status" = state_status, "formVersionId" = state_form_version_id, "formVersionHash" = state_form_version_hash,
    "choices" = state_choices, "permittedPurposes" = state_permitted_purposes, "withdrawalLevel" = state_withdrawal_level,
    "pendingFormVersionId" = state_pending_form_version_id, "interimRule" = state_interim_rule, "consentedBy" = state_consented_by,
    "lastEventId" = event_id, "version" = state_version, "updatedAt" = coalesce(state_updated_at, new_at)
  WHERE "participantId" = participant;
  IF NOT FOUND THEN
    INSERT INTO "ConsentState" ("participantId", "status", "formVersionId", "formVersionHash", "choices", "permittedPurposes", "withdrawalLevel",
                                "pendingFormVersionId", "interimRule", "consentedBy", "lastEventId", "version", "updatedAt")
    VALUES (participant, state_status, state_form_version_id, state_form_version_hash, state_choices, state_permitted_purposes, state_withdrawal_level,
            state_pending_form_version_id, state_interim_rule, state_consented_by, event_id, state_version, coalesce(state_updated_at, new_at));
  END IF;

  INSERT INTO "ConsentOutbox" ("globalSeq", "eventId", "pseudonym", "payload")
  VALUES (new_seq, event_id, outbox_pseudonym, outbox_message || jsonb_build_object('globalSeq', new_seq::text, 'occurredAt', new_at_text));
  -- Held by PostgreSQL until commit and dropped on rollback, as the row is: the relay wakes only for what committed.
  PERFORM pg_notify(notify_channel, new_seq::text);

  RETURN QUERY SELECT new_seq, new_at, new_prev, new_hash, new_global_prev, new_chain, new_code;
END;
$$;
