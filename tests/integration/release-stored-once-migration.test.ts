// The migration that stores a release once (ADR 094) on a database that already holds releases: one whose per-sample
// rows were written and one still pending. After it each holds the bytes its JWS signed and a detached signature from
// which the same JWS is rebuilt, and everything the app reads of them is what it read before.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { attachedJws } from "../../services/pipeline-bridge/src/releases/release-store";
import { applyMigrations } from "../../prisma/migrations-engine";
import { useTestDatabase } from "../support/database";
import { databaseBeforeMigration } from "../support/database-before-migration";
import { queryRows } from "../support/sql";

const storedOnce = "20261210400000_release_stored_once";
const db = useTestDatabase();
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** What the app reads of the releases: the public log's figures and stamp, and "who used my data"'s codes. */
async function exported(url: string): Promise<unknown> {
  return {
    releases: await queryRows(url, "SELECT id, manifest_sha256, requested_count, included_count, excluded_counts FROM bridge_export.release ORDER BY id"),
    samples: await queryRows(url, "SELECT release_id, sample_code FROM bridge_export.release_sample ORDER BY release_id, sample_code"),
  };
}

describe("the migration that stores a release once", () => {
  it("keeps every stored release's signed bytes, its JWS and what the app reads of it", async () => {
    // A database as it stood before this migration: the migrations that precede it.
    const { url, cleanup } = await databaseBeforeMigration(db, storedOnce);
    cleanups.push(cleanup);

    await queryRows(url, `INSERT INTO bridge.dataset (id, title, clock_starts_at) VALUES ('old-2026', 'Old', now())`);
    const jwsOf = new Map<string, string>();
    const payloadOf = new Map<string, string>();
    for (const [index, included] of [["S-OLD-1", "S-OLD-2"], ["S-PENDING-1"]].entries()) {
      const id = randomUUID();
      // Key order and spacing as the bridge wrote them: the signed text, which jsonb would not give back.
      const payload = `{"releaseId":"${id}","requestedCount":${included.length + 1},"includedCount":${included.length},"included":${JSON.stringify(included)},"excludedCounts":{"choice_declined":1},"note":"日本語 \\u00e9"}`;
      const jws = `eyJhbGciOiJFUzI1NiIsImtpZCI6Im9sZCJ9.${Buffer.from(payload).toString("base64url")}.c2lnbmF0dXJlLW9m${index}`;
      await queryRows(url, `INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, manifest, jws, created_at) VALUES ($1, 'old-2026', 'academia', 'DUO:0000006', 'old', $2::jsonb, $3, now())`, [id, payload, jws]);
      if (index === 0) await queryRows(url, "SELECT bridge.record_release_samples($1)", [id]);
      jwsOf.set(id, jws);
      payloadOf.set(id, payload);
    }
    const before = await exported(url);

    // It runs first of those left; the migrations after it (later features) run after it.
    expect((await applyMigrations(url))[0]).toBe(storedOnce);
    expect(await exported(url)).toEqual(before);
    const rows = await queryRows<{ id: string; payload: Buffer; jws: string }>(url, "SELECT id, payload, jws FROM bridge.release");
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.payload.toString("utf8")).toBe(payloadOf.get(row.id));
      expect(row.jws).not.toContain(row.payload.toString("base64url"));
      expect(attachedJws(row.jws, row.payload)).toBe(jwsOf.get(row.id));
    }
    expect(await queryRows(url, "SELECT 1 FROM information_schema.columns WHERE table_schema = 'bridge' AND table_name = 'release' AND column_name = 'manifest'")).toEqual([]);

    // The pending one is recorded as any new release is, from its signed bytes; the app reads the same.
    for (const row of rows) await queryRows(url, "SELECT bridge.record_release_samples($1)", [row.id]);
    expect(await exported(url)).toEqual(before);
  }, 120_000);
});
