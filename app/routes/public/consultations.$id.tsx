import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FuriganaCorrections } from "@tsunagi/furigana-jsx/furigana";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { UpdateMarkdown } from "../../components/update-markdown";
import { answerConsultation } from "../../domain/consultations/index.server";
import { loadConsultationForResponder, type ResponderQuestion } from "../../domain/consultations/index.server";
import type { AnswerIssue } from "../../domain/consultations/index";
import { AnswersRefusedError } from "../../domain/consultations/index.server";
import { withdrawConsultationAnswer } from "../../domain/consultations/index.server";
import { getFixedT } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { consultationViewerOf, readResponderToken, setResponderCookie } from "./+support/responder.server";
import formStyles from "../../styles/consent-forms.css?url";
import updateStyles from "../../styles/updates.css?url";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm, tooManyTries } from "../../forms/refusals.server";
import { passPageHeaders } from "../../forms/route-headers.server";
import { fieldErrorsOf } from "../../forms/submission-errors";

export const headers = passPageHeaders;
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: updateStyles },
  { rel: "stylesheet", href: formStyles },
];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => (data ? [{ title: `${data.consultation.title} | Tsunagi` }] : pageTitle(matches, "consultations:list.title"));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const [viewer, browserToken, language] = await Promise.all([consultationViewerOf(request, context), readResponderToken(request), getLanguage(request)]);
  const consultation = await loadConsultationForResponder({ consultationId: params.id ?? "", viewer, browserToken, language });
  return json({ consultation }, { headers: { "Cache-Control": "private, no-store" } });
}

/**
 * The answers form: the step (answer, the default, or take the answers back after the confirmation step) and each
 * question's answers in fields named by its id. The questions are data, so the schema takes any field; which are
 * questions and what each may hold is the domain's to check (read-answers.ts), beside the question it concerns.
 */
const ConsultationFormSchema = z.looseObject({ intent: z.enum(["answer", "withdraw"]).default("answer") });

/** Per question id, every value the form sent for it, in order (a ranked question's selects, rank by rank). */
function answersOf(fields: Record<string, unknown>): Record<string, string[]> {
  const answers: Record<string, string[]> = {};
  for (const [name, given] of Object.entries(fields)) {
    if (name === "intent") continue;
    const values = Array.isArray(given) ? given : [given];
    if (values.every((value) => typeof value === "string")) answers[name] = values;
  }
  return answers;
}

type Submission = Awaited<ReturnType<typeof parseForm<typeof ConsultationFormSchema>>>["submission"];

/** Answers that do not read: each question's words beside it, how many to fix above the form, 400, nothing written. */
function answersNotRead(submission: Submission, issues: Record<string, string[] | null>, t: TFunction, errors: TFunction) {
  const questions = Object.entries(issues).filter(([name, words]) => name !== "" && name !== "intent" && words?.length).length;
  const formErrors = [questions > 0 ? t("form.fixAnswers", { count: questions }) : errors("field.invalid")];
  const fieldErrors = Object.fromEntries(Object.entries(issues).filter((entry): entry is [string, string[]] => entry[0] !== "" && entry[1] !== null));
  // A form that did not pass: the domain reads the answers (read-answers.ts) as a schema reads fields.
  return invalidForm(submission, {}, { formErrors, fieldErrors });
}

/** Answers (intent "answer", the default) or takes them back (intent "withdraw"). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const [{ submission, language, t: errors }, viewer, browserToken] = await Promise.all([parseForm(request, ConsultationFormSchema), consultationViewerOf(request, context), readResponderToken(request)]);
  const t = await getFixedT(language, "consultations");
  // A NUL in an answer (parseForm names its question) or a step the page does not offer.
  if (submission.status !== "success") return answersNotRead(submission, submission.error ?? {}, t, errors);
  const consultationId = params.id ?? "";
  const requestContext = await requestContextOf(request, context);

  if (submission.value.intent === "withdraw") {
    await withdrawConsultationAnswer({ consultationId, viewer, browserToken, request: requestContext });
    return redirect(`/consultations/${consultationId}?withdrawn=1`);
  }

  const outcome = await answerConsultation({ consultationId, viewer, browserToken, answers: answersOf(submission.value), request: requestContext }).catch((error: unknown) => {
    // Answers that do not read are said beside their questions; any other refusal is answered as the table says.
    if (error instanceof AnswersRefusedError) return error;
    throw error;
  });
  if (outcome instanceof AnswersRefusedError) return answersNotRead(submission, Object.fromEntries(outcome.issues.map((issue) => [issue.questionId, [issueMessage(issue, t, errors)]])), t, errors);
  if (!outcome.ok) return tooManyTries(submission, outcome.retryAfterSeconds, errors, {}, { words: (minutes) => t("form.rateLimited", { count: minutes }) });
  const headers = new Headers();
  if (outcome.newBrowserToken) headers.append("Set-Cookie", await setResponderCookie(outcome.newBrowserToken));
  return redirect(`/consultations/${consultationId}?answered=${outcome.change}`, { headers });
}

/** What the form sent, per question, as the page shows it again after a refusal (an empty rank stays in its place). */
function sentValues(initialValue: Record<string, unknown> | null | undefined): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const [name, given] of Object.entries(initialValue ?? {})) {
    if (typeof given === "string") values[name] = [given];
    else if (Array.isArray(given)) values[name] = given.map((value) => (typeof value === "string" ? value : ""));
  }
  return values;
}

