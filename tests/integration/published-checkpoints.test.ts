/**
 * Issue 16 item 4 (ADR 046): the heads of the consent chain and the audit log, signed and published. A witness that
 * copied `/transparency/checkpoints.json` catches a database superuser (triggers off, as in ADR 012's attacks) who later
 * edits, deletes or reorders a consent event or an audit row: the verifier, given that copy, the public keys and an
 * export of the database, names the first checkpoint the altered history breaks. An untouched database verifies.
 *
 * Issue 54 item 3 (ADR 114): the list commits to the heads instead of stating them, and is published on a fixed
 * schedule whatever happened, so it tells nobody how many consent events there are or when one was added. What the
 * heads were is read here as an auditor reads it: each statement opened with the opening the operator's export holds.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { recordAuditEvent } from "../../app/domain/kernel/record-audit-event.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { exportHistory } from "../../app/domain/transparency/checkpoints/export-history.server";
import { historyFromLines } from "../../app/domain/transparency/checkpoints/history-export";
import { CheckpointPublicationRefused, publishCheckpoint, publishScheduledCheckpoint } from "../../app/domain/transparency/checkpoints/publish-checkpoint.server";
import {
  GENESIS_PUBLISHED_HASH,
  nextAuditDigest,
  openPublishedCheckpoint,
  publishedCheckpointHashOf,
  type CheckpointOpening,
  type OpenedCheckpoint,
  type PublishedCheckpointV1,
  type SignedPublishedCheckpoint,
} from "../../app/domain/transparency/checkpoints/published-checkpoint";
import { appendPublishedCheckpoints } from "../../app/domain/transparency/checkpoints/published-checkpoint-log.server";
import { signPublishedCheckpoint } from "../../app/domain/transparency/checkpoints/sign-published-checkpoint";
import { parsePublicJwks } from "../../app/domain/transparency/checkpoints/sign-published-checkpoint";
import { verifyCheckpointList, verifyPublishedCheckpoints } from "../../app/domain/transparency/checkpoints/verify-published-checkpoints";
import { loader as atomLoader } from "../../app/routes/public/transparency.checkpoints[.]atom";
import { loader as listLoader } from "../../app/routes/public/transparency.checkpoints[.]json";
import { loader as jwksLoader } from "../../app/routes/public/transparency.jwks[.]json";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { createUser, requestFrom } from "../factories/user-factory";
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
import { runOperatorCommand, type CommandRun, type OperatorCommand } from "../support/operator-command";


/** What a witness holds: the list and the keys as the public routes served them. */
interface WitnessCopy {
  entries: SignedPublishedCheckpoint[];
  listText: string;
  jwksText: string;
}

