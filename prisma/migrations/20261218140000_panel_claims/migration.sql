-- Honoraria and expenses of the participant panel (issue 59 item 3; ADR 152): a member's claim, decided once by staff
-- (approved, or rejected with a reason) within 14 days, an approved one paid within 30 days; withdrawn while submitted.
CREATE TYPE "PanelClaimKind" AS ENUM ('honorarium_meeting', 'honorarium_review', 'travel', 'care_cover', 'other');
CREATE TYPE "PanelClaimState" AS ENUM ('submitted', 'approved', 'rejected', 'paid', 'withdrawn');

CREATE TABLE "PanelClaim" (
    "id" UUID NOT NULL,
    "memberUserId" UUID NOT NULL,
    "kind" "PanelClaimKind" NOT NULL,
    "amountYen" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "occurredOn" DATE NOT NULL,
    "state" "PanelClaimState" NOT NULL DEFAULT 'submitted',
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "decideBy" TIMESTAMPTZ(3) NOT NULL,
    "decidedAt" TIMESTAMPTZ(3),
    "decidedById" UUID,
    "reason" TEXT,
    "payBy" TIMESTAMPTZ(3),
    "paidAt" TIMESTAMPTZ(3),
    "paidById" UUID,
    "paymentReference" TEXT,
    "withdrawnAt" TIMESTAMPTZ(3),
    CONSTRAINT "PanelClaim_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PanelClaim_amount_check" CHECK ("amountYen" BETWEEN 1 AND 1000000),
    CONSTRAINT "PanelClaim_deadline_check" CHECK ("decideBy" > "submittedAt"),
    -- Each state carries what it was reached with: a decision its time and who; a rejection its reason; an approval
    -- (and a payment after it) its pay-by day; a payment its time, who and reference; a withdrawal its time.
    CONSTRAINT "PanelClaim_state_check" CHECK (
      CASE "state"
        WHEN 'submitted' THEN "decidedAt" IS NULL AND "paidAt" IS NULL AND "withdrawnAt" IS NULL
        WHEN 'approved' THEN "decidedAt" IS NOT NULL AND "decidedById" IS NOT NULL AND "payBy" IS NOT NULL AND "paidAt" IS NULL
        WHEN 'rejected' THEN "decidedAt" IS NOT NULL AND "decidedById" IS NOT NULL AND "reason" IS NOT NULL AND "payBy" IS NULL AND "paidAt" IS NULL
        WHEN 'paid' THEN "decidedAt" IS NOT NULL AND "payBy" IS NOT NULL AND "paidAt" IS NOT NULL AND "paidById" IS NOT NULL AND "paymentReference" IS NOT NULL
        WHEN 'withdrawn' THEN "withdrawnAt" IS NOT NULL AND "decidedAt" IS NULL
      END)
);
CREATE INDEX "PanelClaim_memberUserId_submittedAt_idx" ON "PanelClaim"("memberUserId", "submittedAt");
CREATE INDEX "PanelClaim_state_decideBy_idx" ON "PanelClaim"("state", "decideBy");
