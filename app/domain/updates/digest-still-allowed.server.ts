import { withdrawalStops } from "@tsunagi/consent-rules/decide-action";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { getDatabase, type Database } from "../../db.server";
import type { ContactCheckVerdict } from "../mail/contact-check";

/**
 * The digest's last question before it leaves (contact-check.ts, `update_digest`): is the reader's digest still
 * on, and — for a participant — does their consent still allow contact? A withdrawal stops contact where the rule's
 * table says it stops `recontact` (every level does: ADR 018), so a participant who withdrew with "no further
 * contact" is not mailed even though they once asked for the digest.
 */
export async function digestStillAllowed(userId: string, db: Database = getDatabase()): Promise<ContactCheckVerdict> {
  const [row] = await db.$queryRaw<{ enabled: boolean | null; status: string | null; withdrawalLevel: WithdrawalLevel | null }[]>`
    SELECT s."enabled", cs."status"::text AS "status", cs."withdrawalLevel"::text AS "withdrawalLevel"
      FROM "User" u
      LEFT JOIN "UpdateDigestSubscription" s ON s."userId" = u."id"
      LEFT JOIN "Participant" p ON p."userId" = u."id"
      LEFT JOIN "ConsentState" cs ON cs."participantId" = p."id"
     WHERE u."id" = ${userId}::uuid AND u."disabledAt" IS NULL`;
  if (!row) return { allowed: false, reason: "contact_subject_gone" };
  if (!row.enabled) return { allowed: false, reason: "digest_switched_off" };
  if (row.status === "withdrawn" && withdrawalStops[row.withdrawalLevel ?? "no_further_use"].includes("recontact")) return { allowed: false, reason: "consent_no_longer_allows" };
  return { allowed: true };
}
