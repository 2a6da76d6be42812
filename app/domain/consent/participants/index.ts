/**
 * The participants part's entry for what the browser may also load (ADR 132): the programme's arms, what an
 * enrolment records, the birth-date pickers of an invitation, the samples a coordinator may register, a question's
 * words, and a person's age as Japanese law counts it.
 */
export { programmeAreas } from "./enrolment/programme-areas";
export type { ProgrammeArea } from "./enrolment/programme-areas";
export { enrolledSampleKinds, proxyRelationships } from "./enrolment/enrolment-schema";
export { birthDateOptions } from "./invitations/birth-date-options";
export type { Option } from "./invitations/birth-date-options";
export { AGE_OF_MAJORITY, ageOn } from "./majority/age";
export { QuestionBodySchema } from "./questions/question-schemas";
export { registrableSampleKinds, sampleRegistrationFor } from "./samples/sample-registration";
