import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../app-error";
import type { RequestContext } from "../../auth/request-context";
import type { ChoiceSnapshot } from "../choice-catalogue";
import type { FormLanguage } from "../forms/form-content";
import type { LedgerEventRecord } from "../ledger/ledger-event";
import { recordConsentEvent } from "./record-consent-event.server";
import type { ConsentActor } from "./consent-actor";
import { sameName } from "./validate-choices";

/** Whole years between a date of birth and a moment, as Japanese law counts age (the day before the birthday). */
export function ageOn(dateOfBirth: Date, at: Date): number {
  const jst = new Date(at.getTime() + 9 * 3600_000);
  let age = jst.getUTCFullYear() - dateOfBirth.getUTCFullYear();
  const beforeBirthday = jst.getUTCMonth() < dateOfBirth.getUTCMonth() || (jst.getUTCMonth() === dateOfBirth.getUTCMonth() && jst.getUTCDate() < dateOfBirth.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}

export interface RecordAssentInput {
  participantId: string;
  /** The child writes their own name; it must match the record. */
  childPrintedName: string;
  /** The assent statement as shown to the child, in the language shown. */
  statement: string;
  language: FormLanguage;
  actor: ConsentActor;
  method: "online" | "assisted";
  request: RequestContext;
}

/**
 * Records a child's assent alongside a proxy's consent. It changes no choice; it is the child's own agreement,
 * asked for from the age the form version sets.
 */
export async function recordAssent(input: RecordAssentInput, db: Database = getDatabase()): Promise<LedgerEventRecord> {
  const now = input.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const participant = await tx.participant.findUnique({ where: { id: input.participantId }, include: { identity: true, state: true } });
    if (!participant?.identity || !participant.state) throw new AppError("consent_not_found");
    if (participant.state.consentedBy !== "proxy" || participant.state.status === "withdrawn") throw new AppError("forbidden");
    if (!sameName(input.childPrintedName, participant.identity.fullName)) throw new AppError("name_mismatch");
    return recordConsentEvent(tx, {
      participantId: participant.id,
      type: "assent",
      occurredAt: now,
      method: input.method,
      formVersionId: participant.state.formVersionId,
      formVersionHash: participant.state.formVersionHash,
      choices: participant.state.choices as ChoiceSnapshot,
      signature: { printedName: input.childPrintedName.trim(), signedAt: now.toISOString(), statement: input.statement, language: input.language },
      detail: { ageAtAssent: ageOn(participant.identity.dateOfBirth, now) },
    }, input);
  });
}
