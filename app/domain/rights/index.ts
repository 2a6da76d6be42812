/**
 * The rights concept's public entry (issue 58 items 2 and 6, ADR 142): a person's requests about their data — deletion,
 * correction, stop of use — and their answers. Everything else in this folder is the concept's own.
 */
export {
  isRightsRequestKind,
  MakeRightsRequestSchema,
  RecordRightsStepSchema,
  rightsAnswerDays,
  rightsRequestKinds,
  rightsRequestOutcomes,
  rightsRequestStates,
} from "./rights-schemas";
export type { RightsRequestKind, RightsRequestOutcome, RightsRequestState } from "./rights-schemas";
