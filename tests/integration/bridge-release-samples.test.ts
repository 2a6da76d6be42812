// A release's per-sample rows written after its commit (ADR 082) on real PostgreSQL: a release committed without them
// is answered from its manifest ("pending"), a bridge that starts finds it and writes them (what a crash between the
// commit and the step leaves), and they are written once however many callers try.
import { createHash, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBridgePool, type BridgePool } from "../../services/pipeline-bridge/src/db/bridge-pool";
import { useTestDatabase } from "../support/database";
import { startTestBridge } from "../support/pipeline-bridge";
import { useTempDataDir } from "../support/temp-data-dir";

const db = useTestDatabase();
useTempDataDir();

let admin: pg.Pool;
let bridgeRole: BridgePool;

beforeAll(async () => {
  admin = new pg.Pool({ connectionString: db.url, max: 4 });
  bridgeRole = createBridgePool(db.url, () => undefined);
  await admin.query(`INSERT INTO bridge.dataset (id, title, clock_starts_at) VALUES ('pending-2026', 'Pending test', now()) ON CONFLICT DO NOTHING`);
});
afterAll(async () => {
  await bridgeRole.end();
  await admin.end();
});

/** A release as the bridge's INSERT commits one (its rows not yet written), as if the bridge stopped right after. */
async function committedRelease(samples: string[]): Promise<string> {
  const id = randomUUID();
  const manifest = { releaseId: id, included: samples, requestedCount: samples.length, includedCount: samples.length, excludedCounts: {} };
  await admin.query(
    `INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, payload, jws, created_at) VALUES ($1, 'pending-2026', 'academia', 'DUO:0000006', 'test-client', convert_to($2, 'UTF8'), 'eyJhbGciOiJFUzI1NiJ9..c2lnbmF0dXJl', now())`,
    [id, JSON.stringify(manifest)],
  );
  return id;
}

