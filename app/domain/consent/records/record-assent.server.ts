import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { lockParticipantConsent } from "../ledger/index.server";
import { recordConsentEvent } from "./record-consent-event.server";
import type { ConsentActor } from "./consent-actor";
import { sameName } from "./validate-choices";
import { ageOn } from "../participants/index";

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
  /**
   * Whether this assent is still wanted, asked under the participant's lock (a journey asks: no assent recorded
   * since the proxy signed), so two submits at once record one assent, as one after the other would.
   */
  stillDue?: (tx: Transaction, now: Date) => Promise<boolean>;
}

/**
 * Records a child's assent alongside a proxy's consent. It changes no choice; it is the child's own agreement,
 * asked for from the age the form version sets.
 */
export async function recordAssent(input: RecordAssentInput, db: Database = getDatabase()): Promise<LedgerEventRecord> {
  return db.$transaction(async (tx) => {
    const turn = await lockParticipantConsent(tx, input.participantId, { now: input.request.now });
    const { state, now } = turn;
    if (input.stillDue && !(await input.stillDue(tx, now))) throw new AppError("invalid_input");
    const identity = await tx.participantIdentity.findUnique({ where: { participantId: input.participantId } });
    if (!identity || !state) throw new AppError("consent_not_found");
    if (state.consentedBy !== "proxy" || state.status === "withdrawn") throw new AppError("forbidden");
    if (!sameName(input.childPrintedName, identity.fullName)) throw new AppError("name_mismatch");
    return recordConsentEvent(tx, turn, {
      type: "assent",
      method: input.method,
      formVersionId: state.formVersionId,
      formVersionHash: state.formVersionHash,
      choices: state.choices as ChoiceSnapshot,
      signature: { printedName: input.childPrintedName.trim(), signedAt: now.toISOString(), statement: input.statement, language: input.language },
      detail: { ageAtAssent: ageOn(identity.dateOfBirth, now) },
    }, input);
  });
}
