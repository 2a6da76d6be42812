import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requireStaffAccess } from "../../auth/participant-access.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { NoFacilityNotice } from "../../components/no-facility-notice";
import { answerQuestion, AnswerQuestionSchema } from "../../domain/consent/index.server";
import { listQuestionQueue, type QueuedQuestion } from "../../domain/consent/index.server";
import { scopeIsEmpty } from "../../domain/facilities/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { firstCharacters } from "../../domain/kernel/index";
import { pageTitle } from "../../i18n/page-title";
import enrolmentStyles from "../../styles/enrolment.css?url";
import { UserText } from "../../components/user-text";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: enrolmentStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enrolment:questions.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { access } = await requireStaffAccess(request, context, "questions:answer");
  return json({ ...(await listQuestionQueue({ scope: access.scope })), noFacility: scopeIsEmpty(access.scope) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  // The question's participant is checked against the scope inside answerQuestion (it is named by the form).
  const session = await requirePermission(request, context, "questions:answer");
  const { submission, formData, t } = await parseForm(request, AnswerQuestionSchema);
  // Echoed back into the page: cut by characters, so 𠮷 at the edge is not split into a half the page cannot show.
  const questionId = firstCharacters(String(formData.get("questionId") ?? ""), 64);
  const typed = firstCharacters(String(formData.get("answer") ?? ""), 5000);
  if (submission.status !== "success") {
    const errors = submission.error ?? {};
    // A questionId that is not one of ours was tampered with; the form cannot say which question, so the page does.
    if (errors.questionId) return invalidForm(submission, { questionId, typed, fieldErrors: [] as string[], formError: "notOpen" as const });
    return invalidForm(submission, { questionId, typed, fieldErrors: errors.answer?.length ? errors.answer : [t("field.invalid")], formError: null });
  }
  // A question that is not (or no longer) open to this coordinator was named by the form: the page says it is not
  // open, above the questions (400), beside the words the form shows; never the 404 page.
  answerRefusals({
    extra: { questionId, typed, fieldErrors: [] as string[], formError: "notOpen" as const },
    aboutWhatWasSent: ["not_found", "forbidden"],
    inWords: { not_found: "enrolment:questions.errors.notOpen", forbidden: "enrolment:questions.errors.notOpen" },
  });
  await answerQuestion({
    questionId: submission.value.questionId,
    answeredById: session.userId,
    answer: submission.value.answer,
    path: new URL(request.url).pathname,
    request: await requestContextOf(request, context),
  });
  throw redirect("/staff/questions?answered=1");
}

export default function QuestionQueue() {
  const { t } = useTranslation("enrolment");
  const { open, answered, noFacility } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <div className="stack">
      <h1>{t("questions.title")}</h1>
      <p>{t("questions.intro")}</p>
      {noFacility ? <NoFacilityNotice /> : null}
      {searchParams.get("answered") && !actionData ? (
        <div className="alert alert--success" role="status">
          <p>{t("questions.answered")}</p>
        </div>
      ) : null}
      {actionData?.formError ? (
        <div className="alert alert--error" role="alert">
          <p>{t(`questions.errors.${actionData.formError}`)}</p>
        </div>
      ) : null}
      <h2>{t("questions.openHeading", { count: open.length })}</h2>
      {open.length === 0 ? <p>{t("questions.none")}</p> : null}
      <ul className="list-plain stack">
        {open.map((question) => (
          <li key={question.id} className="question">
            <QuestionHeader question={question} />
            <p className="question__body">
              <UserText text={question.body} />
            </p>
            <AnswerForm question={question} errors={actionData?.questionId === question.id ? actionData.fieldErrors : []} typed={actionData?.questionId === question.id ? actionData.typed : undefined} />
          </li>
        ))}
      </ul>
      {answered.length > 0 ? (
        <>
          <h2>{t("questions.answeredHeading")}</h2>
          <ul className="list-plain stack">
            {answered.map((question) => (
              <li key={question.id} className="question">
                <QuestionHeader question={question} />
                <p className="question__body">
                  <UserText text={question.body} />
                </p>
                <p className="muted">
                  {t("questions.answerLabel")} <DateTime value={question.answeredAt!} withUtc />
                </p>
                <p className="question__body">
                  <UserText text={question.answer ?? ""} />
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function QuestionHeader({ question }: { question: Pick<QueuedQuestion, "participantId" | "pseudonym" | "askedAt"> | { participantId: string; pseudonym: string; askedAt: string } }) {
  const { t } = useTranslation("enrolment");
  return (
    <p className="muted">
      <a className="mono" href={`/staff/participants/${question.participantId}`}>
        {question.pseudonym}
      </a>{" "}
      · {t("questions.asked")} <DateTime value={question.askedAt} withUtc />
    </p>
  );
}

function AnswerForm({ question, errors, typed }: { question: { id: string; pseudonym: string }; errors: string[]; typed?: string }) {
  const { t } = useTranslation("enrolment");
  const id = `answer-${question.id}`;
  const invalid = errors.length > 0;
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="questionId" value={question.id} />
      <div className="field">
        <label htmlFor={id}>{t("questions.answerField", { pseudonym: question.pseudonym })}</label>
        <span className="hint" id={`${id}-hint`}>
          {t("questions.answerHint")}
        </span>
        <textarea id={id} name="answer" rows={5} defaultValue={typed} aria-invalid={invalid || undefined} aria-describedby={invalid ? `${id}-hint ${id}-error` : `${id}-hint`} />
        {invalid ? (
          <p className="field-error" id={`${id}-error`} role="alert">
            {errors.join(" ")}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button">
        {t("questions.submit")}
      </button>
    </Form>
  );
}
