-- Written by hand: the audit log gets the same append-only trigger as the consent ledger, so a change to it needs
-- a superuser to disable triggers on purpose, not merely a mistaken statement (the application's role already
-- lacks UPDATE and DELETE on it).
CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
