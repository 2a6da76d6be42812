-- An open panel (issue 59 item 3; ADR 151): calls, applications, selection with reasons.
CREATE TYPE "PanelConnection" AS ENUM ('participant', 'family', 'public');
CREATE TYPE "PanelApplicationState" AS ENUM ('received', 'selected', 'reserve', 'not_selected', 'withdrawn');

CREATE TABLE "PanelCall" (
    "id" UUID NOT NULL,
    "title" JSONB NOT NULL,
    "description" JSONB NOT NULL,
    "seats" INTEGER NOT NULL,
    "opensAt" TIMESTAMPTZ(3) NOT NULL,
    "closesAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "PanelCall_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PanelCall_seats_check" CHECK ("seats" BETWEEN 1 AND 200),
    CONSTRAINT "PanelCall_window_check" CHECK ("closesAt" > "opensAt")
);
CREATE INDEX "PanelCall_closesAt_idx" ON "PanelCall"("closesAt");

CREATE TABLE "PanelApplication" (
    "id" UUID NOT NULL,
    "callId" UUID NOT NULL,
    "userId" UUID,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "language" "Language" NOT NULL,
    "connection" "PanelConnection" NOT NULL,
    "verified" BOOLEAN NOT NULL,
    "diseaseArea" TEXT NOT NULL,
    "prefecture" TEXT NOT NULL,
    "ageBand" TEXT NOT NULL,
    "motivation" TEXT NOT NULL,
    "needs" TEXT,
    "tokenHash" BYTEA NOT NULL,
    "state" "PanelApplicationState" NOT NULL DEFAULT 'received',
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "decidedAt" TIMESTAMPTZ(3),
    "decidedById" UUID,
    "reason" TEXT,
    "seatedAt" TIMESTAMPTZ(3),
    "leftAt" TIMESTAMPTZ(3),
    CONSTRAINT "PanelApplication_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PanelApplication_callId_fkey" FOREIGN KEY ("callId") REFERENCES "PanelCall"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PanelApplication_email_check" CHECK ("email" = lower("email")),
    CONSTRAINT "PanelApplication_decision_check" CHECK (("state" IN ('received', 'withdrawn')) OR ("decidedAt" IS NOT NULL AND "reason" IS NOT NULL))
);
CREATE UNIQUE INDEX "PanelApplication_tokenHash_key" ON "PanelApplication"("tokenHash");
CREATE UNIQUE INDEX "PanelApplication_callId_email_key" ON "PanelApplication"("callId", "email");
CREATE INDEX "PanelApplication_callId_state_idx" ON "PanelApplication"("callId", "state");

-- Where each facility is: the cohort's region in the panel's published make-up.
ALTER TABLE "Facility" ADD COLUMN "prefecture" TEXT;
ALTER TABLE "Facility" ADD CONSTRAINT "Facility_prefecture_check" CHECK ("prefecture" IS NULL OR "prefecture" ~ '^(0[1-9]|[1-3][0-9]|4[0-7])$');
