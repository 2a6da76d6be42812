import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { grantConsent, type GrantConsentInput } from "../records/index.server";
import { answersInForce } from "./carried-choices.server";
import { assentDue } from "./journey-assent.server";
import type { JourneyActor } from "./journey-actor";
import { allSectionsRead, comprehensionPassed, type JourneyOutline } from "./journey-steps";
import type { JourneyProgress } from "./journey-progress";
import { requireOpenJourney, type LoadedJourney } from "./load-journey.server";
import { lockOpenJourney } from "./lock-open-journey.server";

export interface SignJourneyInput {
  actor: JourneyActor;
  journeyId: string;
  /** The full name typed as the signature. */
  printedName: string;
  /** Assisted only: who signs at the tablet — the participant, or one of their current proxies (assignment id). */
  signer?: string;
  language: FormLanguage;
  request: RequestContext;
}

async function signerOf(journey: LoadedJourney, requested: string | undefined, db: Database): Promise<GrantConsentInput["signer"]> {
  if (journey.method === "online") {
    return journey.subject.as === "proxy" && journey.subject.proxyAssignmentId ? { kind: "proxy", proxyAssignmentId: journey.subject.proxyAssignmentId } : { kind: "participant" };
  }
  if (!requested || requested === "participant") return { kind: "participant" };
  if (!z.uuid().safeParse(requested).success) throw new AppError("invalid_input");
  const assignment = await db.proxyAssignment.findFirst({ where: { id: requested, participantId: journey.participantId, endedAt: null }, select: { id: true } });
  if (!assignment) throw new AppError("invalid_input");
  return { kind: "proxy", proxyAssignmentId: assignment.id };
}

function requireReadAndUnderstood(outline: JourneyOutline, progress: JourneyProgress): void {
  if (!allSectionsRead(outline, progress) || !comprehensionPassed(outline, progress)) throw new AppError("comprehension_incomplete");
}

/**
 * Signs at the end of a journey: everything read, every comprehension question answered correctly, every choice
 * made. grantConsent then checks the version is still current and the typed name matches the signer's record,
 * and writes the ledger event; a refusal at any point stores nothing. The journey is checked again, and its
 * choices taken, under the participant's lock and the journey's own: a second submit finds it completed, as it
 * would one after the other.
 */
export async function signJourney(input: SignJourneyInput, db: Database = getDatabase()): Promise<{ event: LedgerEventRecord; assentDue: boolean }> {
  const journey = await requireOpenJourney(input.actor, input.journeyId, db);
  requireReadAndUnderstood(journey.outline, journey.progress);
  const signer = await signerOf(journey, input.signer, db);
  const event = await grantConsent(
    {
      participantId: journey.participantId,
      formVersionId: journey.version.id,
      choices: async (tx) => {
        const progress = await lockOpenJourney(tx, { id: journey.id, formVersionId: journey.version.id });
        requireReadAndUnderstood(journey.outline, progress);
        // A re-consent signs its carried answers as the consent in force holds them now, under the participant's lock (ADR 120).
        return { ...(await answersInForce(journey.participantId, journey.outline.carriedChoiceIds, tx)), ...progress.choices };
      },
      printedName: input.printedName,
      language: input.language,
      signer,
      actor: { userId: input.actor.userId, role: input.actor.role },
      method: journey.method,
      ...(journey.witnessName ? { witnessName: journey.witnessName } : {}),
      journeyId: journey.id,
      request: input.request,
    },
    db,
  );
  return { event, assentDue: await assentDue(journey.id, db, input.request.now) };
}
