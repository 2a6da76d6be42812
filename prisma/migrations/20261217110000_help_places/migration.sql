-- Where else to ask (issue 59 item 1; ADR 145): other consultation places by prefecture, kept by staff.
CREATE TYPE "HelpPlaceKind" AS ENUM ('cancer_support', 'rare_disease_support', 'genetic_counselling', 'other');

CREATE TABLE "HelpPlace" (
    "id" UUID NOT NULL,
    "kind" "HelpPlaceKind" NOT NULL,
    "prefecture" TEXT NOT NULL,
    "nameJa" TEXT NOT NULL,
    "nameEn" TEXT,
    "phone" TEXT,
    "url" TEXT,
    "noteJa" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedById" UUID,
    "retiredAt" TIMESTAMPTZ(3),
    CONSTRAINT "HelpPlace_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "HelpPlace_prefecture_check" CHECK ("prefecture" ~ '^(0[1-9]|[1-3][0-9]|4[0-7])$')
);
CREATE INDEX "HelpPlace_prefecture_kind_idx" ON "HelpPlace"("prefecture", "kind");
