import type { SubmissionResult } from "@conform-to/react";
import type { JourneyScreen, ScreenBody } from "../../domain/consent/index";
import type { SupportedLanguage } from "../../i18n/languages";

/** What every step of the consent journey is drawn from (the participant's own and the clinic tablet's alike). */
export interface JourneyStepData {
  screen: JourneyScreen;
  basePath: string;
  /** The clinic tablet is locked to this journey (ADR 121): nothing leads out of it but the hand-back page. */
  kiosk: boolean;
  language: SupportedLanguage;
  fromReview: boolean;
  restarted: string | null;
}

export type JourneyActionData = { result: SubmissionResult<string[]> } | undefined;

export interface StepProps<Body extends ScreenBody["kind"]> {
  data: JourneyStepData & { screen: { body: Extract<ScreenBody, { kind: Body }> } };
  actionData: JourneyActionData;
  backHref: string | null;
  exitHref: string;
}
