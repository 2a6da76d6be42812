/**
 * What a backup copies, read from PostgreSQL's catalogue: every ordinary table (partitions included, as the leaves
 * that hold the rows) and sequence in every schema but the system's — `public`, `bridge`, `rate_limit`,
 * `graphile_worker` and whatever a later migration adds — with the columns a COPY writes, and the migration
 * history. Views have no rows of their own; the migrations make them.
 */
import pg from "pg";
import type { BackupManifest, BackupTable } from "./backup-files";
import type { Queryable } from "./state-checksum";

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'`;

export function qualified(schema: string, name: string): string {
  return `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(name)}`;
}

export function columnList(table: Pick<BackupTable, "columns">): string {
  return table.columns.map((column) => pg.escapeIdentifier(column.name)).join(", ");
}

/** Tables and their copied columns, ordered by schema and name (bytewise, so every server agrees). Rows are 0. */
export async function readTables(client: Queryable): Promise<BackupTable[]> {
  const { rows } = await client.query<{ schema: string; name: string; columns: { name: string; type: string }[] | null }>(
    `SELECT n.nspname AS schema, c.relname AS name,
            (SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
               FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND c.relpersistence <> 't' AND ${USER_SCHEMAS}
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`,
  );
  return rows.map((row) => ({ schema: row.schema, name: row.name, columns: row.columns ?? [], rows: 0 }));
}

/** Every sequence's position (read now: sequences are outside transactions, so this may be past the snapshot). */
export async function readSequences(client: Queryable): Promise<BackupManifest["sequences"]> {
  const { rows } = await client.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND ${USER_SCHEMAS} ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`,
  );
  const sequences: BackupManifest["sequences"] = [];
  for (const { schema, name } of rows) {
    const state = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${qualified(schema, name)}`);
    const row = state.rows[0]!;
    sequences.push({ schema, name, lastValue: row.last_value, isCalled: row.is_called });
  }
  return sequences;
}

export async function readMigrations(client: Queryable): Promise<BackupManifest["migrations"]> {
  const exists = await client.query<{ found: boolean }>(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS found`);
  if (!exists.rows[0]?.found) return [];
  const { rows } = await client.query<{ name: string; checksum: string }>(
    `SELECT migration_name AS name, checksum FROM public._prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name COLLATE "C"`,
  );
  return rows;
}

export async function readJobQueueMigrations(client: Queryable): Promise<number[]> {
  const exists = await client.query<{ found: boolean }>(`SELECT to_regclass('graphile_worker.migrations') IS NOT NULL AS found`);
  if (!exists.rows[0]?.found) return [];
  const { rows } = await client.query<{ id: number }>(`SELECT id FROM graphile_worker.migrations ORDER BY id`);
  return rows.map((row) => row.id);
}

export async function readServerVersion(client: Queryable): Promise<BackupManifest["server"]> {
  const { rows } = await client.query<{ version: string; num: string }>(`SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num`);
  return { version: rows[0]!.version, versionNum: Number(rows[0]!.num) };
}

/** Relations a restore target may not already hold: any table, view or sequence outside the system schemas. */
export async function countUserRelations(client: Queryable): Promise<number> {
  const { rows } = await client.query<{ count: string }>(
    `SELECT count(*)::text AS count FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${USER_SCHEMAS}`,
  );
  return Number(rows[0]!.count);
}
