import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { translator } from "../../../i18n/i18n";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import { loadFormVersion } from "../forms/index.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { recordAssent } from "../records/index.server";
import { AGE_OF_MAJORITY, ageOn } from "../participants/index";
import type { JourneyActor } from "./journey-actor";
import { loadJourneyFor } from "./load-journey.server";

/**
 * Whether a finished journey should now ask the child for their own assent: a proxy signed, the child is at
 * least the version's assent age and not yet an adult, and no assent has been recorded since that signature.
 */
export async function assentDue(journeyId: string, db: Database | Transaction = getDatabase(), now: Date = new Date()): Promise<boolean> {
  const journey = await db.consentJourney.findUnique({ where: { id: journeyId }, select: { status: true, completedEventId: true, formVersionId: true, participantId: true } });
  if (!journey || journey.status !== "completed" || !journey.completedEventId) return false;
  const [grant, identity, state] = await Promise.all([
    db.consentEvent.findUnique({ where: { id: journey.completedEventId }, select: { type: true, participantSeq: true } }),
    db.participantIdentity.findUnique({ where: { participantId: journey.participantId }, select: { dateOfBirth: true } }),
    db.consentState.findUnique({ where: { participantId: journey.participantId }, select: { consentedBy: true, status: true } }),
  ]);
  if (grant?.type !== "proxy_granted" || !identity || state?.consentedBy !== "proxy" || state.status === "withdrawn") return false;
  const version = await loadFormVersion(journey.formVersionId, db);
  const age = ageOn(identity.dateOfBirth, now);
  if (age < version.content.assentFromAge || age >= AGE_OF_MAJORITY) return false;
  const later = await db.consentEvent.count({ where: { participantId: journey.participantId, type: "assent", participantSeq: { gt: grant.participantSeq } } });
  return later === 0;
}

/** The words a child agrees to, in the language shown; stored in the assent event exactly as shown. */
export function assentStatement(language: FormLanguage): string {
  return translator(language, "journey")("assent.statement");
}

/**
 * The child types their own name under the assent statement; it must match the child's record. Whether an assent
 * is still due is asked again under the participant's lock, so two submits at once record one assent.
 */
export async function recordJourneyAssent(
  input: { actor: JourneyActor; journeyId: string; childPrintedName: string; language: FormLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<LedgerEventRecord> {
  const journey = await loadJourneyFor(input.actor, input.journeyId, db);
  if (!(await assentDue(journey.id, db, input.request.now))) throw new AppError("invalid_input");
  return recordAssent(
    {
      participantId: journey.participantId,
      childPrintedName: input.childPrintedName,
      statement: assentStatement(input.language),
      language: input.language,
      actor: { userId: input.actor.userId, role: input.actor.role },
      method: journey.method,
      request: input.request,
      stillDue: (tx, now) => assentDue(journey.id, tx, now),
    },
    db,
  );
}
