// Pruning the consent outbox (issue 17 item 5; ADR 052): rows every destination acknowledged before the retention
// go; undelivered rows, the newest acknowledged row of each destination and the ledger stay; the app role still
// cannot delete from the outbox by itself.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { APPLICATION_ROLE, getDatabase } from "../../app/db.server";
import { pruneDeliveredOutbox } from "../../app/domain/consent/ledger/outbox/prune-delivered-outbox.server";
import { consentOutbox, readLagAndMark } from "@tsunagi/outbox-relay/outbox-streams";
import { openRelayDatabase } from "@tsunagi/outbox-relay/relay-database";

import { useTestDatabase } from "../support/database";
import { commitConsentChange } from "../support/outbox-fixtures";

const database = useTestDatabase();

/** How far the bridge has acknowledged the consent outbox, as the relay reads it. */
async function bridgeMarkNow(): Promise<string> {
  const relayDatabase = openRelayDatabase(database.url);
  try {
    return (await readLagAndMark(consentOutbox, "bridge", relayDatabase)).mark;
  } finally {
    await relayDatabase.close();
  }
}
const day = 86_400_000;

describe("pruning the delivered outbox", () => {
  it("deletes only rows every destination acknowledged before the retention, keeps each destination's newest, and leaves the ledger whole", async () => {
    const db = getDatabase();
    const changes: Awaited<ReturnType<typeof commitConsentChange>>[] = [];
    for (let index = 0; index < 6; index += 1) changes.push(await commitConsentChange(changes[0]?.participantId));
    const seqs = changes.map((change) => BigInt(change.event.globalSeq));
    const now = new Date();
    const old = new Date(now.getTime() - 40 * day);
    // 0–3 delivered to both 40 days ago; 4 delivered to the bridge only; 5 not delivered at all.
    await db.consentOutbox.updateMany({ where: { globalSeq: { in: seqs.slice(0, 4) } }, data: { bridgeDeliveredAt: old, natsDeliveredAt: old } });
    await db.consentOutbox.updateMany({ where: { globalSeq: seqs[4]! }, data: { bridgeDeliveredAt: old } });
    const bridgeMark = await bridgeMarkNow();
    const ledgerBefore = await db.consentEvent.count();

    // With NATS as a destination: rows 0–2 go (3 is the stream's newest acknowledged row), 4 waits for the stream.
    expect(await pruneDeliveredOutbox({ retentionDays: 30, requireNats: true, now })).toBe(3);
    const left = (await db.consentOutbox.findMany({ where: { globalSeq: { in: seqs } }, select: { globalSeq: true }, orderBy: { globalSeq: "asc" } })).map((row) => row.globalSeq);
    expect(left).toEqual(seqs.slice(3));
    expect(await bridgeMarkNow()).toBe(bridgeMark);
    expect(await db.consentEvent.count()).toBe(ledgerBefore);

    // Within the retention nothing goes; without NATS, row 3 goes (4 is the bridge's newest), 5 never while undelivered.
    expect(await pruneDeliveredOutbox({ retentionDays: 60, requireNats: false, now })).toBe(0);
    expect(await pruneDeliveredOutbox({ retentionDays: 30, requireNats: false, now })).toBe(1);
    expect((await db.consentOutbox.findMany({ where: { globalSeq: { in: seqs } }, select: { globalSeq: true }, orderBy: { globalSeq: "asc" } })).map((row) => row.globalSeq)).toEqual(seqs.slice(4));
    expect(await bridgeMarkNow()).toBe(bridgeMark);
  });

  it("the app role still cannot delete from the outbox itself", async () => {
    await commitConsentChange();
    const client = new pg.Client({ connectionString: database.url, options: `-c role=${APPLICATION_ROLE}` });
    await client.connect();
    try {
      await expect(client.query(`DELETE FROM "ConsentOutbox"`)).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});
