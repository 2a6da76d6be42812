import type { Transaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { progressOf, type JourneyProgress } from "./journey-progress";

/**
 * Locks a journey's row for the rest of the transaction and reads its progress as it stands, refusing one that is
 * no longer open on this version (finished, abandoned by a withdrawal, restarted on a newer version) as a stale
 * form. Every write to a journey's progress, and the signature that completes it, goes through here: two tabs
 * saving at once each add their step to the other's instead of overwriting it, and a signature signs the choices
 * the journey holds at that moment.
 */
export async function lockOpenJourney(tx: Transaction, journey: { id: string; formVersionId: string }): Promise<JourneyProgress> {
  const rows = await tx.$queryRaw<{ sectionsRead: number; comprehension: unknown; choices: unknown }[]>`
    SELECT "sectionsRead", "comprehension", "choices" FROM "ConsentJourney"
    WHERE "id" = ${journey.id}::uuid AND "status" = 'in_progress' AND "formVersionId" = ${journey.formVersionId}::uuid
    FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new AppError("invalid_input");
  return progressOf(row);
}
