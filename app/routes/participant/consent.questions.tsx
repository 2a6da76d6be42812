import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { FieldErrors, useRelationship } from "../../components/journey/journey-parts";
import { askJourneyQuestion, loadQuestionsPage } from "../../domain/consent/index.server";
import { JourneyQuestionSchema } from "../../domain/consent/index";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import journeyStyles from "../../styles/consent-journey.css?url";
import { invalidForm } from "../../forms/refusals.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "journey:questions.title");

/** Only back into the journey: the page must not become a redirect to anywhere. */
function journeyBackPath(value: string | null | undefined): string | null {
  return value && /^\/consent\/journey(\/[a-z]+(\/\d{1,2})?)?$/.test(value) ? value : null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const url = new URL(request.url);
  const page = await loadQuestionsPage(session.userId, url.searchParams.get("participant"));
  return json({ page, back: journeyBackPath(url.searchParams.get("back")), asked: url.searchParams.get("asked") === "1" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  // The participant is a field of this form (the person asked about): someone not the reader's is a mistake in it.
  const { submission } = await parseForm(request, JourneyQuestionSchema, { aboutWhatWasSent: ["forbidden"] });
  if (submission.status !== "success") return invalidForm(submission);
  const { participantId, body, back } = submission.value;
  await askJourneyQuestion({ userId: session.userId, participantId, body, request: await requestContextOf(request, context) });
  const backPath = journeyBackPath(back);
  throw redirect(`/consent/questions?participant=${participantId}&asked=1${backPath ? `&back=${encodeURIComponent(backPath)}` : ""}`);
}

export default function ConsentQuestions() {
  const { t } = useTranslation("journey");
  const relationship = useRelationship();
  const { page, back, asked } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ participantId: string; body: string; back: string }>({ id: "ask-question", lastResult: actionData?.result });
  const subject = page.subjects.find((candidate) => candidate.participantId === page.participantId);
  const hintId = `${fields.body.id}-hint`;
  return (
    <div className="stack journey">
      {back ? (
        <p>
          <a href={back}>{t("questions.back")}</a>
        </p>
      ) : null}
      <h1>{t("questions.title")}</h1>
      <p>{t("questions.intro")}</p>
      {asked ? (
        <p className="alert alert--success" role="status">
          {t("questions.sent")}
        </p>
      ) : null}
      {page.subjects.length > 1 ? (
        <nav aria-label={t("questions.pick")}>
          <ul className="journey-links">
            {page.subjects.map((candidate) => (
              <li key={candidate.participantId}>
                <a href={`/consent/questions?participant=${candidate.participantId}`} aria-current={candidate.participantId === page.participantId ? "page" : undefined}>
                  {candidate.as === "self" ? t("start.yourself") : t("start.child", { name: candidate.displayName, relationship: relationship(candidate.relationship) })}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {subject?.as === "proxy" ? <p className="journey-subject">{t("questions.forSubject", { name: subject.displayName })}</p> : null}
      {subject ? (
        <Form method="post" {...getFormProps(form)} className="panel">
          <h2>{t("questions.askHeading")}</h2>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="participantId" value={subject.participantId} />
          {back ? <input type="hidden" name="back" value={back} /> : null}
          <div className="field">
            <label htmlFor={fields.body.id}>{t("questions.bodyLabel")}</label>
            <span className="hint" id={hintId}>
              {t("questions.bodyHint")}
            </span>
            <textarea
              id={fields.body.id}
              name={fields.body.name}
              className="journey-textarea"
              rows={5}
              defaultValue={fields.body.initialValue ?? ""}
              aria-invalid={fields.body.errors?.length ? true : undefined}
              aria-describedby={`${hintId}${fields.body.errors?.length ? ` ${fields.body.errorId}` : ""}`}
            />
            <FieldErrors id={fields.body.errorId} errors={fields.body.errors} />
          </div>
          <button type="submit" className="button">
            {t("questions.submit")}
          </button>
        </Form>
      ) : (
        <p className="alert">{t("start.noSubjects")}</p>
      )}
      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading">{t("questions.listHeading")}</h2>
        {page.questions.length === 0 ? <p>{t("questions.none")}</p> : null}
        <ul className="list-plain" data-testid="question-list">
          {page.questions.map((question) => (
            <li key={question.id} className="journey-question">
              <p className="hint">
                {t("questions.asked")} <DateTime value={question.askedAt} />
              </p>
              <p>{question.body}</p>
              {question.answer ? (
                <>
                  <p className="hint">
                    {t("questions.answered")} {question.answeredAt ? <DateTime value={question.answeredAt} /> : null}
                  </p>
                  <p data-testid="question-answer">
                    <strong>{t("questions.answer")}: </strong>
                    {question.answer}
                  </p>
                </>
              ) : (
                <p>
                  <strong>{t("questions.waiting")}</strong>
                </p>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
