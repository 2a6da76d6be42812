import type { SubmissionResult } from "@conform-to/react";
import { json } from "@remix-run/node";
import type { TFunction } from "i18next";
import { isAppError, type AppError, type AppErrorCode } from "../domain/kernel/index";
import { rateLimitMessage, retryAfterHeaders } from "./rate-limit-words.server";

/**
 * One way to refuse (issue 31 item 4; ADR 092): what each domain refusal means over HTTP,
 * written once. The text is the code's entry in `locales/<lang>/errors.json` (a test holds every code to a text in
 * each language); the status is this table's. A new code is a type error until it has its line here.
 *
 * - 404: the record is unknown, or it is not the reader's (a page never says which); 403 where the reader may know
 *   the page exists but not act on it (e.g. their own consent while a proxy decides for them);
 * - 400: what was sent cannot be accepted as it is (a field, a file, a code, a form version that is no longer the
 *   one to sign, a person already invited), or there is nothing of the reader's to act on (no consent yet);
 * - 409: the record as it is stored refuses it now: edited meanwhile, closed, already done, or a draft not complete
 *   enough to publish (a language missing, no question, no conditions written);
 * - 401: the person must prove who they are again first; 429: too many tries.
 */
export const refusalStatus = {
  invalid_input: 400,
  wrong_code: 400,
  wrong_password: 400,
  rate_limited: 429,
  reauthentication_required: 401,
  second_factor_required_for_staff: 403,
  password_too_weak: 400,
  not_found: 404,
  forbidden: 403,
  invitation_invalid: 400,
  identity_mismatch: 400,
  form_updated: 400,
  form_not_for_area: 409,
  comprehension_incomplete: 400,
  choices_incomplete: 400,
  name_mismatch: 400,
  consent_not_found: 400,
  consent_withdrawn: 409,
  already_consented: 409,
  form_not_editable: 409,
  form_review_required: 409,
  form_review_open: 409,
  form_review_unanswered: 409,
  review_round_closed: 409,
  review_already_invited: 409,
  panel_meeting_closed: 409,
  panel_meeting_not_held: 409,
  form_draft_open: 409,
  file_not_accepted: 400,
  nothing_changed: 400,
  consent_changed_meanwhile: 409,
  no_facility: 400,
  facility_required: 400,
  facility_not_allowed: 403,
  already_enrolled: 409,
  paper_superseded: 409,
  campaign_not_draft: 409,
  campaign_changed_meanwhile: 409,
  votes_changed_meanwhile: 409,
  case_step_refused: 409,
  result_release_refused: 409,
  invitation_closed: 409,
  recontact_response_used: 409,
  campaign_not_sent: 409,
  no_letters_to_print: 409,
  family_already_invited: 400,
  family_self_invite: 400,
  update_language_missing: 409,
  update_change_note_missing: 409,
  update_not_editable: 409,
  application_not_editable: 409,
  application_not_withdrawable: 409,
  application_incomplete: 409,
  applicant_not_verified: 409,
  applications_refused: 409,
  application_not_in_state: 409,
  recused: 409,
  conflict_not_declared: 409,
  not_a_committee_member: 409,
  already_voted: 409,
  vote_closed: 409,
  vote_still_open: 409,
  decision_not_allowed: 409,
  already_seated: 409,
  request_already_answered: 409,
  life_event_recorded: 409,
  incapacity_not_recorded: 409,
  proxy_already_appointed: 409,
  faq_not_agreed: 409,
  briefing_closed: 409,
  briefing_not_held: 409,
  survey_closed: 409,
  panel_call_closed: 409,
  panel_call_open: 409,
  panel_seats_full: 409,
  panel_claim_changed: 409,
  personal_data_in_text: 400,
  conditions_required: 409,
  ethics_document_missing: 400,
  ethics_document_empty: 400,
  ethics_document_too_large: 400,
  ethics_document_not_pdf: 400,
  ethics_document_encrypted: 400,
  ethics_document_active_content: 400,
  ethics_document_unreadable: 400,
  chair_not_recused: 409,
  vice_chair_must_be_expert: 409,
  approval_change_refused: 409,
  consultation_not_editable: 409,
  consultation_language_missing: 409,
  consultation_without_questions: 409,
  consultation_closes_in_past: 409,
  consultation_not_open: 409,
  consultation_not_for_you: 403,
  consultation_edited_meanwhile: 409,
  consultation_answer_moderated_meanwhile: 409,
  consultation_themes_full: 409,
  consultation_theme_exists: 409,
  consultation_not_closed: 409,
  consultation_report_not_editable: 409,
  consultation_report_edited_meanwhile: 409,
  consultation_report_language_missing: 409,
  consultation_report_change_note_missing: 409,
  consultation_quotation_not_approved: 400,
  consultation_decisions_full: 409,
  account_change_refused: 409,
  report_refused: 409,
  push_service_not_allowed: 400,
  push_too_many_devices: 409,
} as const satisfies Record<AppErrorCode, 400 | 401 | 403 | 404 | 409 | 429>;

type RefusalStatus = (typeof refusalStatus)[AppErrorCode];

/** The refusal's status: one table for every route. */
export function statusOf(error: AppError): RefusalStatus {
  return refusalStatus[error.code];
}

/** Whether this refusal is "no such page for you" (404 or 403) rather than something the reader can change. */
function isMissing(error: AppError, alsoMissing: readonly AppErrorCode[] = []): boolean {
  const status = statusOf(error);
  return status === 404 || status === 403 || alsoMissing.includes(error.code);
}

/** The 404 page's response, for a route that finds no record itself (an id that cannot be one, a page past the end). */
export function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

