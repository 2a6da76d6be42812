import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { AppError } from "../../app-error";
import type { RequestContext } from "../../auth/request-context";
import type { ChoiceSnapshot } from "../choice-catalogue";
import type { FormLanguage } from "../forms/form-content";
import { currentFormVersion, loadFormVersion } from "../forms/load-form-version.server";
import type { ConsentEventType, LedgerEventRecord, Signature } from "../ledger/ledger-event";
import { afterConsentRecorded } from "./after-consent-recorded.server";
import { completeChoices, sameName } from "./validate-choices";
import { recordConsentEvent } from "./record-consent-event.server";

export interface GrantConsentInput {
  participantId: string;
  formVersionId: string;
  choices: Record<string, unknown>;
  /** The full name typed as the signature; must match the record of whoever signs. */
  printedName: string;
  language: FormLanguage;
  /** Whose signature this is: the participant's own, or a proxy's for them. */
  signer: { kind: "participant" } | { kind: "proxy"; proxyAssignmentId: string };
  /** Who operated the system: the signer online, or a coordinator on a clinic tablet or transcribing paper. */
  actor: { userId: string; role: string };
  method: "online" | "assisted" | "paper";
  witnessName?: string;
  journeyId?: string;
  /** Paper consents: the transcription is marked as such and tied to the scan's hash. */
  paper?: { scanSha256: string; signedOn: string };
  request: RequestContext;
  /**
   * Runs inside the grant's transaction once the event is appended, for rows that must commit with it or not at
   * all (a paper consent's scan, whose table is insert-only, so it could not be removed after a failed grant).
   */
  beforeCommit?: (tx: Transaction, event: LedgerEventRecord) => Promise<void>;
}

/** Which kind of grant this is follows from the participant's history, never from the caller's say-so. */
function grantTypeFor(signer: GrantConsentInput["signer"], current: { status: string; consentedBy: string; formVersionId: string | null } | null): ConsentEventType {
  if (signer.kind === "proxy") return "proxy_granted";
  if (!current || current.status === "withdrawn") return "granted";
  if (current.consentedBy === "proxy") return "transferred_at_majority";
  return "reconsented";
}

/**
 * Records a signed consent: checks the form is the current version, the choices are complete and the typed name
 * matches the signer's record, then appends the ledger event (with the signature manifestation and the form's
 * hash) and its audit row in one transaction. The PDF copy and the email follow the commit.
 */
export async function grantConsent(input: GrantConsentInput, db: Database = getDatabase()): Promise<LedgerEventRecord> {
  const now = input.request.now ?? new Date();
  const version = await loadFormVersion(input.formVersionId, db);
  if (version.status !== "published" || !version.contentHash) throw new AppError("form_updated");
  const latest = await currentFormVersion(version.formKey, db);
  if (latest.id !== version.id) throw new AppError("form_updated");
  const choices: ChoiceSnapshot = completeChoices(version.content, input.choices);
  if (input.method === "assisted" && !input.witnessName?.trim()) throw new AppError("invalid_input");

  const event = await db.$transaction(async (tx) => {
    const participant = await tx.participant.findUnique({ where: { id: input.participantId }, include: { identity: true, state: true } });
    if (!participant?.identity) throw new AppError("not_found");
    let recordedName = participant.identity.fullName;
    let onBehalfAs: string | undefined;
    if (input.signer.kind === "proxy") {
      const assignment = await tx.proxyAssignment.findFirst({ where: { id: input.signer.proxyAssignmentId, participantId: participant.id, endedAt: null } });
      if (!assignment) throw new AppError("forbidden");
      recordedName = assignment.fullName;
      onBehalfAs = assignment.relationship;
    }
    if (!sameName(input.printedName, recordedName)) throw new AppError("name_mismatch");
    const state = participant.state;
    if (state && state.status === "active" && state.formVersionId === version.id && (input.signer.kind === "proxy") === (state.consentedBy === "proxy")) {
      throw new AppError("already_consented");
    }
    const statement = version.content.languages[input.language].signatureStatement;
    const signature: Signature = {
      printedName: input.printedName.trim(),
      signedAt: new Date(Math.floor(now.getTime())).toISOString(),
      statement,
      language: input.language,
      ...(input.witnessName?.trim() ? { witnessName: input.witnessName.trim() } : {}),
      ...(onBehalfAs ? { onBehalfAs } : {}),
    };
    const type = grantTypeFor(input.signer, state);
    const event = await recordConsentEvent(
      tx,
      {
        participantId: participant.id,
        type,
        occurredAt: now,
        method: input.method,
        formVersionId: version.id,
        formVersionHash: version.contentHash,
        choices,
        signature,
        detail: {
          formVersion: version.version,
          permittedPurposes: version.content.permittedPurposes,
          ...(input.journeyId ? { journeyId: input.journeyId } : {}),
          ...(input.paper ? { transcribed: true, scanSha256: input.paper.scanSha256, paperSignedOn: input.paper.signedOn } : {}),
        },
      },
      input,
      async (eventId) => {
        if (type === "transferred_at_majority") {
          // The participant now speaks for themselves: every proxy's authority ends with this signature.
          await tx.proxyAssignment.updateMany({ where: { participantId: participant.id, endedAt: null }, data: { endedAt: now, endedReason: "participant_consented" } });
        }
        if (input.journeyId) {
          await tx.consentJourney.updateMany({ where: { id: input.journeyId, participantId: participant.id }, data: { status: "completed", completedEventId: eventId } });
        }
      },
    );
    await input.beforeCommit?.(tx, event);
    return event;
  });
  await afterConsentRecorded(event, db);
  return event;
}
