import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { SERVICE_ROLES } from "@tsunagi/service-kit/database-login";
import { getEnv } from "./env.server";
import { PrismaClient } from "./generated/prisma/client";

export type Database = PrismaClient;
/** The client handed to a `$transaction` callback; domain functions accept either. */
export type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * The application runs as this role (created by the consent-ledger migration), whatever user DATABASE_URL names:
 * it cannot UPDATE or DELETE consent events, consent documents or the audit log. Migrations run as the URL's user.
 */
export const APPLICATION_ROLE = SERVICE_ROLES.app;

/**
 * The outbox relay works as this role (ADR 055): it reads the two outboxes and stamps their deliveries, nothing else.
 * Its own service, with its own login in production; it opens its own client (`openDatabase`), never the app's.
 */
export const RELAY_ROLE = SERVICE_ROLES.relay;

let client: PrismaClient | undefined;
let clientUrl: string | undefined;

/** The process-wide Prisma client. Only app/domain/ may import this; routes call domain functions. */
export function getDatabase(): PrismaClient {
  const url = process.env.DATABASE_URL ?? getEnv().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides PostgreSQL.");
  }
  // Tests point DATABASE_URL at a fresh database per file; follow it rather than keep a stale pool.
  if (!client || clientUrl !== url) {
    void client?.$disconnect();
    client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, options: `-c role=${APPLICATION_ROLE}` }) });
    clientUrl = url;
  }
  return client;
}

/**
 * A Prisma client of its own, working as `role` whatever user the URL names, for a service that must not share the
 * app's (the relay). The caller closes it with `$disconnect()`.
 */
export function openDatabase(url: string, role: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, options: `-c role=${role}` }) });
}

let pool: pg.Pool | undefined;
let poolUrl: string | undefined;

/**
 * A plain node-postgres pool, also as the application role, for libraries that speak `pg` themselves (the
 * sign-in limiter, ADR 013) and the hot reads (readRows, ADR 080), prepared with generic plans (ADR 084).
 */
export function getPool(): pg.Pool {
  const url = process.env.DATABASE_URL ?? getEnv().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides PostgreSQL.");
  if (!pool || poolUrl !== url) {
    void pool?.end().catch(() => undefined);
    // Generic plans for the named statements (ADR 084): each is a read by keys that one plan serves for every value,
    // and PostgreSQL otherwise re-plans a statement whose generic plan it cannot cost well — a date bound and array
    // parameters, as in the updates list — on every execution: planning was most of a signed-in page's database
    // time. Unnamed statements (the limiter's) are planned once each whatever this says.
    pool = new pg.Pool({ connectionString: url, options: `-c role=${APPLICATION_ROLE} -c plan_cache_mode=force_generic_plan`, max: 4 });
    // An idle connection ended by the server (restart, a test dropping its database) must not crash the process;
    // the next query opens a new one.
    pool.on("error", () => undefined);
    poolUrl = url;
  }
  return pool;
}

/** A read the hot pages run on every request: its text, and the name it is prepared under on each pooled connection. */
export interface NamedStatement {
  name: string;
  text: string;
}

/**
 * One definition of a hot read, run on the plain pool as a prepared statement — without Prisma's own work per query
 * (its plan interpreted, its rows mapped: 18 % of /home's profile across the page's queries, ADR 075) — or, when a
 * client is given (a transaction's, a test's), through that client, so the read sees the caller's own writes. The
 * statement casts what pg and Prisma would map apart (enums and uuids to text, counts to int), so both paths return
 * the same rows.
 */
export async function readRows<Row extends object>(statement: NamedStatement, values: readonly unknown[], db?: Database | Transaction): Promise<Row[]> {
  if (db) return db.$queryRawUnsafe<Row[]>(statement.text, ...values);
  return (await getPool().query<Row>({ name: statement.name, text: statement.text, values: [...values] })).rows;
}

export async function disconnectDatabase(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
  clientUrl = undefined;
  const ending = pool;
  pool = undefined;
  poolUrl = undefined;
  await ending?.end().catch(() => undefined);
}
