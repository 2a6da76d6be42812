import type { SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, requireRecentAuthentication } from "../../auth/guards.server";
import type { ValidatedSession } from "../../domain/session/index.server";
import { isRecentlyAuthenticated } from "../../domain/auth/index";
import { requireParticipantAccess } from "../../auth/participant-access.server";
import { requestContextOf } from "../../auth/request-context.server";
import { setPreferredLanguage } from "../../domain/account/index.server";
import { answerComprehensionQuestion } from "../../domain/consent/index.server";
import type { JourneyActor } from "../../domain/consent/index";
import {
  answersByChoice,
  AssentSchema,
  ComprehensionAnswerSchema,
  JourneyChoiceSchema,
  SectionReadSchema,
  SignJourneySchema,
  StartAssistedJourneySchema,
  StartJourneySchema,
} from "../../domain/consent/index";
import { recordJourneyAssent } from "../../domain/consent/index.server";
import { loadJourneyOutcome } from "../../domain/consent/index.server";
import { loadJourneyScreen } from "../../domain/consent/index.server";
import { assistedJourneyStart, onlineJourneyStart } from "../../domain/consent/index.server";
import { stepPath, type JourneyDestination } from "../../domain/consent/index";
import { markSectionRead } from "../../domain/consent/index.server";
import { recordJourneyChoice } from "../../domain/consent/index.server";
import { signJourney } from "../../domain/consent/index.server";
import { startOrResumeJourney } from "../../domain/consent/index.server";
import { handTabletOver } from "../../domain/consent/index.server";
import { kioskHandBackPath } from "../../domain/session/index";
import { parseForm } from "../../forms/parse-form.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { getLanguage, languageCookie } from "../../i18n/language.server";
import { invalidForm, notFound } from "../../forms/refusals.server";

/**
 * The consent journey runs on two surfaces with the same screens: online, where a participant or proxy acts
 * for someone they may act for, and on a clinic tablet, where a coordinator runs it for one participant with a
 * witness. A surface is the guard that admits the person and the URL prefix its screens live under; the step
 * loaders and actions below serve both, and `journeySteps` makes each step's route module once for a surface:
 * the route files under app/routes/ only re-export `online.<step>` or `assisted.<step>` (a test holds them so).
 */
interface JourneySurface {
  actor: JourneyActor;
  basePath: string;
  /**
   * The clinic tablet is locked to this journey (ADR 121): its pages lead only within the journey, and leaving or
   * finishing it leads to the hand-back page instead of the participant's record.
   */
  kiosk: boolean;
  /**
   * Online only: re-consent signs over a consent already given, a change of it, so it asks for a fresh proof (issue 58
   * item 5, ADR 141). A first consent does not: the invitation's identity check was moments before.
   */
  freshProofForReconsent?: { session: ValidatedSession; request: Request };
}

async function onlineJourneySurface(request: Request, context: AppLoadContext): Promise<JourneySurface> {
  const session = await requirePermission(request, context, "consent:own");
  return { actor: { method: "online", userId: session.userId, role: session.user.role }, basePath: "/consent/journey", kiosk: false, freshProofForReconsent: { session, request } };
}

/** Every assisted-consent screen and step passes here: the permission, then the participant's facility (ADR 015). */
async function assistedJourneySurface(
  request: Request,
  context: AppLoadContext,
  participantId: string | undefined,
): Promise<JourneySurface & { actor: Extract<JourneyActor, { method: "assisted" }>; sessionId: string }> {
  const { session, participantId: id } = await requireParticipantAccess(request, context, "participants:consent_on_behalf", participantId);
  return {
    actor: { method: "assisted", userId: session.userId, role: session.user.role, participantId: id },
    basePath: `/staff/participants/${id}/assisted`,
    kiosk: session.kiosk !== null,
    sessionId: session.id,
  };
}

