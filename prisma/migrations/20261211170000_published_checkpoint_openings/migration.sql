-- ADR 114: a published checkpoint (version 2) commits to the ledger's and the audit log's heads instead of stating
-- them. Its opening — { seq, salt, ledger, audit } — is kept here, private, and handed to an auditor in the history
-- export. Null for the version 1 statements published before, which state their heads.
--
-- The table's grants (SELECT, INSERT for tsunagi_app) and its append-only triggers (20261129090000_transparency)
-- cover the new column as they cover the others: an opening is written with its row and never changed.

-- AlterTable
ALTER TABLE "PublishedCheckpoint" ADD COLUMN     "opening" JSONB;
