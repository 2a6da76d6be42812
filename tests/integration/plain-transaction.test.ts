// The consent verbs' plain pg transaction (ADR 155) keeps what Prisma's interactive transaction gave them: all or
// nothing, a connection back in the pool whatever happened, a statement that cannot wait for ever; and the ledger's
// statements read the same in either kind of transaction.
import { describe, expect, it } from "vitest";
import { getDatabase, plainTransaction, sql, sqlRows, type SqlTransaction } from "../../app/db.server";
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
