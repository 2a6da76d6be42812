import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import { recordFromRow } from "../ledger/index";
import { participantContacts } from "../participants/index.server";
import { assentDue, assentStatement } from "./journey-assent.server";
import type { JourneyActor } from "./journey-actor";
import { loadJourneyFor } from "./load-journey.server";
import type { JourneyOutcome } from "./journey-views";

/**
 * What the thank-you and assent screens show for a finished journey: the ledger event's verification code and
 * time, whether a copy was emailed, and whether the child's assent is still to be asked for.
 */
export async function loadJourneyOutcome(actor: JourneyActor, journeyId: string, language: FormLanguage, db: Database = getDatabase()): Promise<JourneyOutcome> {
  const journey = await loadJourneyFor(actor, journeyId, db).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "invalid_input" ? new AppError("not_found") : error;
  });
  if (journey.status !== "completed" || !journey.completedEventId) throw new AppError("not_found");
  const [row, contacts, due, laterAssent] = await Promise.all([
    db.consentEvent.findUniqueOrThrow({ where: { id: journey.completedEventId } }),
    participantContacts(journey.participantId, db),
    assentDue(journey.id, db),
    db.consentEvent.findFirst({ where: { participantId: journey.participantId, type: "assent" }, orderBy: { participantSeq: "desc" }, select: { participantSeq: true } }),
  ]);
  const event = recordFromRow(row);
  return {
    journeyId: journey.id,
    participantId: journey.participantId,
    method: journey.method,
    subject: { as: journey.subject.as, displayName: journey.subject.displayName },
    eventId: event.id,
    verificationCode: event.verificationCode,
    signedAt: event.signature?.signedAt ?? event.occurredAt,
    printedName: event.signature?.printedName ?? "",
    emailed: contacts.length > 0,
    assent: {
      due,
      recorded: (laterAssent?.participantSeq ?? 0) > event.participantSeq,
      statement: assentStatement(language),
      childName: event.type === "proxy_granted" && journey.method === "online" ? journey.subject.displayName : null,
    },
  };
}
