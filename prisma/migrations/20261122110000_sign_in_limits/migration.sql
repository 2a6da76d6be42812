-- Sign-in limits and keyed codes (issue 10, ADR 013). Written by hand.

-- The counters of rate-limiter-flexible's PostgreSQL store (RateLimiterPostgres), in their own schema so Prisma's
-- model of the app's tables leaves them alone. The columns are the ones the library reads and writes; `key` is text
-- rather than its default varchar(255), and holds keyed digests only (no e-mail or address in clear). Every
-- count is one INSERT … ON CONFLICT DO UPDATE … RETURNING, so concurrent attempts each get their own number.
CREATE SCHEMA IF NOT EXISTS rate_limit;

CREATE TABLE rate_limit.counter (
    key TEXT PRIMARY KEY,
    points INTEGER NOT NULL DEFAULT 0,
    -- Milliseconds since the epoch when this window ends.
    expire BIGINT
);

-- The library's sweep deletes counters that expired an hour ago.
CREATE INDEX counter_expire_idx ON rate_limit.counter (expire);

-- The application role uses the table but cannot create or alter anything in the schema: the library is told
-- the table exists and never runs its own CREATE TABLE.
GRANT USAGE ON SCHEMA rate_limit TO tsunagi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit.counter TO tsunagi_app;

-- The hand-written counters it replaces: a count followed by a separate insert, which thirty concurrent requests
-- all passed. Failed attempts stay recorded as auth.sign_in_failed audit events.
DROP TABLE "SignInAttempt";