const codes = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, "0")}`);

/** What the app reads: the releases that included any of these codes, and each one's codes. */
async function exported(releaseId: string): Promise<string[]> {
  const { rows } = await admin.query<{ sample_code: string }>("SELECT sample_code FROM bridge_export.release_sample WHERE release_id = $1 ORDER BY sample_code", [releaseId]);
  return rows.map((row) => row.sample_code);
}
async function releasesIncluding(sampleCodes: string[]): Promise<string[]> {
  const { rows } = await admin.query<{ release_id: string }>("SELECT DISTINCT release_id::text FROM bridge_export.release_sample WHERE sample_code = ANY($1::text[]) ORDER BY 1", [sampleCodes]);
  return rows.map((row) => row.release_id);
}
/** The manifest's SHA-256 as stored on the row (NULL while pending) and as the app reads it. */
async function stamps(releaseId: string): Promise<{ stored: string | null; exported: string }> {
  const { rows } = await admin.query<{ stored: string | null; exported: string }>(
    "SELECT r.manifest_sha256 AS stored, e.manifest_sha256 AS exported FROM bridge.release r JOIN bridge_export.release e USING (id) WHERE r.id = $1",
    [releaseId],
  );
  return rows[0]!;
}
/** The release's figures as the app reads them. */
async function exportedFigures(releaseId: string): Promise<unknown> {
  const { rows } = await admin.query("SELECT requested_count, included_count, excluded_counts FROM bridge_export.release WHERE id = $1", [releaseId]);
  return rows[0];
}
async function signedPayloadSha256(releaseId: string): Promise<string> {
  const { rows } = await admin.query<{ payload: Buffer }>("SELECT payload FROM bridge.release WHERE id = $1", [releaseId]);
  return createHash("sha256").update(rows[0]!.payload).digest("hex");
}

async function written(releaseId: string): Promise<{ rows: number; marker: number | null }> {
  const rows = await admin.query<{ count: string }>("SELECT count(*) FROM bridge.release_sample WHERE release_id = $1", [releaseId]);
  const marker = await admin.query<{ samples: number }>("SELECT samples FROM bridge.release_samples_recorded WHERE release_id = $1", [releaseId]);
  return { rows: Number(rows.rows[0]!.count), marker: marker.rows[0]?.samples ?? null };
}

describe("a release's samples, written after its commit", () => {
  it("answers a pending release from its manifest, and the same once its rows are written", async () => {
    const samples = codes("PEND", 50);
    const id = await committedRelease(samples);
    expect(await written(id)).toEqual({ rows: 0, marker: null });
    expect(await exported(id)).toEqual(samples);
    expect(await releasesIncluding([samples[17]!, "S-NOT-RELEASED"])).toEqual([id]);
    expect(await releasesIncluding(["S-NOT-RELEASED"])).toEqual([]);

    // The manifest's SHA-256 too: computed by the reader while pending, stamped on the row with the samples.
    const sha256 = await signedPayloadSha256(id);
    expect(await stamps(id)).toEqual({ stored: null, exported: sha256 });

    const { rows } = await bridgeRole.query<{ samples: number }>("SELECT bridge.record_release_samples($1) AS samples", [id]);
    expect(rows).toEqual([{ samples: 50 }]);
    expect(await written(id)).toEqual({ rows: 50, marker: 50 });
    expect(await stamps(id)).toEqual({ stored: sha256, exported: sha256 });
    // Not twice: the rows are read once, not from the manifest as well.
    expect(await exported(id)).toEqual(samples);
    expect(await releasesIncluding([samples[17]!])).toEqual([id]);
  });

  it("a bridge that starts writes what a crash left pending", async () => {
    const samples = codes("CRASH", 30);
    const id = await committedRelease(samples);
    // A step that fails half-way (its transaction rolled back) leaves the release pending, still answered in full.
    const client = await bridgeRole.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT bridge.record_release_samples($1)", [id]);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await written(id)).toEqual({ rows: 0, marker: null });
    expect(await exported(id)).toEqual(samples);

    const bridge = await startTestBridge(db.url);
    try {
      await bridge.context.releaseSamples.ready;
      expect(await written(id)).toEqual({ rows: 30, marker: 30 });
      expect(await exported(id)).toEqual(samples);
    } finally {
      await bridge.close();
    }
  });

  it("writes a release's rows once when two callers record it at the same time", async () => {
    const samples = codes("TWICE", 20);
    const id = await committedRelease(samples);
    const first = await bridgeRole.connect();
    const second = await bridgeRole.connect();
    try {
      await first.query("BEGIN");
      expect((await first.query("SELECT bridge.record_release_samples($1) AS samples", [id])).rows).toEqual([{ samples: 20 }]);
      // The second waits on the first's marker, and writes nothing once it has committed.
      const waiting = second.query<{ samples: number | null }>("SELECT bridge.record_release_samples($1) AS samples", [id]);
      await first.query("COMMIT");
      expect((await waiting).rows).toEqual([{ samples: null }]);
    } finally {
      first.release();
      second.release();
    }
    expect(await written(id)).toEqual({ rows: 20, marker: 20 });
    expect((await bridgeRole.query("SELECT bridge.record_release_samples($1) AS samples", [id])).rows).toEqual([{ samples: null }]);
    expect((await bridgeRole.query("SELECT bridge.record_release_samples($1) AS samples", [randomUUID()])).rows).toEqual([{ samples: null }]);
  });

  it("the bridge's role writes the rows only as the manifest says: no row or marker of its own", async () => {
    const id = await committedRelease(codes("OWN", 2));
    for (const sql of [
      `INSERT INTO bridge.release_sample (release_id, sample_code) VALUES ('${id}', 'S-FORGED')`,
      `INSERT INTO bridge.release_samples_recorded (release_id, samples) VALUES ('${id}', 0)`,
      `DELETE FROM bridge.release_sample`,
      `UPDATE bridge.release_samples_recorded SET samples = 0`,
    ]) {
      const error = await bridgeRole.query(sql).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect((error as pg.DatabaseError | undefined)?.code, sql).toBe("42501");
    }
    expect(await exported(id)).toEqual(codes("OWN", 2));

    // Nor a stamp or figures of its own: whatever its INSERT names is cleared, and the database's own, read from the
    // signed bytes, are what the app reads and what is later stored (ADR 094).
    const forged = randomUUID();
    const manifest = { releaseId: forged, included: ["OWN-9"], requestedCount: 3, includedCount: 1, excludedCounts: { withdrawn_no_further_use: 2 } };
    await bridgeRole.query(
      `INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, payload, jws, created_at, manifest_sha256, requested_count, included_count, excluded_counts)
       VALUES ($1, 'pending-2026', 'academia', 'DUO:0000006', 'test-client', convert_to($2, 'UTF8'), 'eyJhbGciOiJFUzI1NiJ9..c2ln', now(), $3, 0, 0, '{}')`,
      [forged, JSON.stringify(manifest), "0".repeat(64)],
    );
    const sha256 = await signedPayloadSha256(forged);
    const figures = { requested_count: 3, included_count: 1, excluded_counts: { withdrawn_no_further_use: 2 } };
    expect(await stamps(forged)).toEqual({ stored: null, exported: sha256 });
    expect(await exportedFigures(forged)).toEqual(figures);
    await bridgeRole.query("SELECT bridge.record_release_samples($1)", [forged]);
    expect(await stamps(forged)).toEqual({ stored: sha256, exported: sha256 });
    expect(await exportedFigures(forged)).toEqual(figures);
    const { rows: stored } = await admin.query("SELECT requested_count, included_count, excluded_counts FROM bridge.release WHERE id = $1", [forged]);
    expect(stored).toEqual([figures]);

    // A signature with its payload attached is a second copy of the manifest: refused.
    await expect(
      admin.query(
        `INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, payload, jws, created_at) VALUES ($1, 'pending-2026', 'academia', 'DUO:0000006', 'test-client', convert_to('{}', 'UTF8'), 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln', now())`,
        [randomUUID()],
      ),
    ).rejects.toThrow(/release_jws_detached/);
  });
});
