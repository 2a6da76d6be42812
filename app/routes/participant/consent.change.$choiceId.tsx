import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission, requireRecentAuthentication } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { ChoiceEffectsText, FieldErrors, participantQuery, sentenceSubjectOf, SubjectNote } from "../../components/consent-dashboard";
import { FormErrors } from "../../components/form-field";
import { ChangeChoiceSchema, changeOwnChoice, loadChoiceToChange, reviewOwnChoiceChange } from "../../domain/consent/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { answerRefusals, type RefusalAnswers } from "../../forms/refusal-answers.server";
import { invalidForm } from "../../forms/refusals.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { subjectSentence } from "../../i18n/sentence-subject";
import dashboardStyles from "../../styles/consent-dashboard.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:change.title");

/** Without a consent there is no choice to change: this page is then not found (other forms say it in words). */
const noConsentIsNoPage: RefusalAnswers = { alsoMissing: ["consent_not_found"] };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  answerRefusals(noConsentIsNoPage);
  const session = await requirePermission(request, context, "consent:own");
  // A fresh proof before what matters (issue 58 item 5, ADR 141): asked before the page, so nothing typed is lost to it.
  requireRecentAuthentication(session, request);
  const participant = new URL(request.url).searchParams.get("participant");
  const language = await getLanguage(request);
  const choice = await loadChoiceToChange({ userId: session.userId, participantId: participant, choiceId: params.choiceId ?? "", language });
  return json({ choice, query: participantQuery(participant) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  // And again on submit, if the ten minutes ran out while the page was open.
  requireRecentAuthentication(session, request);
  const participant = new URL(request.url).searchParams.get("participant");
  // A refusal is said on the choosing step: a value that is no option on its field, the rest above the form. A choice
  // that cannot change here is said in words too (as before), not the 403 page: only a tampered form reaches it.
  const { submission, t, language } = await parseForm(request, ChangeChoiceSchema, {
    ...noConsentIsNoPage,
    extra: { step: "choose" as const },
    field: { invalid_input: "value" },
    inWords: { invalid_input: "errors:field.invalid" },
    aboutWhatWasSent: ["forbidden"],
  });
  if (submission.status !== "success") {
    // A tampered or missing hidden field has no place on screen to show its error; say so above the form.
    const hiddenOnly = !submission.error?.value;
    return invalidForm(hiddenOnly ? { reply: () => submission.reply({ formErrors: [t("field.invalid")] }) } : submission, { step: "choose" as const });
  }
  const choiceId = params.choiceId ?? "";
  if (submission.value.intent === "review") {
    const review = await reviewOwnChoiceChange({ userId: session.userId, participantId: participant, choiceId, value: submission.value.value, language });
    return json({ step: "review" as const, from: review.from, to: review.to, effectsAfter: review.effectsAfter });
  }
  await changeOwnChoice({
    actor: { userId: session.userId, role: session.user.role },
    participantId: participant,
    choiceId,
    input: submission.value,
    language,
    request: await requestContextOf(request, context),
  });
  const back = new URLSearchParams({ notice: "changed", ...(participant ? { participant } : {}) });
  throw redirect(`/consent?${back.toString()}`);
}

export default function ChangeChoice() {
  const { t } = useTranslation("dashboard");
  const { choice, query } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData?.step === "choose" ? actionData.result : undefined;
  const [form, fields] = useForm<{ intent: string; value: string; from: string }>({ id: "change-choice", lastResult: result });
  const back = `/consent${query}`;
  const line = choice.line;
  const here = `/consent/change/${encodeURIComponent(line.id)}${query}`;

  if (actionData?.step === "review") {
    return (
      <div className="stack">
        <h1>{t("change.confirmTitle")}</h1>
        <SubjectNote subject={choice} />
        <section className="panel" aria-labelledby="change-summary-heading">
          <h2 id="change-summary-heading">{line.title}</h2>
          <dl className="dash-compare" data-testid="change-summary">
            <dt>{t("change.from")}</dt>
            <dd>{actionData.from.label}</dd>
            <dt>{t("change.to")}</dt>
            <dd>
              <strong>{actionData.to.label}</strong>
            </dd>
          </dl>
          <p>
            <strong>{t("change.effective")}</strong>
          </p>
          <h3>{t("change.meaningHeading")}</h3>
          <ChoiceEffectsText effects={actionData.effectsAfter} subject={sentenceSubjectOf(choice)} />
          <p>{t("change.emailNote")}</p>
        </section>
        <Form noValidate method="post" action={here} className="dash-actions">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="value" value={actionData.to.value} />
          <input type="hidden" name="from" value={actionData.from.value} />
          <button type="submit" className="button">
            {t("change.confirm")}
          </button>
          <a className="button button--secondary" href={here}>
            {t("change.back")}
          </a>
        </Form>
      </div>
    );
  }

  return (
    <div className="stack">
      <h1>{line.title}</h1>
      <SubjectNote subject={choice} />
      <section className="panel" aria-labelledby="current-heading">
        <h2 id="current-heading">{t("change.current")}</h2>
        <p className="dash-choice__value" data-testid="current-value">
          <strong>{line.valueLabel}</strong>
        </p>
        <details className="dash-more">
          <summary>{t("choices.whatThisMeans")}</summary>
          <p>{line.explanation}</p>
          <p className="dash-effects__heading">{t("choices.effectsHeading")}</p>
          <ChoiceEffectsText effects={choice.effects} subject={sentenceSubjectOf(choice)} />
        </details>
      </section>

      {line.id === "core.wgs" ? (
        <section className="panel" aria-labelledby="core-heading">
          <h2 id="core-heading">{t("change.core.heading")}</h2>
          <p>{t("change.core.body")}</p>
          <a className="button button--secondary" href={`/consent/withdraw${query}`}>
            {t("change.core.link")}
          </a>
        </section>
      ) : choice.withdrawn ? (
        <p className="alert">{t("choices.locked")}</p>
      ) : (
        <Form method="post" action={here} {...getFormProps(form)} className="panel">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="review" />
          <fieldset className="dash-options" aria-describedby={fields.value.errors?.length ? fields.value.errorId : undefined}>
            <legend>{t("change.newChoice")}</legend>
            {line.options.map((option) => (
              <label key={option.value} className="dash-option">
                <input type="radio" name="value" value={option.value} defaultChecked={option.value === line.value} />
                <span className="dash-option__body">
                  <span className="dash-option__title">{option.label}</span>
                  {option.value === line.value ? <span>{t("change.currentTag")}</span> : null}
                </span>
              </label>
            ))}
          </fieldset>
          <FieldErrors id={fields.value.errorId} errors={fields.value.errors} />
          <div className="dash-actions">
            <button type="submit" className="button">
              {t("change.review")}
            </button>
            <a className="button button--secondary" href={back}>
              {t("change.cancel")}
            </a>
          </div>
        </Form>
      )}
      <p>
        <a href={back}>{subjectSentence(t, "change.backToDashboard", sentenceSubjectOf(choice))}</a>
      </p>
    </div>
  );
}
