import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";

/** Every kind a sample can be (the SampleKind enum); enrolment offers the first two, a later sample may be anything. */
export const registrableSampleKinds = ["tumour", "blood", "other"] as const;
export type RegistrableSampleKind = (typeof registrableSampleKinds)[number];

/** Whether a sample may be registered: with a consent (the pipeline hears at once), before one, or not at all. */
export type SampleRegistration = "consented" | "before_consent" | "closed";

/** Withdrawals after which no new sample is taken into the programme: nothing more of theirs is to be used. */
const closedLevels: readonly (string | null)[] = ["no_further_use", "destroy"] satisfies WithdrawalLevel[];

export function sampleRegistrationFor(state: { withdrawalLevel: string | null } | null): SampleRegistration {
  if (!state) return "before_consent";
  return closedLevels.includes(state.withdrawalLevel) ? "closed" : "consented";
}