/** Before the signature of a re-consent (a journey with a version signed before), a proof of the last ten minutes. */
async function askFreshProofBeforeReconsent(surface: JourneySurface): Promise<void> {
  const ask = surface.freshProofForReconsent;
  // A fresh session needs no proof, whatever the journey: the screen is read (a second time, beside the step's own
  // read) only when the answer could be "prove it again".
  if (!ask || isRecentlyAuthenticated(ask.session)) return;
  const screen = await loadJourneyScreen(surface.actor, { kind: "sign" }, await getLanguage(ask.request));
  if (screen.status === "ok" && screen.screen.reconsent) requireRecentAuthentication(ask.session, ask.request, `${surface.basePath}/sign`);
}

/** A step number from the URL; anything but a small positive integer is a page that does not exist. */
function stepParam(value: string | undefined): number {
  const n = Number(value);
  if (!/^\d{1,2}$/.test(value ?? "") || n < 1) throw notFound();
  return n;
}

/** The data for one journey screen, or a redirect to where this person should be instead. */
async function journeyStepLoader(surface: JourneySurface, step: JourneyDestination, request: Request) {
  const language = await getLanguage(request);
  const result = await loadJourneyScreen(surface.actor, step, language);
  if (result.status === "no_journey" || result.status === "outdated") throw redirect(surface.basePath);
  if (result.status === "redirect") throw redirect(stepPath(surface.basePath, result.to));
  const url = new URL(request.url);
  const restarted = url.searchParams.get("restarted");
  return json({
    screen: result.screen,
    basePath: surface.basePath,
    kiosk: surface.kiosk,
    language,
    fromReview: url.searchParams.get("from") === "review",
    restarted: restarted && /^\d{1,3}\.\d{1,3}$/.test(restarted) ? restarted : null,
  });
}

/**
 * Saves a step and moves on. A refusal is the adapter's (ADR 131): its words above the form with the table's status,
 * a journey not the reader's the 404/403 page.
 */
async function run<Value>(
  surface: JourneySurface,
  submission: { status?: string; value?: Value; reply: (options?: { formErrors?: string[] }) => SubmissionResult<string[]> },
  perform: (value: Value) => Promise<string>,
) {
  // A newer version was published while they were reading: the start page explains and starts again.
  answerRefusals({ redirectTo: { form_updated: surface.basePath } });
  if (submission.status !== "success") return invalidForm(submission);
  return redirect(await perform(submission.value as Value));
}

/** Saves one step (read, answer, choice, signature) and moves on; bad input is answered with a translated error. */
async function journeyStepAction(surface: JourneySurface, step: Extract<JourneyDestination, { kind: "section" | "question" | "choice" | "sign" }>, request: Request, context: AppLoadContext) {
  const requestContext = await requestContextOf(request, context);
  const to = (destination: JourneyDestination) => stepPath(surface.basePath, destination);
  switch (step.kind) {
    case "section": {
      const { submission, language } = await parseForm(request, SectionReadSchema);
      return run(surface, submission, async (value) =>
        to(await markSectionRead({ actor: surface.actor, journeyId: value.journeyId, screen: step.n, language, request: requestContext })),
      );
    }
    case "question": {
      const { submission, language } = await parseForm(request, ComprehensionAnswerSchema);
      return run(surface, submission, async (value) => {
        const outcome = await answerComprehensionQuestion({ actor: surface.actor, journeyId: value.journeyId, question: step.n, answer: value.answer, language, request: requestContext });
        // A wrong answer comes back to the same question, which now shows the explanation.
        return outcome.correct ? to(outcome.next) : `${to(step)}#answer-again`;
      });
    }
    case "choice": {
      const { submission, language } = await parseForm(request, JourneyChoiceSchema);
      return run(surface, submission, async (value) =>
        to(
          await recordJourneyChoice({
            actor: surface.actor,
            journeyId: value.journeyId,
            screen: step.n,
            values: answersByChoice(value),
            returnToReview: value.from === "review",
            language,
            request: requestContext,
          }),
        ),
      );
    }
    case "sign": {
      const { submission, language } = await parseForm(request, SignJourneySchema);
      return run(surface, submission, async (value) => {
        const signed = await signJourney({ actor: surface.actor, journeyId: value.journeyId, printedName: value.printedName, signer: value.signer, language, request: requestContext });
        return `${surface.basePath}/${signed.assentDue ? "assent" : "done"}/${value.journeyId}`;
      });
    }
  }
}

