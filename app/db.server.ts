import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { SERVICE_ROLES } from "@tsunagi/service-kit/database-login";
import { preparedStatementNames } from "@tsunagi/service-kit/prepared-statements";
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
let clientPool: pg.Pool | undefined;

/** The pg pool under each Prisma client this module made: plain transactions (ADR 155) take their connections from it. */
const poolsOfClients = new WeakMap<PrismaClient, pg.Pool>();

function prismaOnPool(pool: pg.Pool): PrismaClient {
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  poolsOfClients.set(prisma, pool);
  return prisma;
}

function rolePool(url: string, role: string): pg.Pool {
  // Pipelined (ADR 166): a query written while another is still out goes at once rather than after its answer. Code
  // that awaits each query is unchanged by it; a plain transaction sends its BEGIN with its first statement, and its
  // last statement with its COMMIT, each pair one round trip.
  const made = new pg.Pool({ connectionString: url, options: `-c role=${role}`, pipeline: true });
  // An idle connection ended by the server (restart, a test dropping its database) must not crash the process.
  made.on("error", () => undefined);
  return made;
}

/** The process-wide Prisma client. Only app/domain/ may import this; routes call domain functions. */
export function getDatabase(): PrismaClient {
  const url = process.env.DATABASE_URL ?? getEnv().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides PostgreSQL.");
  }
  // Tests point DATABASE_URL at a fresh database per file; follow it rather than keep a stale pool.
  if (!client || clientUrl !== url) {
    void client?.$disconnect();
    void clientPool?.end().catch(() => undefined);
    clientPool = rolePool(url, APPLICATION_ROLE);
    client = prismaOnPool(clientPool);
    clientUrl = url;
  }
  return client;
}

/**
 * A Prisma client of its own, working as `role` whatever user the URL names, for a service that must not share the
 * app's (the relay). The caller closes it with `closeDatabase()`.
 */
export function openDatabase(url: string, role: string): PrismaClient {
  return prismaOnPool(rolePool(url, role));
}

/** Closes a client from openDatabase, and its pool (Prisma leaves a pool it was given open). */
export async function closeDatabase(db: PrismaClient): Promise<void> {
  await db.$disconnect();
  await poolsOfClients.get(db)?.end().catch(() => undefined);
}

/**
 * A transaction on a plain pg connection (ADR 155): a pooled client between BEGIN and COMMIT, wrapped once per
 * transaction so that what was issued in it (a participant's turn) is recognised by identity, as with Prisma's.
 */
export interface PlainTransaction {
  readonly client: pg.PoolClient;
  /**
   * Run once the transaction has committed, in order, never awaited and never able to fail the caller: a consent
   * change's direct publish to NATS (ADR 159). Dropped on rollback.
   */
  readonly afterCommit?: (() => void)[];
  /**
   * Whether the transaction's last statement may carry its COMMIT in the same round trip (ADR 163: the ledger lock then
   * ends where it was taken, not when this process's event loop next gets round to COMMIT), and whether it did.
   */
  readonly commitWithLast?: { readonly allowed: boolean; committed: boolean };
  /**
   * Statements written whose answers nobody has awaited yet (ADR 166): the BEGIN, and writes sent by `sqlSend`. The next
   * statement is written right behind them on the pipelined connection and awaits their answers with its own.
   */
  readonly unanswered?: Promise<unknown>[];
}

/** Has `action` run after the transaction commits, if it is a plain one; in Prisma's, nothing (ADR 159). */
export function afterCommit(tx: SqlTransaction, action: () => void): void {
  if (isPlain(tx)) tx.afterCommit?.push(action);
}

/** A transaction SQL can be run in: Prisma's interactive one, or a plain one (the consent verbs' hot path, ADR 155). */
export type SqlTransaction = Transaction | PlainTransaction;

/** A statement and its values, numbered $1, $2… as both pg and Prisma's raw queries take them. */
export interface SqlStatement {
  readonly text: string;
  readonly values: readonly unknown[];
}

