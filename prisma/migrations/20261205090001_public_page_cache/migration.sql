-- Issue 30 item 4 (ADR 071): public pages — the same for every signed-out reader of a language — are rendered once per
-- change and kept in "PublicPageCacheEntry", shared by the app's processes. What makes an entry stale is a write to a
-- table those pages read, by anyone: a domain verb, the snapshot job, a script, the seed. So the tables say so
-- themselves: a deferred constraint trigger bumps "PublicPageGeneration".generation once per transaction, at its
-- commit (the row lock is taken and released within the commit, never held across a transaction's other locks, so it
-- cannot deadlock with them). A reader that sees generation N after a commit sees that commit's rows too.

-- CreateTable
CREATE TABLE "PublicPageGeneration" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "generation" BIGINT NOT NULL DEFAULT 1,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastXact" BIGINT,

    CONSTRAINT "PublicPageGeneration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublicPageCacheEntry" (
    "key" TEXT NOT NULL,
    "generation" BIGINT NOT NULL,
    "renderedAt" TIMESTAMPTZ(3) NOT NULL,
    "validUntil" TIMESTAMPTZ(3) NOT NULL,
    "etag" TEXT NOT NULL,
    "scriptHashes" TEXT[],
    "html" BYTEA NOT NULL,
    "gzip" BYTEA NOT NULL,
    "brotli" BYTEA NOT NULL,

    CONSTRAINT "PublicPageCacheEntry_pkey" PRIMARY KEY ("key")
);

INSERT INTO "PublicPageGeneration" ("id", "generation") VALUES (1, 1);

-- SECURITY DEFINER: whichever service's role writes a public table bumps the generation, granted or not.
CREATE FUNCTION "public_pages_changed"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  UPDATE "PublicPageGeneration"
     SET "generation" = "generation" + 1, "changedAt" = now(), "lastXact" = txid_current()
   WHERE "id" = 1 AND "lastXact" IS DISTINCT FROM txid_current();
  RETURN NULL;
END $$;

-- What the cached pages show (server/public-page-cache/public-pages.ts lists the pages): the transparency snapshot and
-- reports, programme updates, consultations and their reports, and the register of approved uses (an approval, its
-- application, the version the committee read and the decision).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'TransparencySnapshot', 'TransparencyReport', 'TransparencyReportVersion',
    'ProgrammeUpdate', 'ProgrammeUpdateVersion',
    'Consultation', 'ConsultationReportVersion',
    'DataAccessApproval', 'DataAccessApplication', 'DataAccessApplicationVersion', 'ApplicationDecision'
  ] LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I DEFERRABLE INITIALLY DEFERRED '
                   'FOR EACH ROW EXECUTE FUNCTION "public_pages_changed"()', t || '_public_pages_changed', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "public_pages_changed"()',
                   t || '_public_pages_truncated', t);
  END LOOP;
END $$;
