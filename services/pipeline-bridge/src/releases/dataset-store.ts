import type { BridgePool } from "../db/bridge-pool";
import type { DatasetClocks } from "./dataset-clocks";
import type { DatasetView } from "./release-schemas";

export interface DatasetRecord extends DatasetClocks {
  id: string;
  title: string;
  updatedAt: Date;
}

interface DatasetRow {
  id: string;
  title: string;
  clock_starts_at: Date;
  publication_moratorium_until: Date | null;
  public_database_from: Date | null;
  updated_at: Date;
}

const columns = "id, title, clock_starts_at, publication_moratorium_until, public_database_from, updated_at";

function fromRow(row: DatasetRow): DatasetRecord {
  return {
    id: row.id,
    title: row.title,
    clockStartsAt: row.clock_starts_at,
    publicationMoratoriumUntil: row.publication_moratorium_until,
    publicDatabaseFrom: row.public_database_from,
    updatedAt: row.updated_at,
  };
}

/** Creates the dataset or replaces its title and clocks (a moratorium may be shortened where the producers agree). */
export async function saveDataset(
  pool: BridgePool,
  dataset: { id: string; title: string; clocks: DatasetClocks; updatedBy: string; updatedAt: Date },
): Promise<DatasetRecord> {
  const { rows } = await pool.query<DatasetRow>(
    `INSERT INTO bridge.dataset (id, title, clock_starts_at, publication_moratorium_until, public_database_from, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, clock_starts_at = EXCLUDED.clock_starts_at,
       publication_moratorium_until = EXCLUDED.publication_moratorium_until, public_database_from = EXCLUDED.public_database_from,
       updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
     RETURNING ${columns}`,
    [dataset.id, dataset.title, dataset.clocks.clockStartsAt, dataset.clocks.publicationMoratoriumUntil, dataset.clocks.publicDatabaseFrom, dataset.updatedBy, dataset.updatedAt],
  );
  return fromRow(rows[0]!);
}

export async function findDataset(pool: BridgePool, id: string): Promise<DatasetRecord | undefined> {
  const { rows } = await pool.query<DatasetRow>(`SELECT ${columns} FROM bridge.dataset WHERE id = $1`, [id]);
  return rows[0] ? fromRow(rows[0]) : undefined;
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

export function datasetView(dataset: DatasetRecord): DatasetView {
  return {
    id: dataset.id,
    title: dataset.title,
    clockStartsAt: dataset.clockStartsAt.toISOString(),
    publicationMoratoriumUntil: iso(dataset.publicationMoratoriumUntil),
    publicDatabaseFrom: iso(dataset.publicDatabaseFrom),
    updatedAt: dataset.updatedAt.toISOString(),
  };
}
