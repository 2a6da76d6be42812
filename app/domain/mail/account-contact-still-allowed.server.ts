import { withdrawalStops } from "@tsunagi/consent-rules/decide-action";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { getDatabase, type Database } from "../../db.server";
import type { ContactCheckVerdict } from "./contact-check";

/**
 * Whether an account may still be mailed about something that is not itself a consent question (the weekly digest,
 * a consultation's report): the account still exists and is not disabled, and — for a participant — their consent
 * has not been withdrawn at a level that stops contact. A withdrawal stops contact where the rule's table says it
 * stops `recontact` (every level does: ADR 018), so a participant who withdrew with "no further contact" is not
 * mailed about anything they once signed up for or took part in. Other accounts (a family member, a member of the
 * public with an account) have no consent to ask.
 */
export async function accountContactStillAllowed(userId: string, db: Database = getDatabase()): Promise<ContactCheckVerdict> {
  const [row] = await db.$queryRaw<{ status: string | null; withdrawalLevel: WithdrawalLevel | null; lifeEvent: unknown }[]>`
    SELECT cs."status"::text AS "status", cs."withdrawalLevel"::text AS "withdrawalLevel", cs."lifeEvent"
      FROM "User" u
      LEFT JOIN "Participant" p ON p."userId" = u."id"
      LEFT JOIN "ConsentState" cs ON cs."participantId" = p."id"
     WHERE u."id" = ${userId}::uuid AND u."disabledAt" IS NULL`;
  if (!row) return { allowed: false, reason: "contact_subject_gone" };
  // A death or a loss of capacity recorded (ADR 143): nothing more is sent to the person's own account.
  if (row.lifeEvent !== null) return { allowed: false, reason: "recipient_life_event" };
  return withdrawalStopsContact(row) ? { allowed: false, reason: "consent_no_longer_allows" } : { allowed: true };
}

/**
 * Whether a participant may still be contacted about something their consent does not itself ask (a prompt that a
 * message waits, ADR 110): the same rule as above, asked of the participant a message is about rather than of an
 * account. A participant with no consent state yet has withdrawn nothing.
 */
export async function participantContactStillAllowed(participantId: string, db: Database = getDatabase()): Promise<boolean> {
  const state = await db.consentState.findUnique({ where: { participantId }, select: { status: true, withdrawalLevel: true } });
  return !state || !withdrawalStopsContact({ status: state.status, withdrawalLevel: state.withdrawalLevel as WithdrawalLevel | null });
}

function withdrawalStopsContact(state: { status: string | null; withdrawalLevel: WithdrawalLevel | null }): boolean {
  return state.status === "withdrawn" && withdrawalStops[state.withdrawalLevel ?? "no_further_use"].includes("recontact");
}
