import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { pauseFamilyAccessAtMajority } from "../participants/index.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import { requireFormOfParticipantArea, lockForm, currentFormVersion, loadFormVersion } from "../forms/index.server";
import type { ConsentEventType, LedgerEventRecord, Signature } from "@tsunagi/consent-rules/ledger-event";
import { nonConsentVersionEventTypes } from "@tsunagi/consent-rules/ledger-event";
import { lockParticipantConsent } from "../ledger/index.server";
import { completeChoices, sameName } from "./validate-choices";
import { recordConsentEvent } from "./record-consent-event.server";
import { projectionFromRow } from "../ledger/index";
import { grantAllowed, grantChoicesAfterLifeEvent } from "./changes-allowed";

export interface GrantConsentInput {
  participantId: string;
  formVersionId: string;
  /**
   * The choices, or for a journey, a function that re-reads them under the participant's lock: it locks the journey,
   * refuses one closed or incomplete meanwhile, and returns its choices as they stand, so a step saved in another
   * tab a moment before the signature is what gets signed (and one saved after it is refused).
   */
  choices: Record<string, unknown> | ((tx: Transaction) => Promise<Record<string, unknown>>);
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

/**
 * A paper is transcribed days after it was signed. If the participant decided anything since (changed a choice,
 * withdrew, signed again), the paper is not their latest word and must not replace it: a withdrawal given online
 * on Tuesday is not undone by Monday's paper entered on Wednesday. The paper carries a day, not a time, so a
 * decision on that same day also wins; the clinic asks the participant to sign again. Asked under the participant's
 * lock, so a decision arriving meanwhile is seen.
 */
async function refuseSupersededPaper(tx: Transaction, participantId: string, signedOn: string): Promise<void> {
  const startOfSigningDay = new Date(`${signedOn}T00:00:00+09:00`);
  const later = await tx.consentEvent.findFirst({
    // Publishing a major version asks for re-consent, and a sample registered later is covered by the consent as it
    // stands: the programme's acts, not the participant's decisions.
    where: { participantId, type: { notIn: ["reconsent_requested", ...nonConsentVersionEventTypes] }, occurredAt: { gte: startOfSigningDay } },
    select: { id: true },
  });
  if (later) throw new AppError("paper_superseded");
}

/** Which kind of grant this is follows from the participant's history, never from the caller's say-so. */
function grantTypeFor(signer: GrantConsentInput["signer"], current: { status: string; consentedBy: string; formVersionId: string | null } | null): ConsentEventType {
  if (signer.kind === "proxy") return "proxy_granted";
  if (!current || current.status === "withdrawn") return "granted";
  if (current.consentedBy === "proxy") return "transferred_at_majority";
  return "reconsented";
}

/**
 * Records a signed consent: checks the form is the current version of the form of the participant's arm, the choices
 * are complete and the typed name matches the signer's record, then appends the ledger event (with the signature manifestation and the form's
 * hash) and its audit row in one transaction. The PDF copy and the email follow the commit.
 *
 * Locks, in the order every verb takes them (ADR 016): the form, shared — publishing a version takes it exclusively,
 * so a signature lands either before a new major version (and is asked to re-consent by it) or after (and is refused
 * as signed on an outdated form), never unseen in between; then the participant, so two signatures at once (two
 * journeys, two staff transcribing one paper) are decided one after the other; the ledger last.
 */
export async function grantConsent(input: GrantConsentInput, db: Database = getDatabase()): Promise<LedgerEventRecord> {
  const version = await loadFormVersion(input.formVersionId, db);
  if (version.status !== "published" || !version.contentHash) throw new AppError("form_updated");

  const event = await db.$transaction(async (tx) => {
    await lockForm(tx, version.formKey, "shared");
    const latest = await currentFormVersion(version.formKey, tx);
    if (latest.id !== version.id) throw new AppError("form_updated");
    const turn = await lockParticipantConsent(tx, input.participantId, { now: input.request.now, missing: "not_found" });
    // A rare-disease enrolment signs the rare-disease form and a cancer enrolment the cancer form (ADR 124), however
    // the version reached here: online, assisted or paper, a journey opened before the rule, a crafted request.
    await requireFormOfParticipantArea(input.participantId, version.formKey, tx);
    const { state, now } = turn;
    // After a life event nobody signs for the dead, and for a person who lost capacity only a proxy, who carries the
    // person's own disposition forward (ADR 144).
    const standing = state ? projectionFromRow(state) : null;
    if (!grantAllowed(standing, input.signer.kind === "proxy" ? "proxy" : "self")) throw new AppError("life_event_recorded");
    const choices: ChoiceSnapshot = grantChoicesAfterLifeEvent(standing, completeChoices(version.content, typeof input.choices === "function" ? await input.choices(tx) : input.choices));
    if (input.method === "assisted" && !input.witnessName?.trim()) throw new AppError("invalid_input");
    const identity = await tx.participantIdentity.findUnique({ where: { participantId: input.participantId } });
    if (!identity) throw new AppError("not_found");
    let recordedName = identity.fullName;
    let onBehalfAs: string | undefined;
    if (input.signer.kind === "proxy") {
      const assignment = await tx.proxyAssignment.findFirst({ where: { id: input.signer.proxyAssignmentId, participantId: input.participantId, endedAt: null } });
      if (!assignment) throw new AppError("forbidden");
      recordedName = assignment.fullName;
      onBehalfAs = assignment.relationship;
    }
    if (!sameName(input.printedName, recordedName)) throw new AppError("name_mismatch");
    if (state && state.status === "active" && state.formVersionId === version.id && (input.signer.kind === "proxy") === (state.consentedBy === "proxy")) {
      throw new AppError("already_consented");
    }
    if (input.paper) await refuseSupersededPaper(tx, input.participantId, input.paper.signedOn);
    const statement = version.content.languages[input.language].signatureStatement;
    const signature: Signature = {
      printedName: input.printedName.trim(),
      signedAt: now.toISOString(),
      statement,
      language: input.language,
      ...(input.witnessName?.trim() ? { witnessName: input.witnessName.trim() } : {}),
      ...(onBehalfAs ? { onBehalfAs } : {}),
    };
    const type = grantTypeFor(input.signer, state);
    const event = await recordConsentEvent(
      tx,
      turn,
      {
        type,
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
      {
        followUp: true,
        beforeAppend: async (eventId) => {
          if (type === "transferred_at_majority") {
            // The participant now speaks for themselves: every proxy's authority ends with this signature.
            await tx.proxyAssignment.updateMany({ where: { participantId: input.participantId, endedAt: null }, data: { endedAt: now, endedReason: "participant_consented" } });
            // …and family access the proxy granted waits for the now-adult participant's own word (ADR 036).
            await pauseFamilyAccessAtMajority(tx, input.participantId, now);
          }
          if (input.journeyId) {
            // Still open: a journey closed meanwhile (a withdrawal abandons it) signs nothing.
            const { count } = await tx.consentJourney.updateMany({
              where: { id: input.journeyId, participantId: input.participantId, status: "in_progress" },
              data: { status: "completed", completedEventId: eventId },
            });
            if (count !== 1) throw new AppError("invalid_input");
          }
        },
      },
    );
    await input.beforeCommit?.(tx, event);
    return event;
  });
  return event;
}
