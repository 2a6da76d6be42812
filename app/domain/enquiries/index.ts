/** 相談窓口 (issue 59 item 1; ADR 145): what the browser may also load — the schemas and the lists of askers and states. */
export { AnswerEnquirySchema, AskEnquirySchema, enquiryAnswerDays, enquiryAskers, enquiryBodyMax, enquiryStates, PublishFaqSchema } from "./enquiry-schemas";
export type { AnswerEnquiryInput, AskEnquiryInput, EnquiryAsker, EnquiryState, PublishFaqInput } from "./enquiry-schemas";
export { HelpPlaceSchema, HelpPlaceSearchSchema, helpPlaceKinds } from "./help-place-schemas";
export type { HelpPlaceInput, HelpPlaceKind } from "./help-place-schemas";
