/** Public sessions (issue 59 item 5; ADR 148): what the browser may also load — the forms and the lists. */
export { BriefingFieldsSchema, briefingFormats, briefingKinds, MinutesSchema, RegisterSchema, registrationStates, StaffBriefingFormSchema, briefingCapacityMax } from "./briefing-forms";
export type { BriefingFormat, BriefingKind, BriefingState, RegistrationState } from "./briefing-forms";
