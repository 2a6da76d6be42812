// What the journey's start and thank-you screens show. Plain types, apart from the .server modules that load them, so
// the components that draw the screens (browser code) import no server module (ADR 029).

/** Where someone stands with the current form version before they start (or carry on). */
export type StartStatus =
  | { kind: "new" }
  | { kind: "in_progress"; step: number; of: number }
  /** An unfinished journey on an older version: starting again on the current one. */
  | { kind: "outdated"; fromVersion: string }
  | { kind: "already_consented" };

/**
 * Before a re-consent (ADR 120): what changed since the version signed, from the two versions' content; the short
 * path's length beside the whole form's; the answers carried over; the date staff ask it by.
 */
export interface ReconsentSummary {
  previousVersion: string;
  /** ISO date (JST calendar day), or null when staff set none. */
  deadline: string | null;
  steps: number;
  fullSteps: number;
  sections: { heading: string; kind: "added" | "changed" | "removed" }[];
  choices: { title: string; kind: "added" | "changed" | "removed" | "affected" }[];
  /** How many comprehension questions are asked again. */
  questions: number;
  carried: { title: string; valueLabel: string }[];
}

export interface StartSubject {
  participantId: string;
  displayName: string;
  as: "self" | "proxy";
  relationship: string | null;
  status: StartStatus;
  /** Set when this person's journey is a re-consent from an earlier version of the same form. */
  reconsent: ReconsentSummary | null;
}

export interface JourneyStartView {
  /** The arm's form (ADR 124): where its whole text is read. */
  formKey: string;
  formVersion: string;
  title: string;
  summary: string[];
  totalSteps: number;
  subjects: StartSubject[];
}

/** What the thank-you and assent screens show for a finished journey. */
export interface JourneyOutcome {
  journeyId: string;
  participantId: string;
  method: "online" | "assisted";
  subject: { as: "self" | "proxy"; displayName: string };
  eventId: string;
  verificationCode: string;
  /** The moment of signing as recorded in the ledger (UTC ISO). */
  signedAt: string;
  printedName: string;
  /** Whether the PDF copy went (or goes) to someone by email: the participant or a proxy has an address. */
  emailed: boolean;
  assent: { due: boolean; recorded: boolean; statement: string; childName: string | null };
}
