// Issue 29: the demo cohort, made in bulk in front of an empty ledger, is a ledger that verifies (both hash chains,
// every projection), with an outbox row per event for the relay, enrolments spread over two years, and one member who
// can sign in to try withdrawal. Made once: a second run finds it and keeps that member's password.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { verifyPassword } from "../../app/domain/auth/password.server";
import { verifyLedger } from "../../app/domain/consent/ledger/verify-ledger.server";
import { DEMO_COHORT_PREFIX, DEMO_WITHDRAWAL_EMAIL, seedDemoCohort } from "../../app/wiring/demo/seed-demo-cohort.server";
import { seedDemoAccounts } from "../../app/wiring/demo/seed-demo-accounts.server";
import { seedDemoParticipants } from "../../app/wiring/demo/seed-demo-participants.server";
import { useTestDatabase } from "../support/database";

useTestDatabase();

describe("the demo cohort", () => {
  it("makes N participants over two years whose ledger verifies, once, with a member to try withdrawal with", async () => {
    const db = getDatabase();
    const now = new Date("2026-11-20T03:00:00Z");
    const { cohort, created } = await seedDemoCohort({ size: 240, now });
    expect(created).toBe(true);
    expect(cohort).toMatchObject({ participants: 240, months: 24, tryWithdrawal: { email: DEMO_WITHDRAWAL_EMAIL } });

    expect(await db.participant.count({ where: { pseudonym: { startsWith: DEMO_COHORT_PREFIX } } })).toBe(240);
    const events = await db.consentEvent.count();
    expect(events).toBeGreaterThan(240);
    expect(await db.consentOutbox.count()).toBe(events);
    expect(await db.consentState.count()).toBe(240);
    expect(await verifyLedger(db)).toMatchObject({ ok: true, events });

    // Spread over the two years before `now`, some withdrawn, the rest active.
    const grants = await db.consentEvent.findMany({ where: { type: "granted" }, select: { occurredAt: true } });
    const months = new Set(grants.map((grant) => grant.occurredAt.toISOString().slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(20);
    expect(Math.min(...grants.map((grant) => grant.occurredAt.getTime()))).toBeGreaterThan(now.getTime() - 25 * 30 * 86_400_000);
    expect(Math.max(...grants.map((grant) => grant.occurredAt.getTime()))).toBeLessThan(now.getTime());
    const statuses = await db.consentState.groupBy({ by: ["status"], _count: true });
    expect(Object.fromEntries(statuses.map((row) => [row.status, row._count]))).toMatchObject({ active: expect.any(Number), withdrawn: expect.any(Number) });

    // The trial member signs in with the password demo.json holds, and their consent stands.
    const trialUser = await db.user.findUniqueOrThrow({ where: { email: DEMO_WITHDRAWAL_EMAIL } });
    expect(await verifyPassword(trialUser.passwordHash, cohort!.tryWithdrawal.password)).toBe(true);
    const trial = await db.participant.findUniqueOrThrow({ where: { userId: trialUser.id }, include: { state: true } });
    expect([trial.pseudonym, trial.state?.status]).toEqual([cohort!.tryWithdrawal.pseudonym, "active"]);

    const again = await seedDemoCohort({ size: 240, known: cohort, now });
    expect(again).toEqual({ created: false, cohort });
    expect(await db.consentEvent.count()).toBe(events);

    // The named demo participants follow it in the ledger, and it all still verifies.
    await seedDemoParticipants([], await seedDemoAccounts([]));
    expect(await verifyLedger(db)).toMatchObject({ ok: true });
  });
});
