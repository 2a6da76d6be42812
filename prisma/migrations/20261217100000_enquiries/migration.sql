-- 相談窓口 (issue 59 item 1; ADR 145): questions anyone may ask without an account, and the FAQ made from answers the
-- asker agreed to share.
CREATE TYPE "EnquiryState" AS ENUM ('received', 'answered', 'closed');
CREATE TYPE "EnquiryAsker" AS ENUM ('participant', 'family', 'public', 'professional');

CREATE TABLE "Enquiry" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "asker" "EnquiryAsker" NOT NULL,
    "language" "Language" NOT NULL,
    "email" TEXT,
    "tokenHash" BYTEA NOT NULL,
    "state" "EnquiryState" NOT NULL DEFAULT 'received',
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "answer" TEXT,
    "answeredAt" TIMESTAMPTZ(3),
    "answeredById" UUID,
    "faqAgreedAt" TIMESTAMPTZ(3),
    CONSTRAINT "Enquiry_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Enquiry_reference_key" ON "Enquiry"("reference");
CREATE UNIQUE INDEX "Enquiry_tokenHash_key" ON "Enquiry"("tokenHash");
CREATE INDEX "Enquiry_state_dueAt_idx" ON "Enquiry"("state", "dueAt");

CREATE TABLE "FaqEntry" (
    "id" UUID NOT NULL,
    "enquiryId" UUID NOT NULL,
    "language" "Language" NOT NULL,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "publishedById" UUID NOT NULL,
    "withdrawnAt" TIMESTAMPTZ(3),
    CONSTRAINT "FaqEntry_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "FaqEntry_enquiryId_key" ON "FaqEntry"("enquiryId");
CREATE INDEX "FaqEntry_language_publishedAt_idx" ON "FaqEntry"("language", "publishedAt");
ALTER TABLE "FaqEntry" ADD CONSTRAINT "FaqEntry_enquiryId_fkey" FOREIGN KEY ("enquiryId") REFERENCES "Enquiry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
