import type { ChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import type { JourneyDestination, StageSpan } from "./journey-steps";

/** What a journey screen shows: plain, serialisable data, shared by the server loaders and the components. */
export interface Option {
  value: string;
  label: string;
}

/** One choice on a choice screen: its own title, explanation and answers, as the form version words them. */
export interface ChoiceItem {
  id: ChoiceId;
  title: string;
  explanation: string;
  options: Option[];
  /** The participant's saved answer, if any: never one chosen for them. */
  value: string | null;
  required: boolean;
  /**
   * Re-consent (ADR 120): `carried` — unchanged, its answer filled in from the consent in force; `changed` — asked
   * again, with the answer in force shown beside it (never chosen for them); null on a full journey.
   */
  reconsent: { kind: "carried" } | { kind: "changed"; inForceLabel: string | null } | null;
}

export type ScreenBody =
  /** A reading screen: one or more consecutive sections of the form, numbered among all `sectionCount` of them. */
  | {
      kind: "section";
      n: number;
      sectionCount: number;
      /** `change`: on a re-consent, whether the new version added the section or changed it; null on a full journey. */
      sections: { number: number; heading: string; paragraphs: string[]; change: "added" | "changed" | null }[];
    }
  | {
      kind: "question";
      n: number;
      prompt: string;
      options: Option[];
      passed: boolean;
      /** Set after a wrong answer until the question is answered correctly. */
      wrong: { explanation: string; chosenLabel: string | null } | null;
      correctLabel: string | null;
    }
  | { kind: "choice"; n: number; group: string; choices: ChoiceItem[] }
  /** `n`: the choice screen to change it on; 0 for a re-consent's carried answer that has no screen of its own. */
  | { kind: "review"; items: { n: number; id: ChoiceId; title: string; valueLabel: string; carried: boolean }[] }
  | {
      kind: "sign";
      statement: string;
      openQuestions: number;
      witnessName: string | null;
      /** Assisted only: the participant's current proxies, any of whom may sign at the tablet instead. */
      proxies: { id: string; fullName: string; relationship: string }[];
      /** When the page was shown (UTC ISO); the recorded time is taken when Sign is pressed. */
      now: string;
    }
  | { kind: "stop"; coreChoice: number };

export interface JourneyScreen {
  journeyId: string;
  method: "online" | "assisted";
  participantId: string;
  /** The arm's form (ADR 124): where its whole text is read. */
  formKey: string;
  formVersion: string;
  formTitle: string;
  /** 0 on pages outside the numbered steps (the "you can stop here" page). */
  stepNumber: number;
  totalSteps: number;
  /** The journey's parts with their step numbers, to name what is done and what is left. */
  stages: StageSpan[];
  previous: JourneyDestination | null;
  next: JourneyDestination | null;
  subject: { as: "self" | "proxy"; displayName: string; relationship: string | null };
  /** A re-consent's short path (ADR 120): the version signed before; null on a full journey. */
  reconsent: { previousVersion: string } | null;
  body: ScreenBody;
}

export type JourneyScreenResult = { status: "no_journey" } | { status: "outdated" } | { status: "redirect"; to: JourneyDestination } | { status: "ok"; screen: JourneyScreen };
