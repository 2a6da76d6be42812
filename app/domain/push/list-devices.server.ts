import { getDatabase, type Database } from "../../db.server";
import { isPushKind, type PushKind } from "../mail";

export interface PushDevice {
  id: string;
  label: string;
  kinds: PushKind[];
  language: string;
  addedAt: string;
  lastSentAt: string | null;
}

/** The devices where an account holder turned notifications on (ADR 110), newest first: never another's, never an endpoint. */
export async function listPushDevices(userId: string, db: Database = getDatabase()): Promise<PushDevice[]> {
  const rows = await db.pushSubscription.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, deviceLabel: true, kinds: true, language: true, createdAt: true, lastSentAt: true },
  });
  return rows.map((row) => ({
    id: row.id,
    label: row.deviceLabel,
    kinds: row.kinds.filter(isPushKind),
    language: row.language,
    addedAt: row.createdAt.toISOString(),
    lastSentAt: row.lastSentAt?.toISOString() ?? null,
  }));
}
