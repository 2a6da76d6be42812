// Why a counsellor closes a finding's case: the case's events record it (case-event) and the workflow reads it
// (case-workflow); a module of its own so neither of those two imports the other.
export const closeReasons = ["disclosed", "participant_declined", "unreachable", "other"] as const;
export type CloseReason = (typeof closeReasons)[number];
