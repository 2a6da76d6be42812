import pg from "pg";
import { SERVICE_ROLES } from "@tsunagi/service-kit/database-login";
import type { RenderedPage } from "./render-public-page";

/** A rendered page with what says when it is stale: the generation it was rendered at, and a time it comes due. */
export interface CachedPage extends RenderedPage {
  generation: string;
  /** Milliseconds since the epoch: a scheduled update, consultation or approval comes due (at most a few minutes). */
  validUntil: number;
}

/** Even when nothing is scheduled, a page is rendered again after this long (something read by time not listed). */
const longestValidity = 5 * 60_000;

/**
 * The cache's shared half, in PostgreSQL (ADR 071): the current generation, read at most once per round trip however
 * many requests wait for it, and the rendered pages every process of the cluster reads instead of rendering again.
 */
export function createSharedStore(databaseUrl: () => string | undefined) {
  // Its own small pool, apart from the build's Prisma pool: the cache answers before Remix and the build are reached.
  // Opened at the first public page, when the database is known (a test sets it after the server is made).
  let opened: pg.Pool | undefined;
  const pool = {
    query: <Row extends pg.QueryResultRow>(config: pg.QueryConfig) => {
      if (!opened) {
        const url = databaseUrl();
        if (!url) throw new Error("DATABASE_URL is not set");
        opened = new pg.Pool({ connectionString: url, options: `-c role=${SERVICE_ROLES.app}`, max: 3, application_name: "tsunagi-public-page-cache" });
        opened.on("error", () => {});
      }
      return opened.query<Row>(config);
    },
    end: async () => {
      await opened?.end();
      opened = undefined;
    },
  };

  async function readGeneration(): Promise<string> {
    const result = await pool.query<{ generation: string }>({ name: "public-page-generation", text: `SELECT "generation"::text AS "generation" FROM "PublicPageGeneration" WHERE "id" = 1` });
    return result.rows[0]?.generation ?? "0";
  }

  // A request must see every change committed before it arrived, so it waits for a read sent after it arrived: the one
  // in flight if none is (it is sent now), else the next one, which all requests arriving meanwhile share.
  let running: Promise<string> | null = null;
  let queued: Promise<string> | null = null;
  function start(): Promise<string> {
    const read = readGeneration().finally(() => {
      if (running === read) running = null;
    });
    running = read;
    return read;
  }
  function currentGeneration(): Promise<string> {
    if (!running) return start();
    queued ??= running.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      queued = null;
      return start();
    });
    return queued;
  }

  async function read(key: string, generation: string): Promise<CachedPage | null> {
    const { rows } = await pool.query<{ html: Buffer; gzip: Buffer; brotli: Buffer; etag: string; scriptHashes: string[]; validUntil: Date }>({
      name: "public-page-read",
      text: `SELECT "html", "gzip", "brotli", "etag", "scriptHashes", "validUntil" FROM "PublicPageCacheEntry"
              WHERE "key" = $1 AND "generation" = $2::bigint AND "validUntil" > now()`,
      values: [key, generation],
    });
    const row = rows[0];
    return row ? { ...row, scriptHashes: row.scriptHashes ?? [], generation, validUntil: row.validUntil.getTime() } : null;
  }

  /**
   * When what a page shows next changes by the clock alone: an update's publication time, a consultation's publication,
   * opening or closing, an approved use's start or end (the register's status). Capped at longestValidity.
   */
  async function nextScheduledChange(): Promise<number> {
    const { rows } = await pool.query<{ next: Date | null }>({
      name: "public-page-next-change",
      text: `SELECT LEAST(
               (SELECT min("publishAt") FROM "ProgrammeUpdate" WHERE "publishedVersion" IS NOT NULL AND "publishAt" > now()),
               (SELECT min(t) FROM "Consultation", LATERAL (VALUES ("publishedAt"), ("opensAt"), ("closesAt")) AS x(t) WHERE t > now()),
               (SELECT min(t) FROM "DataAccessApproval", LATERAL (VALUES ("startsAt"), ("endsAt")) AS x(t) WHERE t > now())
             ) AS "next"`,
    });
    const cap = Date.now() + longestValidity;
    const next = rows[0]?.next?.getTime();
    return next === undefined ? cap : Math.min(cap, next);
  }

  async function write(key: string, page: CachedPage): Promise<void> {
    // A process that rendered at an older generation does not overwrite a newer render.
    await pool.query({
      name: "public-page-write",
      text: `INSERT INTO "PublicPageCacheEntry" ("key", "generation", "renderedAt", "validUntil", "etag", "scriptHashes", "html", "gzip", "brotli")
             VALUES ($1, $2::bigint, now(), $3, $4, $5, $6, $7, $8)
             ON CONFLICT ("key") DO UPDATE SET "generation" = EXCLUDED."generation", "renderedAt" = EXCLUDED."renderedAt",
               "validUntil" = EXCLUDED."validUntil", "etag" = EXCLUDED."etag", "scriptHashes" = EXCLUDED."scriptHashes",
               "html" = EXCLUDED."html", "gzip" = EXCLUDED."gzip", "brotli" = EXCLUDED."brotli"
             WHERE "PublicPageCacheEntry"."generation" <= EXCLUDED."generation"`,
      values: [key, page.generation, new Date(page.validUntil), page.etag, page.scriptHashes, page.html, page.gzip, page.brotli],
    });
  }

  return { currentGeneration, read, write, nextScheduledChange, close: () => pool.end() };
}

export type SharedStore = ReturnType<typeof createSharedStore>;
