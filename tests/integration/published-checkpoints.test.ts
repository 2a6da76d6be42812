/**
 * Issue 16 item 4 (ADR 046): the heads of the consent chain and the audit log, signed and published. A witness that
 * copied `/transparency/checkpoints.json` catches a database superuser (triggers off, as in ADR 012's attacks) who later
 * edits, deletes or reorders a consent event or an audit row: the verifier, given that copy, the public keys and an
 * export of the database, names the first checkpoint the altered history breaks. An untouched database verifies.
 *
 * Issue 54 item 3 (ADR 114): the list commits to the heads instead of stating them, and is published on a fixed
 * schedule whatever happened, so it tells nobody how many consent events there are or when one was added. What the
 * heads were is read here as an auditor reads it: each statement opened with the opening the operator's export holds.
 *
 * Publishing, the attacks, the schedule and a version 1 list here; the operator's scripts end to end in
 * published-checkpoint-scripts.test.ts and the witness outside the database in published-checkpoint-witness.test.ts
 * (issue 62: one file took nearly two minutes on a slow hour).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { recordAuditEvent } from "../../app/domain/kernel/record-audit-event.server";
import { CheckpointPublicationRefused, publishCheckpoint, publishScheduledCheckpoint } from "../../app/domain/transparency/checkpoints/publish-checkpoint.server";
import { GENESIS_PUBLISHED_HASH, nextAuditDigest, publishedCheckpointHashOf, type CheckpointOpening, type PublishedCheckpointV1 } from "../../app/domain/transparency/checkpoints/published-checkpoint";
import { appendPublishedCheckpoints } from "../../app/domain/transparency/checkpoints/published-checkpoint-log.server";
import { signPublishedCheckpoint } from "../../app/domain/transparency/checkpoints/sign-published-checkpoint";
import { parsePublicJwks } from "../../app/domain/transparency/checkpoints/sign-published-checkpoint";
import { verifyCheckpointList } from "../../app/domain/transparency/checkpoints/verify-published-checkpoints";
import { loader as atomLoader } from "../../app/routes/public/transparency.checkpoints[.]atom";
import { loader as listLoader } from "../../app/routes/public/transparency.checkpoints[.]json";
import { loader as jwksLoader } from "../../app/routes/public/transparency.jwks[.]json";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { useTestDatabase } from "../support/database";
import { asSuperuser, readLedger, replaceHistory } from "../support/ledger-attacks";
import { commitConsentChange } from "../support/outbox-fixtures";
import { useTempDataDir } from "../support/temp-data-dir";
import { runGateCli } from "../support/gate-cli";
import { eventually } from "../support/outbox-fixtures";
import { loadCheckpointKeys } from "../../app/domain/consent/ledger/checkpoints/load-checkpoint-keys.server";
import { takeLedgerCheckpoint } from "../../app/domain/consent/ledger/checkpoints/take-ledger-checkpoint.server";
import type { LedgerCheckpoint } from "../../app/domain/consent/ledger/checkpoints/ledger-checkpoint";
import { startLedgerCheckpointer } from "@tsunagi/ledger-checkpointer/ledger-checkpointer";
import { buildPublishedHistory, fetchAsWitness, openedWithExport, verifyAgainst } from "../support/published-checkpoint-history";

// ---------------------------------------------------------------------------------------------------------------

describe("publishing checkpoints", () => {
  const db = useTestDatabase();
  const data = useTempDataDir();

  it("signs a commitment to the heads into a numbered, linked list at every publication, whether or not anything moved", async () => {
    // The first is dated after every clock this test will meet (the schedule below reads the real one), so the list's
    // time stays the first's whatever day the suite runs: a date in the past made this fail once the day came.
    const first = await publishCheckpoint({ reason: "demo", now: new Date("2099-11-29T09:00:00.000Z") });
    expect(first.checkpoint).toEqual({ version: 2, seq: 1, previous: "0".repeat(64), reason: "demo", publishedAt: "2099-11-29T09:00:00.000Z", commitment: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Nothing moved: the schedule publishes all the same, and its commitment is not the last one's.
    const unchanged = await publishScheduledCheckpoint();
    expect(unchanged.checkpoint).toMatchObject({ seq: 2, previous: publishedCheckpointHashOf(first.checkpoint), reason: "schedule" });
    expect(unchanged.checkpoint.commitment).not.toBe(first.checkpoint.commitment);

    const { event } = await commitConsentChange();
    await recordAuditEvent(getDatabase(), { type: "account.disabled", outcome: "success", detail: {} }, {});
    // A clock behind the previous checkpoint's does not make the list go backwards.
    expect(unchanged.checkpoint.publishedAt).toBe("2099-11-29T09:00:00.000Z");
    const third = await publishCheckpoint({ reason: "schedule", now: new Date("2099-11-29T08:00:00.000Z") });
    expect(third.checkpoint).toMatchObject({ seq: 3, previous: publishedCheckpointHashOf(unchanged.checkpoint), publishedAt: "2099-11-29T09:00:00.000Z" });
    const report = await publishCheckpoint({ reason: "report" });
    expect(report.checkpoint).toMatchObject({ seq: 4, reason: "report" });

    // What each vouches for, as an auditor opens them: the first two the same heads, the third the new event and more
    // audit rows, the report the third's heads.
    const opened = await openedWithExport(await fetchAsWitness());
    expect(opened.map((heads) => heads.seq)).toEqual([1, 2, 3, 4]);
    expect([opened[1]!.ledger, opened[1]!.audit]).toEqual([opened[0]!.ledger, opened[0]!.audit]);
    expect(opened[2]!.ledger).toEqual({ globalSeq: event.globalSeq, chainHash: event.chainHash });
    expect(opened[2]!.audit.rows).toBeGreaterThan(opened[1]!.audit.rows);
    expect([opened[3]!.ledger, opened[3]!.audit]).toEqual([opened[2]!.ledger, opened[2]!.audit]);
    // It was made from a fresh ledger checkpoint, at the same heads.
    const ledgerCheckpoint = await getDatabase().ledgerCheckpoint.findUniqueOrThrow({ where: { seq: BigInt(third.ledgerCheckpointSeq) } });
    expect([ledgerCheckpoint.globalSeq.toString(), ledgerCheckpoint.chainHash, ledgerCheckpoint.auditThroughId.toString()]).toEqual([event.globalSeq, event.chainHash, opened[2]!.audit.throughId]);

    // The row holds the statement, its opening, and private columns that agree with them.
    const row = await getDatabase().publishedCheckpoint.findUniqueOrThrow({ where: { seq: 4n } });
    expect(row).toMatchObject({ reason: "report", globalSeq: BigInt(event.globalSeq), chainHash: event.chainHash, auditThroughId: BigInt(opened[3]!.audit.throughId), auditRows: BigInt(opened[3]!.audit.rows), auditDigest: opened[3]!.audit.digest, hash: report.hash, jws: report.jws });
    expect(row.checkpoint).toEqual(report.checkpoint);
    expect(row.opening).toEqual(report.opening);
    // And the openings file beside the public list holds every opening, private to the operator.
    const openingsFile = path.join(data.path, "published-checkpoint-openings.jsonl");
    expect(readFileSync(openingsFile, "utf8").trimEnd().split("\n").map((line) => (JSON.parse(line) as CheckpointOpening).salt)).toEqual([first, unchanged, third, report].map((view) => view.opening.salt));
    expect(statSync(openingsFile).mode & 0o777).toBe(0o600);
  });

  it("serves the list, the feed and the keys publicly, with no participant id, ledger position, audit id or chain hash anywhere", async () => {
    const copy = await fetchAsWitness();
    expect(copy.entries.map((entry) => entry.checkpoint.seq)).toEqual([1, 2, 3, 4]);
    const jwks = JSON.parse(copy.jwksText) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys.every((key) => !("d" in key) && key.kty === "EC" && key.crv === "P-256")).toBe(true);
    expect(await verifyCheckpointList(copy.entries, await parsePublicJwks(jwks))).toMatchObject({ ok: true });
    const participantIds = (await getDatabase().participant.findMany({ select: { id: true } })).map((row) => row.id);
    expect(participantIds.length).toBeGreaterThan(0);
    for (const id of participantIds) expect(copy.listText).not.toContain(id);

    const feed = await atomLoader();
    expect(feed.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await feed.text();
    const ids = [...xml.matchAll(/<id>[^<]*\/transparency\/checkpoints\.json#(\d+)<\/id>/g)].map((match) => Number(match[1]));
    expect(ids).toEqual([4, 3, 2, 1]);
    for (const entry of copy.entries) expect(xml).toContain(entry.jws);

    // Issue 54 item 3: nothing public tells how many consent events or audit rows there are, nor which. Each statement
    // holds only its number, link, time, reason and commitment; no value of this ledger or audit log appears, quoted
    // as a value (in the JSON, or escaped in the feed), and no hash of either.
    for (const entry of copy.entries) expect(Object.keys(entry.checkpoint).sort()).toEqual(["commitment", "previous", "publishedAt", "reason", "seq", "version"]);
    const ledger = await readLedger();
    const auditIds = (await getDatabase().auditEvent.findMany({ select: { id: true } })).map((row) => row.id.toString());
    const ledgerCheckpoints = (await getDatabase().ledgerCheckpoint.findMany({ select: { checkpoint: true } })).map((row) => row.checkpoint as LedgerCheckpoint);
    const opened = await openedWithExport(copy);
    expect(ledger.length).toBeGreaterThan(0);
    for (const text of [copy.listText, xml]) {
      for (const name of ["globalSeq", "throughId", "chainHash", "rows", "digest", "salt"]) expect(text).not.toContain(name);
      for (const value of [...ledger.map((event) => event.globalSeq), ...auditIds, ...opened.map((heads) => heads.audit.rows.toString())]) {
        expect(text).not.toContain(`"${value}"`);
        expect(text).not.toContain(`&quot;${value}&quot;`);
      }
      // (The 64 zeros of an empty ledger's head are the first checkpoint's `previous` too: a constant, not a head.)
      const hashes = [...ledger.flatMap((event) => [event.chainHash, event.hash]), ...ledgerCheckpoints.flatMap((checkpoint) => [checkpoint.ledger.chainHash, checkpoint.audit.digest]), ...opened.map((heads) => heads.audit.digest)];
      for (const hash of hashes.filter((value) => value !== GENESIS_PUBLISHED_HASH)) expect(text).not.toContain(hash);
    }
    expect(await verifyAgainst(copy)).toMatchObject({ ok: true, checkpoints: 4, latest: { seq: 4 } });
  });

  it("several publishers at once take turns: one unbroken list", async () => {
    await commitConsentChange();
    const views = await Promise.all([publishCheckpoint({ reason: "report" }), publishCheckpoint({ reason: "report" }), publishScheduledCheckpoint()]);
    expect(views.map((view) => view.seq).sort()).toEqual([5, 6, 7]);
    const copy = await fetchAsWitness();
    expect(await verifyAgainst(copy)).toMatchObject({ ok: true, checkpoints: copy.entries.length });
  });

  it("is append-only for the application's role, and refuses to chain onto a row a superuser altered", async () => {
    const app = getDatabase();
    for (const sql of [`UPDATE "PublishedCheckpoint" SET "reason" = 'x'`, `DELETE FROM "PublishedCheckpoint"`]) {
      await expect(app.$executeRawUnsafe(sql), sql).rejects.toThrow(/permission denied for table PublishedCheckpoint/);
    }
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await expect(client.query(`DELETE FROM "PublishedCheckpoint"`)).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
    const newest = await app.publishedCheckpoint.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const original = newest.checkpoint as { reason: string };
    await asSuperuser(db.url, (superuser) => superuser.query(`UPDATE "PublishedCheckpoint" SET "checkpoint" = jsonb_set("checkpoint", '{reason}', '"demo"') WHERE "seq" = $1`, [newest.seq]));
    await expect(publishCheckpoint({ reason: "report" })).rejects.toThrow(CheckpointPublicationRefused);
    await expect(publishCheckpoint({ reason: "report" })).rejects.toThrow(`published checkpoint #${newest.seq} in the database is not as it was signed`);
    await asSuperuser(db.url, (superuser) => superuser.query(`UPDATE "PublishedCheckpoint" SET "checkpoint" = jsonb_set("checkpoint", '{reason}', $2::jsonb) WHERE "seq" = $1`, [newest.seq, JSON.stringify(original.reason)]));
    // Nor onto heads a superuser changed in the row's opening: it no longer opens the statement.
    const next = await publishCheckpoint({ reason: "report" });
    await asSuperuser(db.url, (superuser) => superuser.query(`UPDATE "PublishedCheckpoint" SET "opening" = jsonb_set("opening", '{audit,rows}', $2::jsonb) WHERE "seq" = $1`, [BigInt(next.seq), String(next.opening.audit.rows + 1)]));
    await expect(publishCheckpoint({ reason: "report" })).rejects.toThrow(`published checkpoint #${next.seq} in the database is not as it was signed (its opening does not open it)`);
    await asSuperuser(db.url, (superuser) => superuser.query(`UPDATE "PublishedCheckpoint" SET "opening" = $2::jsonb WHERE "seq" = $1`, [BigInt(next.seq), JSON.stringify(next.opening)]));
    expect((await publishCheckpoint({ reason: "report" })).seq).toBe(next.seq + 1);
  });

  it("over a ledger a superuser rewrote since it was last checkpointed, publishes what was signed, and the list names the rewrite", async () => {
    const before = await getDatabase().publishedCheckpoint.count();
    const signed = await getDatabase().ledgerCheckpoint.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const ledger = await readLedger();
    await replaceHistory(db.url, ledger.map((event, index) => (index === 0 ? { ...event, actorRole: "coordinator" } : event)));
    // The ledger checkpointer refuses the rewritten ledger; the publication carries the heads it signed before (ADR 113),
    // never the rewritten ones, so whoever holds the list can tell.
    const view = await publishCheckpoint({ reason: "report" });
    expect(view.seq).toBe(before + 1);
    expect(view.ledgerCheckpointSeq).toBe(Number(signed.seq));
    expect(await getDatabase().ledgerCheckpoint.count()).toBe(Number(signed.seq));
    expect(await verifyAgainst(await fetchAsWitness())).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", globalSeq: "1" });
  });
});

describe("attack: a consent event covered by checkpoint 1 edited", () => {
  const db = useTestDatabase();
  useTempDataDir();

  it("names checkpoint 1, whether the superuser reseals the chains or not", async () => {
    const { p, ledger } = await buildPublishedHistory();
    const witness = await fetchAsWitness();
    expect(await verifyAgainst(witness)).toMatchObject({ ok: true, checkpoints: 2, events: 10 });

    // p[1]'s grant (#2) now says "no" to industry sharing; the stored hashes are left as they were.
    const original = ledger[1]!;
    expect(original.participantId).toBe(p[1]);
    await asSuperuser(db.url, (client) => client.query(`UPDATE "ConsentEvent" SET "choices" = $2::jsonb WHERE "id" = $1`, [original.id, JSON.stringify({ ...original.choices, "share.industry": "no" })]));
    expect(await verifyAgainst(witness)).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", checkpointSeq: 1, globalSeq: "2", chainProblem: "hash_mismatch", intactThrough: "0" });

    // The same edit with every later hash recomputed by the app's own functions: only the public list can tell.
    await asSuperuser(db.url, (client) => client.query(`UPDATE "ConsentEvent" SET "choices" = $2::jsonb WHERE "id" = $1`, [original.id, JSON.stringify(original.choices)]));
    expect(await verifyAgainst(witness)).toMatchObject({ ok: true });
    await replaceHistory(db.url, ledger.map((event) => (event.id === original.id ? { ...event, choices: { ...event.choices, "share.industry": "no" } } : event)));
    expect(await verifyAgainst(witness)).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", checkpointSeq: 1, checkpointGlobalSeq: "6", globalSeq: "6", intactThrough: "0" });
  }, 120_000);
});

describe("attack: a consent event covered only by checkpoint 2 deleted", () => {
  const db = useTestDatabase();
  useTempDataDir();

  it("names checkpoint 2, and a rolled-back top names the checkpoint it fell behind", async () => {
    const { p, ledger } = await buildPublishedHistory();
    const witness = await fetchAsWitness();
    // p[3]'s withdrawal (#8), with its consent state put back as it was before.
    const withdrawal = ledger[7]!;
    expect([withdrawal.participantId, withdrawal.type]).toEqual([p[3], "withdrawn"]);
    await asSuperuser(db.url, (client) => client.query(`DELETE FROM "ConsentEvent" WHERE "id" = $1`, [withdrawal.id]));
    expect(await verifyAgainst(witness)).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", checkpointSeq: 2, checkpointGlobalSeq: "9", globalSeq: "9", chainProblem: "global_sequence_gap", intactThrough: "6" });

    // Resealed without it, the ledger is one event short and ends before checkpoint 2's position.
    await replaceHistory(db.url, ledger.filter((event) => event.id !== withdrawal.id));
    expect(await verifyAgainst(witness)).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", checkpointSeq: 2, intactThrough: "6" });
    await replaceHistory(db.url, ledger.slice(0, 7));
    expect(await verifyAgainst(witness)).toMatchObject({ ok: false, problem: "ledger_behind_checkpoint", checkpointSeq: 2, checkpointGlobalSeq: "9", ledgerEnd: "7", intactThrough: "6" });
  }, 120_000);
});

describe("attack: two consent events reordered", () => {
  const db = useTestDatabase();
  useTempDataDir();

  it("fails at the first checkpoint whose position the swap reaches", async () => {
    const { ledger } = await buildPublishedHistory();
    const witness = await fetchAsWitness();
    // #8 and #9 swap global positions as stored.
    const [a, b] = [ledger[7]!, ledger[8]!];
    await asSuperuser(db.url, async (client) => {
      await client.query(`UPDATE "ConsentEvent" SET "globalSeq" = -1 WHERE "id" = $1`, [a.id]);
      await client.query(`UPDATE "ConsentEvent" SET "globalSeq" = $2 WHERE "id" = $1`, [b.id, a.globalSeq]);
      await client.query(`UPDATE "ConsentEvent" SET "globalSeq" = $2 WHERE "id" = $1`, [a.id, b.globalSeq]);
    });
    expect(await verifyAgainst(witness)).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", checkpointSeq: 2, intactThrough: "6" });

    // #6 and #7, across the first checkpoint, resealed: checkpoint 1 no longer holds.
    await replaceHistory(db.url, [...ledger.slice(0, 5), ledger[6]!, ledger[5]!, ...ledger.slice(7)]);
    expect(await verifyAgainst(witness)).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", checkpointSeq: 1, globalSeq: "6", intactThrough: "0" });
  }, 120_000);
});

describe("attack: audit rows edited, deleted or reordered", () => {
  const db = useTestDatabase();
  useTempDataDir();

  it("names the checkpoint whose interval held the row", async () => {
    const { heads, inFirst, inSecond } = await buildPublishedHistory();
    const witness = await fetchAsWitness();
    await asSuperuser(db.url, (client) => client.query(`CREATE TABLE "audit_backup" AS SELECT * FROM "AuditEvent"`));
    const restore = () =>
      asSuperuser(db.url, async (client) => {
        await client.query(`DELETE FROM "AuditEvent"`);
        await client.query(`INSERT INTO "AuditEvent" SELECT * FROM "audit_backup"`);
      });

    await asSuperuser(db.url, (client) => client.query(`UPDATE "AuditEvent" SET "ipAddress" = '203.0.113.9' WHERE "id" = $1`, [inFirst[0]]));
    expect(await verifyAgainst(witness)).toMatchObject({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 1, afterId: "0" });
    await restore();
    expect(await verifyAgainst(witness)).toMatchObject({ ok: true });

    await asSuperuser(db.url, (client) => client.query(`DELETE FROM "AuditEvent" WHERE "id" = $1`, [inSecond[0]]));
    expect(await verifyAgainst(witness)).toMatchObject({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 2, afterId: heads[0]!.audit.throughId, rowsSigned: heads[1]!.audit.rows });
    await restore();

    // Two rows swap ids: each keeps its contents, in the other's place.
    const [x, y] = [inFirst[0]!, inFirst[1]!];
    await asSuperuser(db.url, async (client) => {
      await client.query(`UPDATE "AuditEvent" SET "id" = -1 WHERE "id" = $1`, [x]);
      await client.query(`UPDATE "AuditEvent" SET "id" = $2 WHERE "id" = $1`, [y, x]);
      await client.query(`UPDATE "AuditEvent" SET "id" = $1 WHERE "id" = -1`, [y]);
    });
    expect(await verifyAgainst(witness)).toMatchObject({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 1 });
    await restore();

    // Everything from checkpoint 2's interval on, gone.
    await asSuperuser(db.url, (client) => client.query(`DELETE FROM "AuditEvent" WHERE "id" >= $1`, [inSecond[0]]));
    expect(await verifyAgainst(witness)).toMatchObject({ ok: false, problem: "audit_behind_checkpoint", checkpointSeq: 2 });
    await restore();
    expect(await verifyAgainst(witness)).toMatchObject({ ok: true });
  }, 120_000);
});

describe("publication on a fixed schedule, and a rollback between two ticks (ADR 114)", () => {
  const db = useTestDatabase();
  const data = useTempDataDir();

  it("the checkpointer publishes nothing on its own; the next scheduled publication carries what it signed, and the verifier names the rollback", async () => {
    await publishScheduledCheckpoint();
    const keys = (await loadCheckpointKeys({ dataDir: data.path, generate: true }))!;
    const checkpointer = await startLedgerCheckpointer({ keys, logFile: path.join(data.path, "ledger-checkpoints.jsonl"), intervalMs: 1_000 });
    let change: LedgerEventRecord;
    try {
      await commitConsentChange();
      change = (await commitConsentChange()).event;
      // The checkpointer signs the change within seconds (ADR 012)…
      await eventually("a ledger checkpoint covering the change", async () => (await getDatabase().ledgerCheckpoint.count({ where: { globalSeq: BigInt(change.globalSeq) } })) > 0, 30_000);
    } finally {
      await checkpointer.stop();
    }
    // …and publishes nothing: the public list is as the last tick left it, so it tells nobody that anything changed.
    expect((await fetchAsWitness()).entries.map((entry) => entry.checkpoint.seq)).toEqual([1]);
    // The superuser rolls the change back before the next tick: the newest event goes, as a restore would take it.
    await asSuperuser(db.url, (client) => client.query(`DELETE FROM "ConsentEvent" WHERE "id" = $1`, [change!.id]));
    // The tick publishes the heads the checkpointer signed, not the rolled-back ledger's; whoever verifies names it.
    const tick = await publishScheduledCheckpoint();
    expect(await verifyAgainst(await fetchAsWitness())).toMatchObject({ ok: false, problem: "ledger_behind_checkpoint", checkpointSeq: tick.seq, checkpointGlobalSeq: change!.globalSeq });
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------------
// ADR 114: the lists published before it hold version 1 statements, whose heads are in clear. They stay in witnesses'
// copies and in the public log; the version 2 statements published after them chain onto them.

describe("a list published before ADR 114, continued after it", () => {
  useTestDatabase();
  const data = useTempDataDir();

  it("a version 1 checkpoint followed by version 2 ones verifies as one list, for the auditor and for tsunagi-gate", async () => {
    // The installation as it was: a consent change, a ledger checkpoint, and checkpoint #1 published as version 1 was,
    // its row and its line in the public log.
    await commitConsentChange();
    await recordAuditEvent(getDatabase(), { type: "account.disabled", outcome: "success", detail: {} }, {});
    const keys = (await loadCheckpointKeys({ dataDir: data.path, generate: true }))!;
    const logFile = path.join(data.path, "ledger-checkpoints.jsonl");
    const taken = await takeLedgerCheckpoint({ keys: { signing: keys.signing!, publicJwks: keys.publicJwks }, logFile, auditSettleMs: 0 });
    if (taken.outcome !== "taken") throw new Error(`expected a ledger checkpoint, got ${taken.outcome}`);
    const ledgerCheckpoint: LedgerCheckpoint = taken.checkpoint.checkpoint;
    const v1: PublishedCheckpointV1 = {
      version: 1,
      seq: 1,
      previous: GENESIS_PUBLISHED_HASH,
      publishedAt: "2026-11-20T09:00:00.000Z",
      reason: "change",
      ledger: ledgerCheckpoint.ledger,
      audit: { throughId: ledgerCheckpoint.audit.throughId, rows: ledgerCheckpoint.audit.rows, digest: nextAuditDigest(GENESIS_PUBLISHED_HASH, ledgerCheckpoint.audit.digest) },
    };
    const signed = await signPublishedCheckpoint(v1, keys.signing!);
    await getDatabase().publishedCheckpoint.create({
      data: {
        seq: 1n,
        publishedAt: new Date(v1.publishedAt),
        reason: v1.reason,
        ledgerCheckpointSeq: BigInt(ledgerCheckpoint.seq),
        globalSeq: BigInt(v1.ledger.globalSeq),
        chainHash: v1.ledger.chainHash,
        auditThroughId: BigInt(v1.audit.throughId),
        auditRows: BigInt(v1.audit.rows),
        auditDigest: v1.audit.digest,
        hash: publishedCheckpointHashOf(v1),
        checkpoint: v1,
        jws: signed.jws,
      },
    });
    await appendPublishedCheckpoints(path.join(data.path, "published-checkpoints.jsonl"), [signed]);

    // Upgraded: the next publications commit to their heads and link to the version 1 statement.
    const { event } = await commitConsentChange();
    const second = await publishScheduledCheckpoint();
    const third = await publishScheduledCheckpoint();
    expect(second.checkpoint).toMatchObject({ version: 2, seq: 2, previous: publishedCheckpointHashOf(v1) });
    expect(third.checkpoint).toMatchObject({ version: 2, seq: 3, previous: publishedCheckpointHashOf(second.checkpoint) });
    const copy = await fetchAsWitness();
    expect(copy.entries.map((entry) => entry.checkpoint.version)).toEqual([1, 2, 2]);
    expect(await verifyCheckpointList(copy.entries, await parsePublicJwks(JSON.parse(copy.jwksText)))).toMatchObject({ ok: true });
    expect(await verifyAgainst(copy)).toMatchObject({ ok: true, checkpoints: 3, latest: { seq: 3, globalSeq: event.globalSeq } });
    expect((await openedWithExport(copy)).map((heads) => heads.ledger.globalSeq)).toEqual([v1.ledger.globalSeq, event.globalSeq, event.globalSeq]);
    // The version 1 statement's audit digest carries on into the version 2 ones it precedes.
    expect((await openedWithExport(copy))[1]!.audit.rows).toBeGreaterThanOrEqual(v1.audit.rows);

    // A pipeline host's gate takes the mixed list too.
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const context = { cspNonce: "", clientAddress: "127.0.0.1" };
      const answer = url.pathname === "/transparency/checkpoints.json" ? listLoader({ request: new Request(url), params: {}, context }) : jwksLoader();
      void answer.then(async (result) => {
        response.writeHead(result.status, Object.fromEntries(result.headers));
        response.end(await result.text());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const folder = mkdtempSync(path.join(tmpdir(), "tsunagi-gate-mixed-"));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const gate = await runGateCli(["checkpoints", "--checkpoints", `${base}/transparency/checkpoints.json`, "--jwks", `${base}/transparency/jwks.json`], { HOME: folder, TSUNAGI_GATE_CHECKPOINT_STATE: path.join(folder, "gate.json") });
      expect(gate, gate.stderr).toMatchObject({ code: 0, stderr: "tsunagi-gate: checkpoint list verified through #3 (read from #1)\n" });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
