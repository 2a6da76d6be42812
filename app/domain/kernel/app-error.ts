/**
 * Expected failures the user can act on. Routes map each code to a translated message (locales/<lang>/errors.json)
 * and an HTTP status; anything else is a bug and becomes a 500.
 */
export const appErrorCodes = [
  "invalid_input",
  "wrong_code",
  "wrong_password",
  "rate_limited",
  "reauthentication_required",
  "second_factor_required_for_staff",
  "password_too_weak",
  "not_found",
  "forbidden",
  "invitation_invalid",
  "identity_mismatch",
  "form_updated",
  // A form of the other arm of the programme (issue 55 defect 6; ADR 124): a rare-disease enrolment never signs the cancer form
  "form_not_for_area",
  "comprehension_incomplete",
  "choices_incomplete",
  "name_mismatch",
  "consent_not_found",
  "consent_withdrawn",
  "already_consented",
  "form_not_editable",
  // The co-review of a major version (issue 28 item 6; ADR 061)
  "form_review_required",
  "form_review_open",
  "form_review_unanswered",
  "review_round_closed",
  "review_already_invited",
  // The panel's meetings (issue 28 item 7; ADR 065)
  "panel_meeting_closed",
  "panel_meeting_not_held",
  "form_draft_open",
  "file_not_accepted",
  "nothing_changed",
  "consent_changed_meanwhile",
  // Facilities (ADR 015)
  "no_facility",
  "facility_required",
  "facility_not_allowed",
  // ADR 016: the same medical record number at the same facility
  "already_enrolled",
  // A paper signed before the participant's latest decision cannot replace it
  "paper_superseded",
  // Recontact (ADR 033): a campaign's audience is claimed once
  "campaign_not_draft",
  // A campaign sent or resumed from a page that showed it in another state (issue 29 item 6)
  "campaign_changed_meanwhile",
  "votes_changed_meanwhile",
  // Counselling cases (ADR 034): a step the case's facts or the participant's consent do not allow now
  "case_step_refused",
  // Recontact (ADR 035): a response link answers once
  "recontact_response_used",
  // Recontact letters (ADR 035): printed only once the audience is claimed, and only while some are left to print
  "campaign_not_sent",
  "no_letters_to_print",
  // Families (ADR 036): one live invitation or access per person followed; never one's own address
  "family_already_invited",
  "family_self_invite",
  // Programme updates (ADR 038): published only in all three languages, a correction only with its note of what
  // changed, and a published version is never edited (a correction is the next version)
  "update_language_missing",
  "update_change_note_missing",
  "update_not_editable",
  // Data access (issue 15; ADR 040)
  "application_not_editable",
  "application_not_withdrawable",
  "application_incomplete",
  "applicant_not_verified",
  "applications_refused",
  "application_not_in_state",
  "recused",
  "conflict_not_declared",
  "not_a_committee_member",
  "already_voted",
  "vote_closed",
  "vote_still_open",
  "decision_not_allowed",
  "already_seated",
  // A person's request about their data (issue 58 items 2 and 6; ADR 142) takes no step after its answer
  "request_already_answered",
  // After a death or a loss of capacity (ADR 144): choices the person's life event closed, and the proxy the clinic appoints
  "life_event_recorded",
  "incapacity_not_recorded",
  "proxy_already_appointed",
  // 相談窓口 (issue 59 item 1; ADR 145): a FAQ entry only after the asker agreed, and never with personal details
  "faq_not_agreed",
  "briefing_closed",
  "briefing_not_held",
  "survey_closed",
  // An open panel (issue 59 item 3; ADR 151): applications only while a call is open, decisions only after, seats not overfilled
  "panel_call_closed",
  "panel_call_open",
  "panel_seats_full",
  // A panel member's claim (issue 59 item 3; ADR 152): decided, paid or withdrawn meanwhile, so not at the step asked
  "panel_claim_changed",
  "personal_data_in_text",
  "conditions_required",
  // The ethics approval document (issue 27 item 7; ADR 040 amended): a PDF, judged by its bytes
  "ethics_document_missing",
  "ethics_document_empty",
  "ethics_document_too_large",
  "ethics_document_not_pdf",
  "ethics_document_encrypted",
  "ethics_document_active_content",
  "ethics_document_unreadable",
  // The vice-chair (ADR 040, 2026-12-02): acts only while the chair is recused; the seat designated is an expert's
  "chair_not_recused",
  "vice_chair_must_be_expert",
  // Approvals (issue 15 item 5; ADR 041): a suspension, reinstatement, revocation or extension the approval's state does not allow
  "approval_change_refused",
  // Consultations (issue 28; ADR 059)
  "consultation_not_editable",
  "consultation_language_missing",
  "consultation_without_questions",
  "consultation_closes_in_past",
  "consultation_not_open",
  "consultation_not_for_you",
  "consultation_edited_meanwhile",
  // The moderation queue (issue 28 item 3): another moderator decided this answer, or its author changed it, meanwhile
  "consultation_answer_moderated_meanwhile",
  "consultation_themes_full",
  "consultation_theme_exists",
  // "You said, we did" (issue 28 item 5; ADR 063)
  "consultation_not_closed",
  "consultation_report_not_editable",
  "consultation_report_edited_meanwhile",
  "consultation_report_language_missing",
  "consultation_report_change_note_missing",
  "consultation_quotation_not_approved",
  "consultation_decisions_full",
  // An administrator's account change the accounts as they stand refuse (ADR 042; the reason's own sentence is in
  // admin.json under "refusals")
  "account_change_refused",
  // A transparency report's verb (ADR 048; the reason's own sentence is in reports.json under "refusals")
  "report_refused",
  // Web Push on a device (issue 32 item 5; ADR 110)
  "push_service_not_allowed",
  "push_too_many_devices",
  // Analysis reports (issue 57, ADR 137): an explanation the report's versions or the participant's consent refuse now
  // (the reason's own sentence is in results.json under "refusal")
  "result_release_refused",
  // A study invitation that can no longer be answered (issue 57 item 4, ADR 138): answered already, research contact
  // stopped or withdrawn since, or the study's approval no longer in force
  "invitation_closed",
] as const;
export type AppErrorCode = (typeof appErrorCodes)[number];

/**
 * Where a refusal's own sentence is, when the code's general one (errors.json) says too little: a family of reasons
 * under one code — an account change, an approval change, a counselling case's step, a report's verb — each with its
 * sentence in its part's file. The status is still the code's (app/forms/refusals.server.ts).
 */
export interface RefusalSentence {
  namespace: "admin" | "access" | "enrolment" | "findings" | "forms" | "reports" | "results";
  key: string;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message?: string,
    readonly sentence?: RefusalSentence,
  ) {
    super(message ?? code);
    this.name = "AppError";
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
