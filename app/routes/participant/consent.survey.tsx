import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FieldErrors, participantQuery } from "../../components/consent-dashboard";
import { FormErrors, TextAreaField } from "../../components/form-field";
import { SurveyAnswerSchema, surveyQuestions, surveyScale } from "../../domain/surveys/index";
import { answerOwnSurvey, loadOwnSurvey } from "../../domain/surveys/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";
import { withoutAppScripts } from "../../rendering/page-scripts";

// A plain form: sent without the app's scripts (ADR 085), the same with JavaScript off.
export const handle = withoutAppScripts;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "surveys:title");

/** How consent felt (issue 59 item 4; ADR 149): four statements and a comment, answered once, by the person who signed. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const url = new URL(request.url);
  const survey = await loadOwnSurvey({ userId: session.userId, participantId: url.searchParams.get("participant") });
  return { standing: survey.standing, respondent: survey.respondent, query: survey.respondent === "proxy" ? participantQuery(survey.participantId) : "", thanks: url.searchParams.get("thanks") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const { submission, language } = await parseForm(request, SurveyAnswerSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const participant = new URL(request.url).searchParams.get("participant");
  await answerOwnSurvey({ userId: session.userId, participantId: participant, input: submission.value, language, request: await requestContextOf(request, context) });
  const query = participantQuery(participant);
  throw redirect(`/consent/survey${query ? `${query}&` : "?"}thanks=1`);
}

export default function ConsentSurvey() {
  const { t } = useTranslation("surveys");
  const { standing, respondent, query, thanks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<Record<string, string>>({ id: "survey", lastResult: actionData?.result });
  return (
    <div className="stack">
      <h1>{t("title")}</h1>
      {thanks ? (
        <p className="alert alert--success" role="status" data-testid="survey-thanks">
          {t("thanks")}
        </p>
      ) : null}
      {standing === "open" ? (
        <Form method="post" {...getFormProps(form)} noValidate className="stack">
          <p>{t("intro")}</p>
          {respondent === "proxy" ? <p data-testid="survey-proxy">{t("introProxy")}</p> : null}
          <FormErrors id={form.errorId} errors={form.errors} />
          {surveyQuestions.map((question) => (
            <fieldset key={question} className="field" aria-describedby={fields[question]?.errors ? fields[question]!.errorId : undefined}>
              <legend>{t(`questions.${question}`)}</legend>
              {surveyScale.map((score) => (
                <label key={score} className="choice">
                  <input type="radio" name={question} value={score} /> {t(`scale.${score}`)}
                </label>
              ))}
              <FieldErrors id={fields[question]!.errorId} errors={fields[question]!.errors} />
            </fieldset>
          ))}
          <TextAreaField field={fields.comment!} label={t("comment")} hint={t("commentHint")} rows={5} />
          <div>
            <button type="submit" className="button">
              {t("submit")}
            </button>
          </div>
        </Form>
      ) : (
        <p data-testid="survey-standing" data-standing={standing}>
          {t(`standing.${standing}`)}
        </p>
      )}
      <p>
        <a href={`/consent${query}`}>{t("back")}</a>
      </p>
    </div>
  );
}
