import type { Database, Transaction } from "../../db.server";
import { releaseFiguresOf, type ReleaseFigures, type ReleaseKind } from "./consultation-releases";

/** A consultation's release as stored (ADR 115): its protected figures and when and how it was made. */
export interface StoredRelease {
  number: number;
  kind: ReleaseKind;
  pointAt: Date;
  countedBefore: Date | null;
  releasedAt: Date;
  figures: ReleaseFigures;
}

/** The consultation's newest release, if any. */
export async function newestRelease(db: Database | Transaction, consultationId: string): Promise<StoredRelease | null> {
  const row = await db.consultationRelease.findFirst({
    where: { consultationId },
    orderBy: { number: "desc" },
    select: { number: true, kind: true, pointAt: true, countedBefore: true, releasedAt: true, figures: true },
  });
  return row ? { ...row, kind: row.kind as ReleaseKind, figures: releaseFiguresOf(row.figures) } : null;
}
