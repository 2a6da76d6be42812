// The consent verbs' plain pg transaction (ADR 155) keeps what Prisma's interactive transaction gave them: all or
// nothing, a connection back in the pool whatever happened, a statement that cannot wait for ever; and the ledger's
// statements read the same in either kind of transaction.
import { describe, expect, it } from "vitest";
import pg from "pg";
import { getDatabase, plainTransaction, sql, sqlRows, sqlRowsAndCommit, sqlSend, type SqlTransaction } from "../../app/db.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { lockParticipantConsent } from "../../app/domain/consent/ledger/index.server";
import { AppError } from "../../app/domain/kernel/index";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { consentedParticipant } from "./dashboard-fixtures";

useTestDatabase();

const request = { ipAddress: "127.0.0.1", userAgent: "plain transaction test" };

describe("a plain transaction (ADR 155)", () => {
  it("commits what its work wrote, and writes nothing of work that throws", async () => {
    const db = getDatabase();
    const marker = (type: string) => sql`INSERT INTO "AuditEvent" ("occurredAt", "type", "outcome", "detail") VALUES (now(), ${type}, 'success', '{}'::jsonb)`;
    await plainTransaction(db, (tx) => sqlRows(tx, marker("test.plain_committed")));
    await expect(
      plainTransaction(db, async (tx) => {
        await sqlRows(tx, marker("test.plain_rolled_back"));
        throw new AppError("nothing_changed");
      }),
    ).rejects.toMatchObject({ code: "nothing_changed" });
    const types = (await db.auditEvent.findMany({ where: { type: { startsWith: "test.plain_" } }, select: { type: true } })).map((row) => row.type);
    expect(types).toEqual(["test.plain_committed"]);
  });

  it("gives its connection back whatever happened: thirty refused withdrawals in a pool of ten, then one that is recorded", async () => {
    const participant = await consentedParticipant();
    const coordinator = await createUser({ role: "coordinator" });
    const actor = { userId: coordinator.id, role: "coordinator" };
    await withdrawConsent({ participantId: participant.id, level: "no_further_use", actor, method: "phone", language: "ja", request });
    // Each is refused under the lock (no stricter level), after its transaction began: a connection kept by any of
    // them would leave the last withdrawal waiting for ever, and the test would time out.
    const refusals = await Promise.allSettled(
      Array.from({ length: 30 }, () => withdrawConsent({ participantId: participant.id, level: "no_further_use", actor, method: "phone", language: "ja", request })),
    );
    expect(refusals.map((outcome) => (outcome.status === "rejected" ? (outcome.reason as AppError).code : "recorded"))).toEqual(Array(30).fill("nothing_changed"));
    const destroyed = await withdrawConsent({ participantId: participant.id, level: "destroy", actor, method: "phone", language: "ja", request });
    expect(destroyed.withdrawalLevel).toBe("destroy");
    // The destroy's own writes, made in the same plain transaction: samples marked, identity erased, one audit row each.
    const db = getDatabase();
    expect(await db.sample.count({ where: { participantId: participant.id, destroyedAt: null } })).toBe(0);
    expect((await db.participantIdentity.findUniqueOrThrow({ where: { participantId: participant.id } })).erasedAt).not.toBeNull();
    // The refusals wrote nothing: the ledger holds the grant and two withdrawals, each with its one audit row.
    const events = await db.consentEvent.findMany({ where: { participantId: participant.id }, orderBy: { participantSeq: "asc" }, select: { id: true, type: true } });
    expect(events.map((event) => event.type)).toEqual(["granted", "withdrawn", "withdrawn"]);
    const audited = await db.auditEvent.findMany({ where: { type: "consent.recorded", actorUserId: coordinator.id }, select: { detail: true } });
    expect(audited.map((row) => (row.detail as { eventId: string }).eventId).sort()).toEqual(events.slice(1).map((event) => event.id).sort());
  });

  it("cancels a statement that waits past its timeout, and rolls back", async () => {
    const started = Date.now();
    await expect(plainTransaction(getDatabase(), (tx) => sqlRows(tx, sql`SELECT pg_sleep(2)`), { timeoutMs: 100 })).rejects.toMatchObject({ code: "57014" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("prepares each statement once per connection with a generic plan, then only binds it; past its bound, the rest go unnamed", async () => {
    const db = getDatabase();
    const read = sql`SELECT count(*)::int AS "n" FROM "AuditEvent" WHERE "type" = ${"test.prepared"}`;
    const prepared = await plainTransaction(db, async (tx) => {
      for (let run = 0; run < 3; run += 1) expect(await sqlRows<{ n: number }>(tx, read)).toEqual([{ n: 0 }]);
      const rows = await tx.client.query<{ statements: number; generic: number; custom: number }>(
        `SELECT count(*)::int AS "statements", coalesce(sum(generic_plans), 0)::int AS "generic", coalesce(sum(custom_plans), 0)::int AS "custom" FROM pg_prepared_statements WHERE statement = $1`,
        [read.text],
      );
      return rows.rows[0]!;
    });
    // Parsed once, planned once for any value: three runs, one statement, no plan made for one run's values.
    expect(prepared).toEqual({ statements: 1, generic: 3, custom: 0 });
    // Statements made up from data (which the domain's are not) cannot fill a connection: 300 texts, each answered,
    // and at most 256 named on the connection.
    const named = await plainTransaction(db, async (tx) => {
      for (let index = 0; index < 300; index += 1) expect(await sqlRows<{ n: number }>(tx, { text: `SELECT $1::int AS "n", ${index} AS "text_${index}"`, values: [index] })).toMatchObject([{ n: index }]);
      return (await tx.client.query<{ count: number }>(`SELECT count(*)::int AS "count" FROM pg_prepared_statements WHERE name LIKE 'plain\\_%'`)).rows[0]!.count;
    });
    expect(named).toBeLessThanOrEqual(256);
    expect(named).toBeGreaterThan(200);
  });

  it("the participant's lock reads the same consent in Prisma's transaction and in a plain one", async () => {
    const participant = await consentedParticipant();
    const db = getDatabase();
    const read = async (tx: SqlTransaction) => {
      const turn = await lockParticipantConsent(tx, participant.id);
      return { state: turn.state, participantSeq: turn.participantSeq };
    };
    const inPrisma = await db.$transaction((tx) => read(tx));
    const inPlain = await plainTransaction(db, (tx) => read(tx));
    expect(inPlain.state).not.toBeNull();
    expect(inPlain).toEqual(inPrisma);
  });
});

describe("the last statement carries the COMMIT (ADR 163)", () => {
  // No literals of its own: its values are written in when it carries the COMMIT.
  const marker = (type: string) => sql`INSERT INTO "AuditEvent" ("occurredAt", "type", "outcome", "detail") VALUES (now(), ${type}, ${"success"}, ${"{}"}::jsonb) RETURNING "type"`;
  const markers = async (prefix: string) => (await getDatabase().auditEvent.findMany({ where: { type: { startsWith: prefix } }, select: { type: true }, orderBy: { type: "asc" } })).map((row) => row.type);

  it("commits with it, takes no statement after it, and a check that fails after it leaves what committed committed", async () => {
    const db = getDatabase();
    const rows = await plainTransaction(db, async (tx) => {
      await sqlRows(tx, sql`INSERT INTO "AuditEvent" ("occurredAt", "type", "outcome", "detail") VALUES (now(), ${"test.last_before"}, 'success', '{}'::jsonb)`);
      return sqlRowsAndCommit<{ type: string }>(tx, marker("test.last_with_commit"));
    });
    expect(rows).toEqual([{ type: "test.last_with_commit" }]);
    await expect(
      plainTransaction(db, async (tx) => {
        await sqlRowsAndCommit(tx, marker("test.last_then_more"));
        await sqlRows(tx, marker("test.last_never"));
      }),
    ).rejects.toThrow(/after the plain transaction committed/);
    // A failure after the commit (the append's hash check) cannot undo it: the work's error reaches the caller, the
    // change stands, and what runs after a commit still runs.
    let published = false;
    await expect(
      plainTransaction(db, async (tx) => {
        await sqlRowsAndCommit(tx, marker("test.last_then_error"));
        tx.afterCommit?.push(() => (published = true));
        throw new Error("a check after the commit failed");
      }),
    ).rejects.toThrow("a check after the commit failed");
    expect(published).toBe(true);
    expect(await markers("test.last_")).toEqual(["test.last_before", "test.last_then_error", "test.last_then_more", "test.last_with_commit"]);
  });

  it("a last statement that fails commits nothing of the transaction, and its connection goes back to the pool", async () => {
    const db = getDatabase();
    for (let attempt = 0; attempt < 15; attempt++) {
      await expect(
        plainTransaction(db, async (tx) => {
          await sqlRows(tx, marker("test.failed_rolled_back"));
          await sqlRowsAndCommit(tx, sql`SELECT 1 / ${0}::int`);
        }),
      ).rejects.toMatchObject({ code: "22012" });
    }
    expect(await markers("test.failed_")).toEqual([]);
    // With the pool's ten connections still free, an ordinary one commits.
    await plainTransaction(db, (tx) => sqlRowsAndCommit(tx, marker("test.failed_after_failures")));
    expect(await markers("test.failed_")).toEqual(["test.failed_after_failures"]);
  });

  it("in Prisma's transaction, or a plain one that does not allow it, the statement runs alone and COMMIT comes after", async () => {
    const db = getDatabase();
    await db.$transaction(async (tx) => {
      await sqlRowsAndCommit(tx, marker("test.alone_prisma"));
      await sqlRows(tx, marker("test.alone_prisma_after"));
    });
    await plainTransaction(db, async (tx) => {
      await sqlRowsAndCommit(tx, marker("test.alone_apart"));
      await sqlRows(tx, marker("test.alone_apart_after"));
    }, { commitWithLastStatement: false });
    expect(await markers("test.alone_")).toEqual(["test.alone_apart", "test.alone_apart_after", "test.alone_prisma", "test.alone_prisma_after"]);
  });

  it("sends BEGIN with the first statement and COMMIT with the last, neither waiting for the answer before it (ADR 166)", async () => {
    // What goes out on the connection and what comes back, in order: each pair must be written before the first of
    // its two answers (a ReadyForQuery) arrives. Recorded on the live connection's own methods, not a stand-in.
    const seen: string[] = [];
    const prototype = pg.Connection.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    const originals = { query: prototype.query!, bind: prototype.bind!, emit: prototype.emit! };
    prototype.query = function (this: unknown, text: unknown) {
      seen.push(`send ${String(text).split(/[ ;]/)[0]}`);
      return originals.query.call(this, text);
    };
    prototype.bind = function (this: unknown, config: unknown) {
      seen.push("send statement");
      return originals.bind.call(this, config);
    };
    prototype.emit = function (this: unknown, event: unknown, ...args: unknown[]) {
      if (event === "readyForQuery") seen.push("answer");
      return originals.emit.call(this, event, ...args);
    };
    let rows: { type: string }[];
    try {
      rows = await plainTransaction(getDatabase(), async (tx) => {
        await sqlSend(tx, marker("test.pipelined_sent"));
        await sqlRows(tx, marker("test.pipelined_read"));
        return sqlRowsAndCommit<{ type: string }>(tx, marker("test.pipelined_last"));
      });
    } finally {
      Object.assign(prototype, originals);
    }
    expect(rows).toEqual([{ type: "test.pipelined_last" }]);
    // BEGIN, the write sent without waiting and the next statement in one round trip; the last with its COMMIT in another.
    expect(seen).toEqual(["send BEGIN", "send statement", "send statement", "answer", "answer", "answer", "send statement", "send COMMIT", "answer", "answer"]);
    expect(await markers("test.pipelined_")).toEqual(["test.pipelined_last", "test.pipelined_read", "test.pipelined_sent"]);
  });

  it("a write sent without waiting is seen by what follows; if it fails, the transaction fails with its error and commits nothing", async () => {
    const db = getDatabase();
    const counted = await plainTransaction(db, async (tx) => {
      await sqlSend(tx, marker("test.sent_seen"));
      return sqlRows<{ n: number }>(tx, sql`SELECT count(*)::int AS "n" FROM "AuditEvent" WHERE "type" = ${"test.sent_seen"}`);
    });
    expect(counted).toEqual([{ n: 1 }]);
    const divideByZero = sql`SELECT 1 / ${0}::int`;
    const failing: ((tx: SqlTransaction) => Promise<unknown>)[] = [
      // followed by a read, by the last statement with its COMMIT, and by nothing (the COMMIT alone)
      async (tx) => {
        await sqlSend(tx, marker("test.sent_before"));
        await sqlSend(tx, divideByZero);
        await sqlRows(tx, marker("test.sent_after"));
      },
      async (tx) => {
        await sqlSend(tx, divideByZero);
        await sqlRowsAndCommit(tx, marker("test.sent_last"));
      },
      async (tx) => {
        await sqlRows(tx, marker("test.sent_first"));
        await sqlSend(tx, divideByZero);
      },
    ];
    for (const work of failing) await expect(plainTransaction(db, work)).rejects.toMatchObject({ code: "22012" });
    expect(await markers("test.sent_")).toEqual(["test.sent_seen"]);
  });

  it("binds the last statement's values like any other's: hostile text is stored as it came", async () => {
    const texts = ["", "it's", "''; DROP TABLE \"AuditEvent\"; --", "back\\slash \\' and E'\\x41'", "$1 $2 $$ $tag$ ?", "改行\nタブ\t", "\u202Eright-to-left\u200B zero width", "👩‍👩‍👧 ZWJ"];
    const rows = await plainTransaction(getDatabase(), (tx) => sqlRowsAndCommit<{ texts: string[] }>(tx, sql`SELECT ${texts}::text[] AS "texts"`));
    expect(rows).toEqual([{ texts }]);
  });
});