/** The thank-you and assent screens of a finished journey. */
async function journeyOutcomeLoader(surface: JourneySurface, journeyId: string | undefined, request: Request) {
  const language = await getLanguage(request);
  const outcome = await loadJourneyOutcome(surface.actor, journeyId ?? "", language);
  return json({ outcome, basePath: surface.basePath, kiosk: surface.kiosk, language });
}

/** The child types their own name under the assent statement; then on to the thank-you page. */
async function journeyAssentAction(surface: JourneySurface, journeyId: string | undefined, request: Request, context: AppLoadContext) {
  const { submission, language } = await parseForm(request, AssentSchema);
  const requestContext = await requestContextOf(request, context);
  return run(surface, submission, async (value) => {
    await recordJourneyAssent({ actor: surface.actor, journeyId: journeyId ?? "", childPrintedName: value.childPrintedName, language, request: requestContext });
    return `${surface.basePath}/done/${journeyId}?assent=1`;
  });
}

type RouteArgs = LoaderFunctionArgs | ActionFunctionArgs;

/**
 * Every step of the journey after the start page, as route modules for one surface. A new step is added here
 * once, and a route file for each surface re-exports it.
 */
function journeySteps(surfaceOf: (args: RouteArgs) => Promise<JourneySurface>) {
  // The guard runs before the URL's step number is read, so a stranger is sent to sign in, never told "not found".
  const numbered = (kind: "section" | "question" | "choice") => ({
    loader: async ({ request, context, params }: LoaderFunctionArgs) => journeyStepLoader(await surfaceOf({ request, context, params }), { kind, n: stepParam(params.n) }, request),
    action: async ({ request, context, params }: ActionFunctionArgs) => journeyStepAction(await surfaceOf({ request, context, params }), { kind, n: stepParam(params.n) }, request, context),
  });
  const screenOnly = (kind: "review" | "stop") => ({
    loader: async ({ request, context, params }: LoaderFunctionArgs) => journeyStepLoader(await surfaceOf({ request, context, params }), { kind }, request),
  });
  return {
    section: numbered("section"),
    check: numbered("question"),
    choice: numbered("choice"),
    review: screenOnly("review"),
    sign: {
      loader: async ({ request, context, params }: LoaderFunctionArgs) => {
        const surface = await surfaceOf({ request, context, params });
        await askFreshProofBeforeReconsent(surface);
        return journeyStepLoader(surface, { kind: "sign" }, request);
      },
      action: async ({ request, context, params }: ActionFunctionArgs) => {
        const surface = await surfaceOf({ request, context, params });
        await askFreshProofBeforeReconsent(surface);
        return journeyStepAction(surface, { kind: "sign" }, request, context);
      },
    },
    stop: screenOnly("stop"),
    assent: {
      loader: async ({ request, context, params }: LoaderFunctionArgs) => journeyOutcomeLoader(await surfaceOf({ request, context, params }), params.journeyId, request),
      action: async ({ request, context, params }: ActionFunctionArgs) => journeyAssentAction(await surfaceOf({ request, context, params }), params.journeyId, request, context),
    },
    done: {
      loader: async ({ request, context, params }: LoaderFunctionArgs) => journeyOutcomeLoader(await surfaceOf({ request, context, params }), params.journeyId, request),
    },
  };
}

