import { getDatabase, type Database } from "../../../db.server";
import { uuidPattern } from "../../kernel/index";
import { ChainHeadSchema, SnapshotContentSchema, type TransparencySnapshotView } from "./snapshot-figures";

const columns = { id: true, computedAt: true, reason: true, chainHead: true, figures: true } as const;

function toView(row: { id: string; computedAt: Date; reason: string; chainHead: unknown; figures: unknown }): TransparencySnapshotView {
  // Parsed on every load from the database (ADR 045): a snapshot stored years ago is read with today's schema, or refused loudly.
  return { id: row.id, computedAt: row.computedAt, reason: row.reason, chainHead: ChainHeadSchema.parse(row.chainHead), content: SnapshotContentSchema.parse(row.figures) };
}

/**
 * Parsed snapshots by id. A snapshot row never changes (a trigger refuses it), so a parsed copy stays true for good:
 * a page view then costs one indexed look-up of the newest id instead of reading and parsing every figure again.
 * A few are kept (the newest and the reports' frozen ones most read); the oldest added goes first.
 */
const parsed = new Map<string, TransparencySnapshotView>();
const KEPT = 16;

function remember(view: TransparencySnapshotView): TransparencySnapshotView {
  parsed.set(view.id, view);
  while (parsed.size > KEPT) parsed.delete(parsed.keys().next().value!);
  return view;
}

async function loadById(id: string, db: Database): Promise<TransparencySnapshotView | null> {
  const known = parsed.get(id);
  if (known) return known;
  const row = await db.transparencySnapshot.findUnique({ where: { id }, select: columns });
  return row ? remember(toView(row)) : null;
}

/** The newest snapshot, which the public pages show; null before the first one is computed. */
export async function loadLatestSnapshot(db: Database = getDatabase()): Promise<TransparencySnapshotView | null> {
  const newest = await db.transparencySnapshot.findFirst({ orderBy: [{ computedAt: "desc" }, { id: "desc" }], select: { id: true } });
  return newest ? loadById(newest.id, db) : null;
}

/** One snapshot by id (a report's frozen figures); null for an unknown or malformed id. */
export async function loadSnapshot(id: string, db: Database = getDatabase()): Promise<TransparencySnapshotView | null> {
  if (!uuidPattern.test(id)) return null;
  return loadById(id, db);
}
