import { getDatabase, type Database } from "../../db.server";
import { rekeyLegacyHash } from "./keyed-hash.server";

/**
 * Rows written before ADR 013 hold a bare SHA-256 of a short code, which a copy of the database lets anyone
 * guess offline. This wraps each one in the keyed hash, in place, without knowing the code: the code still works,
 * and the copy no longer helps. Run at start-up (npm start, npm run db:migrate); idempotent, and safe beside a
 * running app because each row is changed only if it still holds the value read (compare-and-set).
 */
export async function rekeyLegacyCodeHashes(db: Database = getDatabase()): Promise<{ rekeyed: number }> {
  let rekeyed = 0;
  const invitations = await db.$queryRaw<{ id: string; codeHash: Uint8Array; otpHash: Uint8Array | null }[]>`
    SELECT id, "codeHash", "otpHash" FROM "Invitation" WHERE octet_length("codeHash") = 32 OR octet_length("otpHash") = 32`;
  for (const row of invitations) {
    if (row.codeHash.byteLength === 32) {
      const next = rekeyLegacyHash("invitation-code", row.codeHash);
      rekeyed += (await db.invitation.updateMany({ where: { id: row.id, codeHash: { equals: new Uint8Array(row.codeHash) } }, data: { codeHash: next } })).count;
    }
    if (row.otpHash?.byteLength === 32) {
      const next = rekeyLegacyHash("invitation-email-code", row.otpHash);
      rekeyed += (await db.invitation.updateMany({ where: { id: row.id, otpHash: { equals: new Uint8Array(row.otpHash) } }, data: { otpHash: next } })).count;
    }
  }
  const codes = await db.$queryRaw<{ id: string; codeHash: Uint8Array }[]>`
    SELECT id::text AS id, "codeHash" FROM "RecoveryCode" WHERE octet_length("codeHash") = 32`;
  for (const row of codes) {
    const next = rekeyLegacyHash("recovery-code", row.codeHash);
    rekeyed += (await db.recoveryCode.updateMany({ where: { id: row.id, codeHash: { equals: new Uint8Array(row.codeHash) } }, data: { codeHash: next } })).count;
  }
  return { rekeyed };
}
