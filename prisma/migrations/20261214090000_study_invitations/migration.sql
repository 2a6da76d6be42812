-- Invitations to studies chosen by genome (issue 57 item 4, ADR 138).
--
-- 1. What the bridge reads of the app to count a study's invitable pseudonyms: each participant's research messages
--    already claimed (ConsentState."deliveredAt", kept by triggers on RecontactDelivery), by pseudonym only. A view
--    owned by the migration's role, granted to the bridge's role: it sees these two columns and nothing else.
CREATE SCHEMA app_export;

CREATE VIEW app_export.research_contact AS
SELECT p."pseudonym" AS pseudonym, s."deliveredAt" AS contacted_at
  FROM "ConsentState" s JOIN "Participant" p ON p."id" = s."participantId";

GRANT USAGE ON SCHEMA app_export TO tsunagi_bridge;
GRANT SELECT ON app_export.research_contact TO tsunagi_bridge;

-- 2. The bridge's record of each question asked and the pseudonyms it found invitable (never those it did not). The
--    counts are the answer the study had; the list is what the app invites from.
CREATE TABLE bridge.study_invitation_request (
    id UUID PRIMARY KEY,
    client_id TEXT NOT NULL,
    approval_id UUID NOT NULL,
    approval_version INTEGER NOT NULL,
    registry TEXT NOT NULL,
    study_id TEXT NOT NULL,
    gene TEXT NOT NULL,
    origin TEXT NOT NULL,
    asked INTEGER NOT NULL,
    invitable INTEGER NOT NULL,
    excluded JSONB NOT NULL,
    pseudonyms TEXT[] NOT NULL,
    asked_at TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX study_invitation_request_asked_idx ON bridge.study_invitation_request (asked_at);
GRANT SELECT, INSERT ON bridge.study_invitation_request TO tsunagi_bridge;

-- What the app reads of it: no client id.
CREATE VIEW bridge_export.study_invitation_request AS
SELECT r.id, r.approval_id, r.registry, r.study_id, r.gene, r.origin, r.asked, r.invitable, r.asked_at
  FROM bridge.study_invitation_request r;

CREATE VIEW bridge_export.study_invitation_candidate AS
SELECT r.id AS request_id, c.pseudonym
  FROM bridge.study_invitation_request r, unnest(r.pseudonyms) AS c(pseudonym);

GRANT SELECT ON bridge_export.study_invitation_request, bridge_export.study_invitation_candidate TO tsunagi_app;

-- 3. The app's side: a request taken up (its campaign), and a participant's yes handed over.
CREATE TABLE "StudyInvitationRequest" (
    "id" UUID NOT NULL,
    "approvalId" UUID NOT NULL,
    "registry" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "gene" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "asked" INTEGER NOT NULL,
    "invitable" INTEGER NOT NULL,
    "invited" INTEGER NOT NULL,
    "askedAt" TIMESTAMPTZ(3) NOT NULL,
    "campaignId" UUID NOT NULL,
    "claimedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StudyInvitationRequest_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "StudyHandover" (
    "id" UUID NOT NULL,
    "deliveryId" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "byUserId" UUID NOT NULL,
    "byRole" TEXT NOT NULL,
    "details" TEXT[],
    "handedOverAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudyHandover_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "StudyInvitationRequest_campaignId_key" ON "StudyInvitationRequest"("campaignId");
CREATE INDEX "StudyInvitationRequest_approvalId_claimedAt_idx" ON "StudyInvitationRequest"("approvalId", "claimedAt");
CREATE UNIQUE INDEX "StudyHandover_deliveryId_key" ON "StudyHandover"("deliveryId");
CREATE INDEX "StudyHandover_participantId_idx" ON "StudyHandover"("participantId");

ALTER TABLE "StudyInvitationRequest" ADD CONSTRAINT "StudyInvitationRequest_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "DataAccessApproval"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "StudyInvitationRequest" ADD CONSTRAINT "StudyInvitationRequest_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "RecontactCampaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "StudyHandover" ADD CONSTRAINT "StudyHandover_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "RecontactDelivery"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "StudyHandover" ADD CONSTRAINT "StudyHandover_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: a handover happened; it is never changed or removed.
REVOKE UPDATE, DELETE, TRUNCATE ON "StudyHandover" FROM tsunagi_app;
REVOKE DELETE, TRUNCATE ON "StudyInvitationRequest" FROM tsunagi_app;
CREATE TRIGGER "StudyHandover_append_only" BEFORE UPDATE OR DELETE ON "StudyHandover"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "StudyHandover_no_truncate" BEFORE TRUNCATE ON "StudyHandover"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