/** Where the start page sends someone: the step they are on, noting a journey restarted on a newer form. */
function startTarget(surface: JourneySurface, started: Awaited<ReturnType<typeof startOrResumeJourney>>): string {
  return `${stepPath(surface.basePath, started.next)}${started.restartedFrom ? `?restarted=${encodeURIComponent(started.restartedFrom)}` : ""}`;
}

/** The participant's or proxy's own journey, at /consent/journey. */
export const online = {
  start: {
    loader: async ({ request, context }: LoaderFunctionArgs) => {
      const surface = await onlineJourneySurface(request, context);
      const language = await getLanguage(request);
      const view = await onlineJourneyStart(surface.actor.userId, language);
      return json({ view, language, preselected: new URL(request.url).searchParams.get("participant") });
    },
    action: async ({ request, context }: ActionFunctionArgs) => {
      const surface = await onlineJourneySurface(request, context);
      // The participant is a field of this form (whom to start for): one not the reader's is a mistake in it, said in words.
      const { submission } = await parseForm(request, StartJourneySchema, { aboutWhatWasSent: ["forbidden", "not_found"] });
      if (submission.status !== "success") return invalidForm(submission);
      const { participantId, language } = submission.value;
      const target = startTarget(surface, await startOrResumeJourney({ actor: surface.actor, participantId, language, request: await requestContextOf(request, context) }));
      await setPreferredLanguage(surface.actor.userId, language);
      throw redirect(target, { headers: { "Set-Cookie": await languageCookie.serialize(language) } });
    },
  },
  ...journeySteps(({ request, context }) => onlineJourneySurface(request, context)),
};

/** A coordinator's clinic-tablet journey for one participant in their facility, at /staff/participants/<id>/assisted. */
export const assisted = {
  start: {
    loader: async ({ request, context, params }: LoaderFunctionArgs) => {
      const surface = await assistedJourneySurface(request, context, params.id);
      const language = await getLanguage(request);
      // On a locked tablet the start page is the coordinator's, not the patient's: the patient is taken to where the
      // journey stands, or, with no journey open (signed, or replaced by a newer form), to the hand-back page.
      if (surface.kiosk) {
        const result = await loadJourneyScreen(surface.actor, { kind: "sign" }, language);
        if (result.status === "redirect") throw redirect(stepPath(surface.basePath, result.to));
        throw redirect(result.status === "ok" ? stepPath(surface.basePath, { kind: "sign" }) : kioskHandBackPath);
      }
      const view = await assistedJourneyStart({ coordinatorUserId: surface.actor.userId, participantId: surface.actor.participantId, language, request: await requestContextOf(request, context) });
      return json({ view, language });
    },
    action: async ({ request, context, params }: ActionFunctionArgs) => {
      const surface = await assistedJourneySurface(request, context, params.id);
      // Already handed over (the start sent again from another tab): the journey goes on where it stands.
      if (surface.kiosk) throw redirect(surface.basePath, 303);
      const { submission } = await parseForm(request, StartAssistedJourneySchema);
      if (submission.status !== "success") return invalidForm(submission);
      const { witnessName, language } = submission.value;
      // Starting is handing the tablet over: the session is locked to this journey before the journey is shown (ADR 121).
      const target = startTarget(
        surface,
        await handTabletOver({ actor: surface.actor, participantId: surface.actor.participantId, language, witnessName, sessionId: surface.sessionId, request: await requestContextOf(request, context) }),
      );
      // The tablet shows the form in the participant's language from here on.
      throw redirect(target, { headers: { "Set-Cookie": await languageCookie.serialize(language) } });
    },
  },
  ...journeySteps(({ request, context, params }) => assistedJourneySurface(request, context, params.id)),
};

/** What each journey page's component receives; the pages module reads these types, never the code. */
export type JourneyStepLoader = typeof online.section.loader;
export type JourneyStepAction = typeof online.section.action;
export type JourneyOutcomeLoader = typeof online.done.loader;
export type OnlineStartModule = typeof online.start;
export type AssistedStartModule = typeof assisted.start;
