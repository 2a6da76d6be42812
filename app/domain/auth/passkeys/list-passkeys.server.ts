import { getDatabase, type Database } from "../../../db.server";

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Synced to the person's other devices by their platform (iCloud Keychain, Google Password Manager). */
  backedUp: boolean;
}

/** The account's passkeys, newest first; never the public key or counter, which the page has no use for. */
export async function listPasskeys(userId: string, db: Database = getDatabase()): Promise<PasskeySummary[]> {
  return db.passkey.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true },
  });
}
