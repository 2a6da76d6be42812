import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission, requireRecentAuthentication } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FieldErrors, participantQuery, sentenceSubjectOf, SubjectNote, WithdrawalLevelExplanation, WithdrawalLevelSummary } from "../../components/consent-dashboard";
import { FormErrors } from "../../components/form-field";
import { loadWithdrawalStanding, reviewOwnWithdrawal, WithdrawSchema, withdrawOwnConsent } from "../../domain/consent/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import { subjectSentence } from "../../i18n/sentence-subject";
import dashboardStyles from "../../styles/consent-dashboard.css?url";
import { invalidForm } from "../../forms/refusals.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:withdraw.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  // A fresh proof before what matters (issue 58 item 5, ADR 141): asked before the page, so nothing typed is lost to it.
  requireRecentAuthentication(session, request);
  const participant = new URL(request.url).searchParams.get("participant");
  const standing = await loadWithdrawalStanding({ userId: session.userId, participantId: participant });
  return json({ standing, query: participantQuery(participant) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  // And again on submit, if the ten minutes ran out while the page was open.
  requireRecentAuthentication(session, request);
  const participant = new URL(request.url).searchParams.get("participant");
  const { submission, language } = await parseForm(request, WithdrawSchema, { extra: { step: "choose" as const } });
  if (submission.status !== "success") return invalidForm(submission, { step: "choose" as const });
  if (submission.value.intent === "review") {
    await reviewOwnWithdrawal({ userId: session.userId, participantId: participant, level: submission.value.level });
    return json({ step: "review" as const, level: submission.value.level });
  }
  await withdrawOwnConsent({
    actor: { userId: session.userId, role: session.user.role },
    participantId: participant,
    input: submission.value,
    language,
    request: await requestContextOf(request, context),
  });
  const back = new URLSearchParams({ notice: "withdrawn", ...(participant ? { participant } : {}) });
  throw redirect(`/consent?${back.toString()}`);
}

export default function WithdrawConsent() {
  const { t } = useTranslation(["dashboard", "documents"]);
  const { standing, query } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ intent: string; level: string }>({ id: "withdraw", lastResult: actionData?.step === "choose" ? actionData.result : undefined });
  // The consent, the care and the levels are the participant's: a proxy reads them about the person by name (ADR 119).
  const about = sentenceSubjectOf(standing);
  const say = (key: string, values?: Record<string, string>) => subjectSentence(t, key, about, values);
  const here = `/consent/withdraw${query}`;
  const back = `/consent${query}`;

  if (actionData?.step === "review") {
    return (
      <div className="stack">
        <h1>{say("withdraw.confirmTitle")}</h1>
        <SubjectNote subject={standing} />
        <section className="panel" aria-labelledby="level-heading">
          <p>{say("withdraw.confirmLead")}</p>
          <h2 id="level-heading">{t(`documents:withdrawalLevels.${actionData.level}`)}</h2>
          <WithdrawalLevelExplanation level={actionData.level} audience="participant" subject={about} />
          <p>
            <strong>{t("withdraw.effective")}</strong>
          </p>
          <p>{say("withdraw.onlyStricter")}</p>
        </section>
        <Form noValidate method="post" action={here} className="dash-actions">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="level" value={actionData.level} />
          <button type="submit" className="button button--danger">
            {t("withdraw.confirm")}
          </button>
          <a className="button button--secondary" href={here}>
            {t("withdraw.back")}
          </a>
        </Form>
      </div>
    );
  }

  return (
    <div className="stack">
      <h1>{t("withdraw.title")}</h1>
      <SubjectNote subject={standing} />
      <p>{say("withdraw.intro")}</p>
      {standing.current ? (
        <p className="alert" data-testid="current-level">
          {say("withdraw.current", { level: t(`documents:withdrawalLevels.${standing.current}`) })}
        </p>
      ) : null}
      {!standing.hasConsent ? (
        <p className="alert">{say("withdraw.noConsent")}</p>
      ) : standing.available.length === 0 ? (
        <p className="alert">{say("withdraw.nothingLeft")}</p>
      ) : (
        <Form method="post" action={here} {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="review" />
          <p>{say("withdraw.onlyStricter")}</p>
          <fieldset className="dash-options" aria-describedby={fields.level.errors?.length ? fields.level.errorId : undefined}>
            <legend>{t("withdraw.chooseLegend")}</legend>
            {standing.available.map((level) => (
              <div key={level} className="dash-level">
                <label className="dash-option">
                  <input type="radio" name="level" value={level} aria-describedby={`explain-${level}`} />
                  <span className="dash-option__body">
                    <span className="dash-option__title">{t(`documents:withdrawalLevels.${level}`)}</span>
                    <WithdrawalLevelSummary level={level} subject={about} />
                  </span>
                </label>
                <div id={`explain-${level}`} className="dash-level__explain">
                  <WithdrawalLevelExplanation level={level} audience="participant" subject={about} />
                </div>
              </div>
            ))}
          </fieldset>
          <FieldErrors id={fields.level.errorId} errors={fields.level.errors} />
          <div className="dash-actions">
            <button type="submit" className="button">
              {t("withdraw.review")}
            </button>
            <a className="button button--secondary" href={back}>
              {say("withdraw.cancel")}
            </a>
          </div>
        </Form>
      )}
      <p>
        <a href={back}>{say("change.backToDashboard")}</a>
      </p>
    </div>
  );
}