async function fetchAsWitness(): Promise<WitnessCopy> {
  const list = await listLoader({ request: new Request("http://localhost/transparency/checkpoints.json"), params: {}, context: { cspNonce: "", clientAddress: "127.0.0.1" } });
  expect(list.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  expect(list.headers.get("Cache-Control")).toBe("public, max-age=60");
  const listText = await list.text();
  const parsed = JSON.parse(listText) as { checkpoints: SignedPublishedCheckpoint[]; jwks: string };
  expect(parsed.jwks).toBe("/transparency/jwks.json");
  const jwks = await jwksLoader();
  expect(jwks.headers.get("Content-Type")).toBe("application/jwk-set+json; charset=utf-8");
  return { entries: parsed.checkpoints, listText, jwksText: await jwks.text() };
}

async function* linesOf(lines: string[]) {
  for (const line of lines) yield line;
}

/** The database exported now, as `npm run history:export` writes it. */
async function exportedLines(): Promise<string[]> {
  const lines: string[] = [];
  await exportHistory((line) => void lines.push(line));
  return lines;
}

/** The database exported now and verified against the witness's copy. */
async function verifyAgainst(copy: WitnessCopy) {
  return verifyPublishedCheckpoints({ entries: copy.entries, jwks: await parsePublicJwks(JSON.parse(copy.jwksText)), history: historyFromLines(linesOf(await exportedLines())) });
}

/** The heads each checkpoint of the copy vouches for, as an auditor sees them: opened with the export's openings. */
async function openedWithExport(copy: WitnessCopy): Promise<OpenedCheckpoint[]> {
  const openings: CheckpointOpening[] = [];
  for await (const opening of historyFromLines(linesOf(await exportedLines())).openings ?? []) openings.push(opening);
  return copy.entries.map((entry) => {
    const opened = openPublishedCheckpoint(entry.checkpoint, openings.find((opening) => opening.seq === entry.checkpoint.seq));
    if (!opened) throw new Error(`checkpoint #${entry.checkpoint.seq} does not open with the export's opening`);
    return opened;
  });
}

async function withdraw(participantId: string): Promise<LedgerEventRecord> {
  const coordinator = await createUser({ role: "coordinator" });
  return withdrawConsent({ participantId, level: "no_further_use", actor: { userId: coordinator.id, role: "coordinator" }, method: "phone", language: "ja", note: "電話で撤回の申し出", request: requestFrom() });
}


/**
 * Ten events over five participants and two published checkpoints, with audit rows in both intervals:
 *   #1–#5 grants, #6 change of p[0] (checkpoint 1 at #6); #7 change of p[2], #8 withdrawal of p[3], #9 change of p[4]
 *   (checkpoint 2 at #9); #10 change of p[1], not yet published.
 */
async function buildPublishedHistory() {
  const p: string[] = [];
  for (let index = 0; index < 5; index++) p.push((await commitConsentChange()).participantId);
  await commitConsentChange(p[0]);
  for (const ipAddress of ["192.0.2.10", "192.0.2.11"]) await recordAuditEvent(getDatabase(), { type: "account.disabled", outcome: "success", detail: {} }, { ipAddress });
  await publishScheduledCheckpoint();
  await commitConsentChange(p[2]);
  await withdraw(p[3]!);
  await commitConsentChange(p[4]);
  await recordAuditEvent(getDatabase(), { type: "account.disabled", outcome: "success", detail: {} }, { ipAddress: "192.0.2.12" });
  await publishCheckpoint({ reason: "schedule" });
  await commitConsentChange(p[1]);
  const ledger = await readLedger();
  const heads = await openedWithExport(await fetchAsWitness());
  expect(heads.map((opened) => opened.ledger.globalSeq)).toEqual(["6", "9"]);
  expect(ledger).toHaveLength(10);
  const audit = await getDatabase().auditEvent.findMany({ orderBy: { id: "asc" }, select: { id: true } });
  const through = heads.map((opened) => BigInt(opened.audit.throughId));
  const inFirst = audit.filter((row) => row.id <= through[0]!).map((row) => row.id);
  const inSecond = audit.filter((row) => row.id > through[0]! && row.id <= through[1]!).map((row) => row.id);
  expect(inFirst.length).toBeGreaterThanOrEqual(2);
  expect(inSecond.length).toBeGreaterThanOrEqual(2);
  return { p, ledger, heads, inFirst, inSecond };
}

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

describe("the scripts, end to end", () => {
  const db = useTestDatabase();
  const data = useTempDataDir();
  let folder = "";
  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), "tsunagi-witness-"));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  function run(command: OperatorCommand, args: string[]): Promise<CommandRun> {
    return runOperatorCommand(command, args, { ...process.env, DATABASE_URL: db.url, TSUNAGI_DATA_DIR: data.path });
  }

  it("export, then verify: 0 untouched, 1 naming the checkpoint after an edit, 2 when it cannot run", async () => {
    const { ledger } = await buildPublishedHistory();
    const witness = await fetchAsWitness();
    const list = path.join(folder, "checkpoints.json");
    const jwks = path.join(folder, "jwks.json");
    writeFileSync(list, witness.listText);
    writeFileSync(jwks, witness.jwksText);

    const untouched = path.join(folder, "untouched.jsonl");
    const exported = await run("export-history", ["--out", untouched]);
    expect(exported.code, exported.output).toBe(0);
    expect(exported.output).toContain(`Exported 10 consent events and`);
    const verified = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--export", untouched]);
    expect(verified.code, verified.output).toBe(0);
    expect(verified.output).toMatch(/History extends all 2 published checkpoints, the latest #2 published \S+ \(consent ledger through global #9, audit log through #\d+\); 10 consent events and \d+ audit rows read/);

    // The export cut short is not a history: it cannot be verified.
    const lines = readFileSync(untouched, "utf8").trimEnd().split("\n");
    const cut = path.join(folder, "cut.jsonl");
    writeFileSync(cut, `${lines.slice(0, -3).join("\n")}\n`);
    const cutShort = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--export", cut]);
    expect(cutShort.code, cutShort.output).toBe(2);
    expect(cutShort.output).toContain("cut short");
    expect((await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks])).code).toBe(2);

    // The openings come first, one per checkpoint (ADR 114). One altered, or one left out, is named with its checkpoint.
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: "tsunagi-history", version: 2 });
    expect(lines.slice(1, 3).map((line) => (JSON.parse(line) as { checkpointOpening: CheckpointOpening }).checkpointOpening.seq)).toEqual([1, 2]);
    const openingOf = (seq: number) => (JSON.parse(lines[seq]!) as { checkpointOpening: CheckpointOpening }).checkpointOpening;
    const altered = path.join(folder, "altered.jsonl");
    const raised = { ...openingOf(1), ledger: { ...openingOf(1).ledger, globalSeq: "5" } };
    writeFileSync(altered, `${[lines[0], JSON.stringify({ checkpointOpening: raised }), ...lines.slice(2)].join("\n")}\n`);
    const notCommitted = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--export", altered]);
    expect(notCommitted.code, notCommitted.output).toBe(1);
    expect(notCommitted.output).toMatch(/Checkpoint #1 \(published \S+\) cannot be opened: its opening is not the one it committed to/);
    const withoutSecond = path.join(folder, "without-second.jsonl");
    writeFileSync(withoutSecond, `${[...lines.slice(0, 2), ...lines.slice(3)].join("\n")}\n`);
    const missing = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--export", withoutSecond]);
    expect(missing.code, missing.output).toBe(1);
    expect(missing.output).toMatch(/Checkpoint #2 \(published \S+\) cannot be opened: the history holds no opening for it/);
    // The same through the database: a superuser who changes a row's opening cannot make it open its checkpoint.
    await asSuperuser(db.url, (client) => client.query(`UPDATE "PublishedCheckpoint" SET "opening" = $1::jsonb WHERE "seq" = 2`, [JSON.stringify({ ...openingOf(2), audit: { ...openingOf(2).audit, rows: 1 } })]));
    const directOpening = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--database-url", db.url]);
    expect(directOpening.code, directOpening.output).toBe(1);
    expect(directOpening.output).toMatch(/Checkpoint #2 \(published \S+\) cannot be opened: its opening is not the one it committed to/);
    await asSuperuser(db.url, (client) => client.query(`UPDATE "PublishedCheckpoint" SET "opening" = $1::jsonb WHERE "seq" = 2`, [JSON.stringify(openingOf(2))]));

    // A superuser edits checkpoint 1's first event; an export taken afterwards fails, and so does reading the database.
    await asSuperuser(db.url, (client) => client.query(`UPDATE "ConsentEvent" SET "method" = 'paper' WHERE "id" = $1`, [ledger[0]!.id]));
    const tampered = path.join(folder, "tampered.jsonl");
    expect((await run("export-history", ["--out", tampered])).code).toBe(0);
    const caught = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--export", tampered]);
    expect(caught.code, caught.output).toBe(1);
    expect(caught.output).toMatch(/Checkpoint #1 broken: the consent ledger no longer passes through checkpoint #1 \(published \S+\) at global #6; first difference at global #1 \(hash mismatch\); intact through global #0/);
    const direct = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--database-url", db.url]);
    expect(direct.code, direct.output).toBe(1);
    expect(direct.output).toContain("Checkpoint #1 broken");
  }, 240_000);
});

