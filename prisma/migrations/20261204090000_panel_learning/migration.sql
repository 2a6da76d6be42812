-- CreateTable
CREATE TABLE "PanelLearningCompletion" (
    "userId" UUID NOT NULL,
    "moduleId" TEXT NOT NULL,
    "completedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PanelLearningCompletion_pkey" PRIMARY KEY ("userId","moduleId"),
    -- The shape of app/domain/learning's module ids; which ids exist is the app's list (ADR 060).
    CONSTRAINT "PanelLearningCompletion_moduleId" CHECK ("moduleId" ~ '^[a-z][a-z-]{0,39}$')
);

-- Written by hand: a completion is a record of what a panel member did, kept as the audit log is (ADR 060). The
-- application adds and reads rows; the ledger's trigger refuses a change or removal for every role.
REVOKE UPDATE, DELETE, TRUNCATE ON "PanelLearningCompletion" FROM tsunagi_app;
CREATE TRIGGER "PanelLearningCompletion_append_only" BEFORE UPDATE OR DELETE ON "PanelLearningCompletion"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "PanelLearningCompletion_no_truncate" BEFORE TRUNCATE ON "PanelLearningCompletion"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
