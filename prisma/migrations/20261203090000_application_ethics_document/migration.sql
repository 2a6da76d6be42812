-- The ethics approval document an applicant attaches to a data-access application (issue 27 item 7; ADR 040 amended):
-- a PDF of at most 10 MB, stored beside the application as the paper consent scans are (bytea with its SHA-256), one
-- per application. A new upload replaces it while the application can be edited; each upload's audit row keeps the
-- hash it replaced. Nothing removes it: the application's record, as its versions are.
CREATE TABLE "ApplicationEthicsDocument" (
    "applicationId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "uploadedById" UUID NOT NULL,
    "uploadedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ApplicationEthicsDocument_pkey" PRIMARY KEY ("applicationId"),
    -- The limit the upload checks, held again where the bytes are kept.
    CONSTRAINT "ApplicationEthicsDocument_size" CHECK ("byteSize" = octet_length("content") AND "byteSize" BETWEEN 1 AND 10485760),
    CONSTRAINT "ApplicationEthicsDocument_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$')
);

ALTER TABLE "ApplicationEthicsDocument" ADD CONSTRAINT "ApplicationEthicsDocument_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "DataAccessApplication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

REVOKE DELETE, TRUNCATE ON "ApplicationEthicsDocument" FROM tsunagi_app;
