/**
 * Child process: "the app" of the chaos run — commits consent changes through the app's own ledger verbs until the
 * ledger holds CHAOS_TARGET events: new participants' grants, choice changes, and withdrawals (about one in six).
 * Killed with SIGKILL at any point, a transaction in flight rolls back; started again, it carries on from what the
 * ledger holds. While PostgreSQL is down it retries. Reports each commit to the parent (IPC) for progress only: the
 * ledger, not these messages, is the run's oracle.
 */
import { getDatabase } from "../../app/db.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { commitConsentChange } from "../../tests/support/outbox-fixtures";
import { createUser, requestFrom } from "../../tests/factories/user-factory";

const target = Number(process.env.CHAOS_TARGET);
let seed = Number(process.env.CHAOS_SEED ?? 1) >>> 0;
/** mulberry32: the same seed, the same mix of changes (the timing of kills still differs). */
function random(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ledgerSize(): Promise<number> {
  return getDatabase().consentEvent.count();
}

async function main() {
  const db = getDatabase();
  const coordinator = await retrying(() => createUser({ role: "coordinator" }));
  const active = (await retrying(() => db.consentState.findMany({ where: { status: { not: "withdrawn" } }, select: { participantId: true } }))).map((row) => row.participantId);
  let committed = await retrying(ledgerSize);
  while (committed < target) {
    const roll = random();
    try {
      if (active.length < 5 || roll < 0.3) {
        const change = await commitConsentChange();
        active.push(change.participantId);
      } else if (roll < 0.83) {
        await commitConsentChange(active[Math.floor(random() * active.length)]);
      } else {
        const index = Math.floor(random() * active.length);
        const participantId = active[index]!;
        await withdrawConsent({ participantId, level: "no_further_use", actor: { userId: coordinator.id, role: "coordinator" }, method: "phone", language: "ja", request: requestFrom() });
        active.splice(index, 1);
      }
      committed += 1;
      process.send?.({ type: "committed", committed });
    } catch {
      // PostgreSQL restarting, or a change refused: look at the ledger again and go on.
      await sleep(200);
      committed = await retrying(ledgerSize);
    }
  }
  process.send?.({ type: "done", committed });
  await sleep(100);
  process.exit(0);
}

async function retrying<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await work();
    } catch {
      await sleep(250);
    }
  }
}

await main();
