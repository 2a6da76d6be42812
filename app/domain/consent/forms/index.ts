/**
 * The forms part's entry for what the browser may also load (ADR 132): one form per arm of the programme and where its
 * text is read, a draft's text fields, and the review round's forms.
 */
export { formKeyForArea, formTextPath, isProgrammeFormKey, programmeFormKeys } from "./programme-forms";
export type { ProgrammeFormKey } from "./programme-forms";
export { draftTextFields, draftTextSchema } from "./form-draft-text";
export type { DraftTextFields } from "./form-draft-text";
export { ReviewerCommentFormSchema, StaffReviewFormSchema, reviewAnswers, reviewTextMax } from "./review/review-forms";
export type { RoundForReviewer } from "./review/reviewer";
