-- Issue 13 item 5 (ADR 035): letters for the `post` channel are made when staff print them, with fresh single-use
-- links for the deliveries the participant's consent still allows; those it no longer allows are withheld.
CREATE TABLE "RecontactLetterBatch" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "printedById" UUID NOT NULL,
    "printedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reprints" INTEGER NOT NULL DEFAULT 0,
    "letters" INTEGER NOT NULL,
    "withheld" INTEGER NOT NULL,

    CONSTRAINT "RecontactLetterBatch_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "RecontactLetterBatch_campaignId_seq_key" ON "RecontactLetterBatch"("campaignId", "seq");

ALTER TABLE "RecontactLetterBatch" ADD CONSTRAINT "RecontactLetterBatch_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "RecontactCampaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "RecontactDelivery" ADD COLUMN "letterBatchId" UUID,
ADD COLUMN "withheldAt" TIMESTAMPTZ(3);

CREATE INDEX "RecontactDelivery_campaignId_letterBatchId_idx" ON "RecontactDelivery"("campaignId", "letterBatchId");

ALTER TABLE "RecontactDelivery" ADD CONSTRAINT "RecontactDelivery_letterBatchId_fkey" FOREIGN KEY ("letterBatchId") REFERENCES "RecontactLetterBatch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- As deliveries: the record of what was printed is not the application's to delete.
REVOKE DELETE, TRUNCATE ON "RecontactLetterBatch" FROM tsunagi_app;