/**
 * Each call site's text, made once: a tagged template's strings are one object per call site, so the text (and the
 * prepared statement's name, looked up by it) is not rebuilt and rehashed on every change (ADR 165).
 */
const textsOfCallSites = new WeakMap<TemplateStringsArray, string>();

/** `sql\`… ${value} …\`` as a statement: every interpolation is a bound value, never text. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlStatement {
  let text = textsOfCallSites.get(strings);
  if (text === undefined) {
    text = strings[0]!;
    for (let index = 1; index < strings.length; index += 1) text += `$${index}${strings[index]}`;
    textsOfCallSites.set(strings, text);
  }
  return { text, values };
}

/** A plain transaction whose last statement carried its COMMIT takes no other (ADR 163). */
function refuseAfterCommit(tx: PlainTransaction): void {
  if (tx.commitWithLast?.committed) throw new Error("A statement after the plain transaction committed with its last one (ADR 163)");
}

function isPlain(tx: SqlTransaction): tx is PlainTransaction {
  return "client" in tx && !("$queryRawUnsafe" in tx);
}

/**
 * Runs one statement in either kind of transaction and returns its rows. The two drivers map some types apart — a
 * bigint is a string from pg and a BigInt from Prisma — so a caller reads such columns through BigInt(…) or casts
 * them in SQL; times (Date), JSON (parsed), integers and text come back alike.
 */
export async function sqlRows<Row extends object>(tx: SqlTransaction, statement: SqlStatement): Promise<Row[]> {
  if (isPlain(tx)) {
    refuseAfterCommit(tx);
    return (await withUnanswered(tx, tx.client.query<Row>(boundStatement(statement)))).rows;
  }
  return tx.$queryRawUnsafe<Row[]>(statement.text, ...statement.values);
}

/**
 * Sends a write whose rows the caller does not need, without waiting for its answer in a plain transaction (ADR 166):
 * the transaction's next statement goes right behind it and fails with its error if it failed, as does the COMMIT.
 * PostgreSQL runs them in order, so what follows sees the write. In Prisma's transaction, it runs and is awaited.
 */
export async function sqlSend(tx: SqlTransaction, statement: SqlStatement): Promise<void> {
  if (isPlain(tx) && tx.unanswered) {
    refuseAfterCommit(tx);
    const answer = tx.client.query(boundStatement(statement));
    answer.catch(() => undefined);
    tx.unanswered.push(answer);
    return;
  }
  await sqlRows(tx, statement);
}

/**
 * A plain transaction's statements are prepared under a name made from their text, once per pooled connection, then
 * only bound and run (ADR 165): parsing each anew, and planning it for its values, was about a third of PostgreSQL's
 * CPU for a consent verb. The texts are the domain's own `sql` templates, a fixed set; past 256 the rest go unnamed.
 */
const preparedNameOf = preparedStatementNames("plain");

function boundStatement(statement: SqlStatement): pg.QueryConfig {
  return { name: preparedNameOf(statement.text), text: statement.text, values: [...statement.values] };
}

/**
 * A statement's answer, after the answers of those written before it that nobody awaited (its BEGIN, `sqlSend`'s; ADR
 * 166). All are awaited together: the first that failed is the error the caller sees, and no failure goes unhandled.
 * PostgreSQL answers in order, so none of theirs comes after the statement's.
 */
async function withUnanswered<Result>(tx: PlainTransaction, answer: Promise<Result>): Promise<Result> {
  if (!tx.unanswered?.length) return answer;
  const before = tx.unanswered.splice(0);
  const answers = await Promise.all([...before, answer]);
  return answers[answers.length - 1] as Result;
}

/**
 * Runs `work` in a plain pg transaction on the pool under `db` (ADR 155): BEGIN, the work, COMMIT, or ROLLBACK if it
 * throws. What Prisma's interactive transaction did per statement — its plan compiled and interpreted, its rows mapped
 * — is most of a consent verb's CPU, and the ledger lock is held across it, so the verbs that run on every change
 * (withdraw, change, stop provision) run here. The same statement timeout as Prisma's transaction gave: a verb never
 * waits on a lock for ever.
 */