// ---------------------------------------------------------------------------------------------------------------
// Issue 27 item 2: an outsider the database cannot fool. The public list is served from the append-only log outside
// the database; a witness (checkpoints:verify with --state or --min-sequence) and a pipeline host (tsunagi-gate)
// remember what they saw and fail, naming the missing checkpoint, when the list they are served is shorter.

describe("the public list, outside the database", () => {
  const db = useTestDatabase();
  const data = useTempDataDir();
  let folder = "";
  let server: Server;
  let base = "";
  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), "tsunagi-outsider-"));
    // The public routes, as a witness and a pipeline host reach them over HTTP.
    server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", base);
      const context = { cspNonce: "", clientAddress: "127.0.0.1" };
      const answer = url.pathname === "/transparency/checkpoints.json" ? listLoader({ request: new Request(url), params: {}, context }) : url.pathname === "/transparency/jwks.json" ? jwksLoader() : Promise.resolve(new Response("not found", { status: 404 }));
      void answer.then(async (result) => {
        response.writeHead(result.status, Object.fromEntries(result.headers));
        response.end(await result.text());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(folder, { recursive: true, force: true });
  });

  function run(command: OperatorCommand, args: string[]): Promise<CommandRun> {
    return runOperatorCommand(command, args, { ...process.env, DATABASE_URL: db.url, TSUNAGI_DATA_DIR: data.path });
  }

  it("is the log's: a superuser who empties PublishedCheckpoint changes nothing the public reads, and the next publication puts the rows back with their openings", async () => {
    const { heads } = await buildPublishedHistory();
    const before = await fetchAsWitness();
    expect(before.entries.map((entry) => entry.checkpoint.seq)).toEqual([1, 2]);
    const rowsBefore = await getDatabase().publishedCheckpoint.findMany({ orderBy: { seq: "asc" } });
    await asSuperuser(db.url, (client) => client.query(`DELETE FROM "PublishedCheckpoint"`));
    expect(await getDatabase().publishedCheckpoint.count()).toBe(0);
    expect((await fetchAsWitness()).listText).toBe(before.listText);
    // Without the openings file too, a row cannot be put back (its heads are nowhere else): nothing is published.
    const openingsFile = path.join(data.path, "published-checkpoint-openings.jsonl");
    renameSync(openingsFile, `${openingsFile}.away`);
    await expect(publishCheckpoint({ reason: "report" })).rejects.toThrow(`published checkpoint #1 cannot be put back: neither the database nor ${openingsFile} holds its opening`);
    renameSync(`${openingsFile}.away`, openingsFile);
    // The next publication reads what it chains onto from the log, not from the emptied table, and the openings from
    // the file beside it: the rows come back as they were.
    const third = await publishCheckpoint({ reason: "report" });
    expect(third.checkpoint).toMatchObject({ seq: 3, previous: publishedCheckpointHashOf(before.entries[1]!.checkpoint) });
    const rowsAfter = await getDatabase().publishedCheckpoint.findMany({ orderBy: { seq: "asc" } });
    expect(rowsAfter.map((row) => Number(row.seq))).toEqual([1, 2, 3]);
    expect(rowsAfter.slice(0, 2)).toEqual(rowsBefore);
    // An auditor opens them with the export as before: the heads are the ones published.
    const after = await fetchAsWitness();
    expect((await openedWithExport(after)).slice(0, 2)).toEqual(heads);
    expect(after.entries.slice(0, 2)).toEqual(before.entries);
    expect(await verifyAgainst(after)).toMatchObject({ ok: true, checkpoints: 3 });
    // Paged: a witness reads on from what it holds, and a page past the end says how many there are.
    const page = JSON.parse(await (await listLoader({ request: new Request("http://localhost/transparency/checkpoints.json?after=2"), params: {}, context: { cspNonce: "", clientAddress: "127.0.0.1" } })).text()) as { checkpoints: SignedPublishedCheckpoint[]; total: number; next: string | null };
    expect({ seqs: page.checkpoints.map((entry) => entry.checkpoint.seq), total: page.total, next: page.next }).toEqual({ seqs: [3], total: 3, next: null });
    const wrong = await listLoader({ request: new Request("http://localhost/transparency/checkpoints.json?after=-1"), params: {}, context: { cspNonce: "", clientAddress: "127.0.0.1" } });
    expect(wrong.status).toBe(400);
  });

  it("a witness that saw it before, or is told its least number, fails naming the missing checkpoint; tsunagi-gate refuses a step", async () => {
    const list = `${base}/transparency/checkpoints.json`;
    const jwks = `${base}/transparency/jwks.json`;
    const state = path.join(folder, "witness-state.json");
    const gateState = path.join(folder, "gate-state.json");
    const gateEnv = { HOME: folder, TSUNAGI_GATE_CHECKPOINT_STATE: gateState };
    const seenFirst = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--database-url", db.url, "--state", state]);
    expect(seenFirst.code, seenFirst.output).toBe(0);
    expect(JSON.parse(readFileSync(state, "utf8"))).toMatchObject({ seq: 3 });
    const gateFirst = await runGateCli(["checkpoints", "--checkpoints", list, "--jwks", jwks], gateEnv);
    expect(gateFirst, gateFirst.stderr).toMatchObject({ code: 0, stderr: "tsunagi-gate: checkpoint list verified through #3 (read from #1)\n" });

    // Whoever can write the log's folder puts back an old copy of it: one checkpoint where three were published.
    const log = path.join(data.path, "published-checkpoints.jsonl");
    const lines = readFileSync(log, "utf8").split("\n");
    writeFileSync(log, `${lines[0]}\n`);
    expect((await fetchAsWitness()).entries).toHaveLength(1);

    const witness = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--database-url", db.url, "--state", state]);
    expect(witness.code, witness.output).toBe(1);
    expect(witness.output).toMatch(/Checkpoint #3, seen on \S+, is missing: the list ends at #1 \(it went backwards\)/);
    const told = await run("verify-checkpoints", ["--checkpoints", list, "--jwks", jwks, "--database-url", db.url, "--min-sequence", "3"]);
    expect(told.code, told.output).toBe(1);
    expect(told.output).toContain("Checkpoint #3 is missing: the list ends at #1 (--min-sequence 3)");
    const gate = await runGateCli(["checkpoints", "--checkpoints", list, "--jwks", jwks], gateEnv);
    expect(gate.code, gate.stderr).toBe(3);
    expect(gate.stderr).toMatch(/the published checkpoint list went backwards: checkpoint #3, seen on \S+, is missing \(the list ends at #1\)/);
    // A pipeline step named with the list is refused before the bridge is asked (there is no bridge here at all).
    const step = await runGateCli(["check", "analyze", "S-ANY", "--checkpoints", list, "--jwks", jwks], { ...gateEnv, TSUNAGI_GATE_URL: "http://127.0.0.1:1", TSUNAGI_GATE_TOKEN: "tsg_x.y" });
    expect(step.code).toBe(3);
    expect(step.stderr).toContain("went backwards");
    // The next publication puts back what the log lost, from the table (each row's signature and link checked), and
    // goes on: the list is whole again for every reader.
    const fourth = await publishCheckpoint({ reason: "report" });
    expect(fourth.seq).toBe(4);
    expect((await fetchAsWitness()).entries.map((entry) => entry.checkpoint.seq)).toEqual([1, 2, 3, 4]);
    expect((await runGateCli(["checkpoints", "--checkpoints", list, "--jwks", jwks], gateEnv)).stderr).toBe("tsunagi-gate: checkpoint list verified through #4 (read from #3)\n");
  }, 240_000);

  it("an emptied list is no longer 'nothing published' to a witness told what to expect", async () => {
    const empty = path.join(folder, "empty.json");
    writeFileSync(empty, `{"checkpoints":[],"jwks":"/transparency/jwks.json","total":0,"next":null}\n`);
    const jwks = path.join(folder, "jwks.json");
    writeFileSync(jwks, (await fetchAsWitness()).jwksText);
    const verdict = await run("verify-checkpoints", ["--checkpoints", empty, "--jwks", jwks, "--database-url", db.url, "--min-sequence", "1"]);
    expect(verdict.code, verdict.output).toBe(1);
    expect(verdict.output).toContain("Checkpoint #1 is missing: the list ends at nothing (--min-sequence 1)");
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