/**
 * A page or API that answers a refusal with content of its own rather than the refusal's words (the development
 * mailbox's locked page says how to unlock it; the checkpoints feed's JSON names the query's issues): `data` with the
 * table's status for `code`, so the status is still the table's (ADR 131).
 */
export function refusedWith<Data>(data: Data, code: AppErrorCode, headers?: HeadersInit) {
  return json(data, { status: refusalStatus[code], ...(headers ? { headers } : {}) });
}

/** A method the route does not take, naming the ones it does (the edge answers this first; server/allowed-methods.ts). */
export function methodNotAllowed(allow: readonly string[]): Response {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: allow.join(", ") } });
}

/**
 * The answer to a form a person cannot fill in wrongly (buttons and hidden fields only) that arrived tampered: a bare
 * 400, no page, as there is nothing on the page to correct.
 */
export function badRequest(): Response {
  return new Response("Bad request", { status: 400 });
}

/**
 * A record that is unknown or not the reader's, as the page a visitor sees: 404 (or 403 where the table says so),
 * never the domain's words; any other error goes on unchanged. Use as `.catch(notFoundOrForbidden)` on a loader's
 * read, or first thing in an action's `catch`. `alsoMissing` names refusals that mean "nothing here" on this page
 * only (a choice to change when there is no consent at all is a 404 page, where a form elsewhere says so in words).
 */
export function notFoundOrForbidden(error: unknown, alsoMissing: readonly AppErrorCode[] = []): never {
  if (isAppError(error) && isMissing(error, alsoMissing)) throw statusOf(error) === 403 ? new Response("Forbidden", { status: 403 }) : notFound();
  throw error;
}

/**
 * A refusal's words in the reader's language: its own sentence where the domain names one (a reason within a family:
 * an account change, an approval change, a case step, a report verb), else its code's in errors.json. `t` is any
 * translator fixed to the reader's language; `values` fill the sentence's placeholders (an account's address).
 */
export function refusalText(error: AppError, t: TFunction, values: Record<string, string> = {}): string {
  return error.sentence ? t(error.sentence.key, { ...values, ns: error.sentence.namespace }) : t(error.code, { ...values, ns: "errors" });
}

/**
 * A form that did not pass its schema: the fields' messages as parseForm made them (in the reader's language), status
 * 400, beside whatever else the page's action data carries (`extra`). `reply` as Conform's (`hideFields` for a
 * password, `resetForm`; the page's own words for a field or the form, `fieldErrors`, `formErrors`). A message about one item of a list (`audiences[0]`: a tick box's value that is not one of the
 * choices) is also given to the list itself (`audiences`), where every page shows a group's message: the page has no
 * field of the item's own, and the refusal was otherwise sent without words (issue 54 item 6; ADR 096).
 */
export function invalidForm<Extra extends Record<string, unknown> = Record<never, never>>(
  submission: { reply(options?: { hideFields?: string[]; resetForm?: boolean; formErrors?: string[]; fieldErrors?: Record<string, string[]> }): SubmissionResult<string[]> },
  extra?: Extra,
  reply?: { hideFields?: string[]; resetForm?: boolean; formErrors?: string[]; fieldErrors?: Record<string, string[]> },
) {
  return json({ ...(extra as Extra), result: withItemsOnTheirList(submission.reply(reply) as SubmissionResult<string[]>) }, { status: 400 });
}

function withItemsOnTheirList(result: SubmissionResult<string[]>): SubmissionResult<string[]> {
  if (!result.error) return result;
  const error: Record<string, string[] | null> = { ...result.error };
  for (const [name, messages] of Object.entries(result.error)) {
    const list = /^(.+)\[\d+\]$/.exec(name)?.[1];
    if (list && messages?.length) error[list] = [...new Set([...(error[list] ?? []), ...messages])];
  }
  return { ...result, error };
}

type FormReply = { reply(options?: { formErrors?: string[]; hideFields?: string[]; resetForm?: boolean }): SubmissionResult<string[]> };

/**
 * A form refused for too many tries (sign-in, a second factor, re-authentication, an applicant's sign-up link, a
 * consultation's answers): the wait in words above the form — the sign-in words, or the form's own `words` for the
 * minutes to wait — with the table's status for `rate_limited` (429) and Retry-After (ADR 013). These steps answer
 * with result objects rather than refusals thrown, but their status comes from the same table. The route exports
 * `passPageHeaders` (route-headers.server.ts) so that Retry-After reaches the page.
 */
export function tooManyTries<Extra extends Record<string, unknown> = Record<never, never>>(
  submission: FormReply,
  retryAfterSeconds: number,
  t: TFunction,
  extra?: Extra,
  reply?: { hideFields?: string[]; words?: (minutes: number) => string },
) {
  const { words, ...options } = reply ?? {};
  const said = words ? words(Math.max(1, Math.ceil(retryAfterSeconds / 60))) : rateLimitMessage(t, retryAfterSeconds);
  const result = submission.reply({ formErrors: [said], ...options });
  return json({ ...(extra as Extra), result }, { status: refusalStatus.rate_limited, headers: retryAfterHeaders(retryAfterSeconds) });
}

/**
 * A sign-in step that did not prove who the person is (a password, a code): the step's own words above the form —
 * never which part was wrong — with the table's status for `reauthentication_required` (401).
 */
export function notProven<Extra extends Record<string, unknown> = Record<never, never>>(
  submission: FormReply,
  words: string,
  extra?: Extra,
  reply?: { hideFields?: string[] },
) {
  const result = submission.reply({ formErrors: [words], ...reply });
  return json({ ...(extra as Extra), result }, { status: refusalStatus.reauthentication_required });
}
