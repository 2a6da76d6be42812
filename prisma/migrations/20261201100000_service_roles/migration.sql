-- One database role per service (issue 17 item 5; ADR 055). The web app works as tsunagi_app and the bridge as
-- tsunagi_bridge, as before; the outbox relay, which until now worked as the app, gets a role of its own that can read
-- the two outboxes and stamp their deliveries and nothing else — no identity, no ledger, no accounts. Each service
-- then logs in with its own LOGIN role, a member of its one group role only (made by `npm run db:logins`, or by
-- `npm start` on one machine): passwords do not belong in a migration.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tsunagi_relay') THEN
    CREATE ROLE tsunagi_relay NOLOGIN;
  END IF;
  -- The migrating user may act as it, as it may act as the other two (tests and the developer's tools do).
  IF NOT pg_has_role(current_user, 'tsunagi_relay', 'MEMBER') THEN
    EXECUTE format('GRANT tsunagi_relay TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO tsunagi_relay;
GRANT SELECT ON "ConsentOutbox", "ApprovalOutbox" TO tsunagi_relay;
GRANT UPDATE ("bridgeDeliveredAt", "natsDeliveredAt", "attempts", "lastError") ON "ConsentOutbox" TO tsunagi_relay;
GRANT UPDATE ("bridgeDeliveredAt", "attempts", "lastError") ON "ApprovalOutbox" TO tsunagi_relay;
