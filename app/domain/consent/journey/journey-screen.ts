import type { ChoiceId } from "../choice-catalogue";
import type { JourneyDestination } from "./journey-steps";

/** What a journey screen shows: plain, serialisable data, shared by the server loaders and the components. */
export interface Option {
  value: string;
  label: string;
}

export type ScreenBody =
  | { kind: "section"; n: number; heading: string; paragraphs: string[] }
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
  | { kind: "choice"; n: number; id: ChoiceId; title: string; explanation: string; options: Option[]; value: string | null; required: boolean }
  | { kind: "review"; items: { n: number; id: ChoiceId; title: string; valueLabel: string }[] }
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
  formVersion: string;
  formTitle: string;
  /** 0 on pages outside the numbered steps (the "you can stop here" page). */
  stepNumber: number;
  totalSteps: number;
  previous: JourneyDestination | null;
  next: JourneyDestination | null;
  subject: { as: "self" | "proxy"; displayName: string; relationship: string | null };
  body: ScreenBody;
}

export type JourneyScreenResult = { status: "no_journey" } | { status: "outdated" } | { status: "redirect"; to: JourneyDestination } | { status: "ok"; screen: JourneyScreen };