export async function plainTransaction<T>(
  db: Database,
  work: (tx: PlainTransaction) => Promise<T>,
  options: { timeoutMs?: number; commitWithLastStatement?: boolean } = {},
): Promise<T> {
  const pool = poolsOfClients.get(db);
  if (!pool) throw new Error("plainTransaction needs a client made by getDatabase or openDatabase");
  const client = await pool.connect();
  let healthy = true;
  const committed: (() => void)[] = [];
  const runAfterCommit = () => {
    for (const action of committed) {
      try {
        action();
      } catch {
        // Best effort by definition (ADR 159): the change is committed and the outbox carries it.
      }
    }
  };
  // ADR 163: by default the work's last statement, sent through sqlRowsAndCommit (the ledger append), carries the COMMIT.
  const commitWithLast = { allowed: options.commitWithLastStatement ?? true, committed: false };
  // Generic plans (as the hot reads have, ADR 084): each statement, and each inside the ledger's append function and
  // graphile-worker's add_job, planned once per connection rather than for every change's values. Not awaited here
  // (ADR 166): the work's first statement goes right behind it, on the pipelined connection, and waits for both.
  // Nothing but a broken connection fails these three, and then every statement behind them fails too.
  const begun = client.query(`BEGIN; SET LOCAL statement_timeout = ${Math.floor(options.timeoutMs ?? PLAIN_TRANSACTION_TIMEOUT_MS)}; SET LOCAL plan_cache_mode = force_generic_plan`);
  begun.catch(() => undefined);
  const tx: PlainTransaction = { client, afterCommit: committed, commitWithLast, unanswered: [begun] };
  try {
    const result = await work(tx);
    if (!commitWithLast.committed) await withUnanswered(tx, client.query("COMMIT"));
    runAfterCommit();
    return result;
  } catch (error) {
    // Committed with its last statement, then the work threw (a check after the commit): there is nothing to roll
    // back, and what follows a commit still follows it.
    if (commitWithLast.committed) {
      runAfterCommit();
      throw error;
    }
    try {
      await client.query("ROLLBACK");
    } catch {
      // The connection is broken: it must not go back to the pool.
      healthy = false;
    }
    throw error;
  } finally {
    client.release(healthy ? undefined : true);
  }
}

/**
 * A transaction's last statement with its COMMIT, in one round trip where the transaction allows it (a plain one, ADR
 * 163); elsewhere (Prisma's, or a plain one that does not) the statement alone, the caller's transaction committing as
 * it would. The statement is bound and prepared like any other, and the COMMIT written right behind it on the pipelined
 * connection (ADR 166). PostgreSQL answers them in order: if the statement fails, the transaction is aborted and the
 * COMMIT only ends it, committing nothing. After it, the transaction takes no further statement.
 */
export async function sqlRowsAndCommit<Row extends object>(tx: SqlTransaction, statement: SqlStatement): Promise<Row[]> {
  if (!isPlain(tx) || !tx.commitWithLast?.allowed) return sqlRows<Row>(tx, statement);
  refuseAfterCommit(tx);
  const answer = tx.client.query<Row>(boundStatement(statement));
  const commit = tx.client.query("COMMIT");
  const [result] = await withUnanswered(tx, Promise.all([answer, commit]));
  tx.commitWithLast.committed = true;
  return result.rows;
}

/** Prisma's interactive transactions give up after 5 s; a plain one's statements do too. */
const PLAIN_TRANSACTION_TIMEOUT_MS = 5_000;

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
  await clientPool?.end().catch(() => undefined);
  client = undefined;
  clientUrl = undefined;
  clientPool = undefined;
  const ending = pool;
  pool = undefined;
  poolUrl = undefined;
  await ending?.end().catch(() => undefined);
}