function issueMessage(issue: AnswerIssue, t: (key: string, options?: Record<string, unknown>) => string, errors: (key: string, options?: Record<string, unknown>) => string): string {
  if (issue.reason === "text") return errors(`field.${issue.refusal.reason}`, { ...issue.refusal });
  return t(`issues.${issue.reason}`);
}

export default function ConsultationPage() {
  const { t } = useTranslation(["consultations", "common"]);
  const { consultation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const response = consultation.response;
  const answered = searchParams.get("answered");
  const confirmingWithdrawal = searchParams.get("withdraw") === "confirm" && response !== null && !response.withdrawn && consultation.status === "open";
  const result = actionData?.result;
  const values = result ? sentValues(result.initialValue) : response && !response.withdrawn ? response.values : {};
  const issues = fieldErrorsOf(result);
  const formError = issues[""]?.[0];
  return (
    <article className="stack updates-page forms-page" aria-labelledby="consultation-title">
      <p>
        <a href="/consultations">{t("detail.back")}</a>
      </p>
      <FuriganaCorrections corrections={consultation.readingCorrections}>
        <h1 id="consultation-title">{consultation.title}</h1>
      </FuriganaCorrections>
      <p className="update-item__meta">
        <span className="update-badge">{t(`status.${consultation.status}`)}</span>
        {consultation.status === "scheduled" ? (
          <span>
            {t("list.opensOn")} <DateTime value={consultation.opensAt} />
          </span>
        ) : (
          <span>
            {t(consultation.status === "open" ? "list.openUntil" : "list.closedOn")} <DateTime value={consultation.closesAt} />
          </span>
        )}
      </p>
      <p>{t(consultation.asProxy ? "detail.answeringAsProxy" : `detail.answeringAs.${consultation.answeringAs}`)}</p>
      <UpdateMarkdown markdown={consultation.summary} corrections={consultation.readingCorrections} />

      {searchParams.get("withdrawn") === "1" && response?.withdrawn ? (
        <p className="alert alert--success" role="status" data-testid="withdrawn-notice">
          {t("detail.withdrawn")}
        </p>
      ) : null}
      {response && !response.withdrawn ? (
        <section className={answered ? "alert alert--success" : "panel"} role={answered ? "status" : undefined} aria-labelledby="receipt-heading" data-testid="receipt">
          <h2 id="receipt-heading">{t(answered === "edited" ? "receipt.editedHeading" : "receipt.heading")}</h2>
          <p>
            {t("receipt.code")} <strong data-testid="receipt-code">{response.receiptCode}</strong>
          </p>
          {consultation.status === "open" ? (
            <p>
              {t("receipt.until")} <DateTime value={consultation.closesAt} />
            </p>
          ) : null}
          {consultation.status === "open" && !confirmingWithdrawal ? (
            <p>
              <a href={`/consultations/${consultation.id}?withdraw=confirm#withdraw-heading`}>{t("withdraw.start")}</a>
            </p>
          ) : null}
        </section>
      ) : null}

      {confirmingWithdrawal ? (
        <section className="panel stack" aria-labelledby="withdraw-heading" data-testid="withdraw-confirm">
          <h2 id="withdraw-heading">{t("withdraw.heading")}</h2>
          <p>{t("withdraw.consequence")}</p>
          <Form noValidate method="post" className="cluster">
            <button type="submit" name="intent" value="withdraw" className="button button--danger">
              {t("withdraw.submit")}
            </button>
            <a href={`/consultations/${consultation.id}`} className="button button--secondary">
              {t("withdraw.keep")}
            </a>
          </Form>
        </section>
      ) : null}

      {formError ? (
        <div className="alert alert--error" role="alert" id="answer-errors" data-testid="form-error">
          <p className="field-error">{formError}</p>
        </div>
      ) : null}

      {consultation.status === "open" ? (
        <Form method="post" className="stack" key={JSON.stringify(values)} aria-labelledby="questions-heading" noValidate>
          <h2 id="questions-heading">{t("form.heading")}</h2>
          <p>{t("form.requiredNote")}</p>
          {consultation.questions.map((question, index) => (
            <Question key={question.id} question={question} number={index + 1} values={values[question.id] ?? []} issue={issues[question.id]?.[0]} />
          ))}
          <div className="cluster">
            <button type="submit" name="intent" value="answer" className="button">
              {t(response && !response.withdrawn ? "form.update" : "form.submit")}
            </button>
          </div>
        </Form>
      ) : (
        <p className="alert" data-testid="not-open">
          {t(consultation.status === "scheduled" ? "detail.notYetOpen" : "detail.closed")}
          {consultation.reportVersion !== null ? (
            <>
              {" "}
              <a href={`/consultations/${consultation.id}/report`} data-testid="report-link">
                {t("list.readReport")}
              </a>
            </>
          ) : null}
        </p>
      )}
    </article>
  );
}

const rankKeys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"];

function Question({ question, number, values, issue }: { question: ResponderQuestion; number: number; values: string[]; issue: string | undefined }) {
  const { t } = useTranslation("consultations");
  const id = `q-${question.id}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const described = [issue ? errorId : null, question.kind === "free_text" || question.kind === "multiple_choice" || question.kind === "ranked" ? hintId : null].filter(Boolean).join(" ") || undefined;
  const legend = (
    <>
      {t("form.number", { number })} {question.prompt} <span className="hint">{t(question.required ? "form.required" : "form.optional")}</span>
    </>
  );
  const error = issue ? (
    <p className="field-error" id={errorId} data-testid="question-error">
      {issue}
    </p>
  ) : null;

  if (question.kind === "free_text") {
    return (
      <div className="field" data-testid="question">
        <label htmlFor={id}>{legend}</label>
        <span className="hint" id={hintId}>
          {t("form.textLimit", { max: question.maxLength })}
        </span>
        {error}
        <textarea id={id} name={question.id} rows={5} defaultValue={values[0] ?? ""} aria-invalid={issue ? true : undefined} aria-describedby={described} aria-required={question.required || undefined} />
      </div>
    );
  }

  if (question.kind === "ranked") {
    return (
      <fieldset aria-describedby={described} data-testid="question">
        <legend>{legend}</legend>
        <p className="hint" id={hintId}>
          {t("form.rankHint")}
        </p>
        {error}
        {question.options.map((_, position) => (
          <div className="field" key={position}>
            <label htmlFor={`${id}-${position}`}>{t("form.rank", { rank: rankKeys[position] })}</label>
            <select id={`${id}-${position}`} name={question.id} defaultValue={values[position] ?? ""} aria-invalid={issue ? true : undefined}>
              <option value="">{t("form.rankEmpty")}</option>
              {question.options.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        ))}
      </fieldset>
    );
  }

  const multiple = question.kind === "multiple_choice";
  const choices =
    question.kind === "scale"
      ? [1, 2, 3, 4, 5].map((point) => ({
          id: String(point),
          label: point === 1 ? `1 — ${question.options[0]?.label ?? ""}` : point === 5 ? `5 — ${question.options[1]?.label ?? ""}` : String(point),
        }))
      : question.options;
  return (
    <fieldset aria-describedby={described} data-testid="question">
      <legend>{legend}</legend>
      {multiple ? (
        <p className="hint" id={hintId}>
          {t("form.chooseAny")}
        </p>
      ) : null}
      {error}
      {choices.map((choice) => (
        <div className="choice-option" key={choice.id}>
          <input type={multiple ? "checkbox" : "radio"} id={`${id}-${choice.id}`} name={question.id} value={choice.id} defaultChecked={values.includes(choice.id)} />
          <label htmlFor={`${id}-${choice.id}`}>{choice.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
