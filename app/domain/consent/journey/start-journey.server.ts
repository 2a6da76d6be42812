import { getDatabase, type Database } from "../../../db.server";
import { toStoredLanguage } from "../../../i18n/languages";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import { currentFormVersionForParticipant } from "../forms/index.server";
import { lockParticipantConsent } from "../ledger/index.server";
import { requireConsentSubject } from "../participants/index.server";
import type { JourneyActor } from "./journey-actor";
import { resumeStep, type JourneyDestination } from "./journey-steps";
import { loadJourneyFor } from "./load-journey.server";
import { journeyPurposeOf, signedEarlierVersion } from "./reconsent-plan.server";

export interface StartJourneyInput {
  actor: JourneyActor;
  participantId: string;
  language: FormLanguage;
  /** Assisted journeys: the person who watches the participant read and sign. */
  witnessName?: string;
  request: RequestContext;
}

export interface StartedJourney {
  journeyId: string;
  resumed: boolean;
  /** The version an unfinished journey was on, when a newer one was published since and it started again. */
  restartedFrom: string | null;
  next: JourneyDestination;
}


/**
 * Starts a consent journey on the current form version, or resumes the open one. A journey begun on a version
 * that has since been replaced is closed (abandoned) and a new one starts on the current version: what is read,
 * answered and chosen must all belong to the version that will be signed. Under the participant's lock: two starts
 * at once (a double click, two tabs) open one journey and resume it, as one after the other would.
 */
export async function startOrResumeJourney(input: StartJourneyInput, db: Database = getDatabase()): Promise<StartedJourney> {
  const { actor } = input;
  const witnessName = input.witnessName?.trim() ?? "";
  if (actor.method === "assisted" && (actor.participantId !== input.participantId || !witnessName)) throw new AppError("invalid_input");
  const signingAs = actor.method === "online" ? (await requireConsentSubject(actor.userId, input.participantId, db)).as : "unknown";
  // The form of the enrolment's arm (ADR 124): a journey opened on the other arm's form is abandoned below, as an outdated one is.
  const version = await currentFormVersionForParticipant(input.participantId, db);
  const language = toStoredLanguage(input.language);
  const context = { actorUserId: actor.userId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent };

  const started = await db.$transaction(async (tx) => {
    const { participantId, state } = await lockParticipantConsent(tx, input.participantId, { missing: "not_found" });
    const signedThisVersion = state?.status === "active" && state.formVersionId === version.id;
    if (signedThisVersion && (signingAs === "unknown" || (signingAs === "proxy") === (state.consentedBy === "proxy"))) throw new AppError("already_consented");

    const open = await tx.consentJourney.findFirst({
      where: { participantId, actorUserId: actor.userId, method: actor.method, status: "in_progress" },
      orderBy: { updatedAt: "desc" },
    });
    if (open && open.formVersionId === version.id) {
      const resumed = await tx.consentJourney.update({ where: { id: open.id }, data: { language, ...(witnessName ? { witnessName } : {}) } });
      return { journeyId: resumed.id, resumed: true, restartedFrom: null };
    }
    let restartedFrom: string | null = null;
    if (open) {
      const old = await tx.consentFormVersion.findUnique({ where: { id: open.formVersionId }, select: { version: true } });
      restartedFrom = old?.version ?? null;
      await tx.consentJourney.update({ where: { id: open.id }, data: { status: "abandoned" } });
    }
    const purpose = journeyPurposeOf(state, signingAs);
    // A re-consent walks only what changed since the version signed before, when that is an earlier version of the same form (ADR 120).
    const previousFormVersionId = (await signedEarlierVersion(state, signingAs, version, tx))?.id ?? null;
    const journey = await tx.consentJourney.create({
      data: {
        participantId,
        formVersionId: version.id,
        previousFormVersionId,
        actorUserId: actor.userId,
        purpose,
        method: actor.method,
        witnessName: witnessName || null,
        language,
      },
    });
    await recordAuditEvent(
      tx,
      {
        type: "consent_journey.started",
        outcome: "success",
        detail: { journeyId: journey.id, participantId, formVersionId: version.id, method: actor.method, ...(open ? { restartedFrom: open.id } : {}) },
      },
      context,
    );
    return { journeyId: journey.id, resumed: false, restartedFrom };
  });
  // Where to go is worked out on the journey as it loads — its short path and carried answers included.
  const journey = await loadJourneyFor(actor, started.journeyId, db);
  return { ...started, next: resumeStep(journey.outline, journey.progress) };
}
