import type { Database, Transaction } from "../../db.server";

export interface UndeliverableMark {
  address: string;
  since: Date;
  lastError: string;
}

/**
 * Which of these addresses a mail server has refused permanently (ADR 031), and since when. Looked up by the
 * address as it is now, so a corrected address is no longer marked; a later accepted message clears the mark.
 */
export async function listUndeliverableAddresses(addresses: readonly (string | null | undefined)[], db: Database | Transaction): Promise<UndeliverableMark[]> {
  const wanted = [...new Set(addresses.filter((address): address is string => Boolean(address)).map((address) => address.toLowerCase()))];
  if (wanted.length === 0) return [];
  const rows = await db.undeliverableAddress.findMany({ where: { address: { in: wanted } }, orderBy: { since: "asc" }, select: { address: true, since: true, lastError: true } });
  return rows;
}
