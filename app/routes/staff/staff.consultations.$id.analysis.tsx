import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { AnalysisReleaseNotes, ReleaseLine } from "../../components/consultations/analysis-release-notes";
import { AnalysisTableView } from "../../components/consultations/analysis-table-view";
import { useAnswerLabel } from "../../components/consultations/use-answer-label";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { RELEASE_STEP } from "../../domain/consultations/index";
import { createConsultationTheme } from "../../domain/consultations/index.server";
import { loadConsultationAnalysis } from "../../domain/consultations/index.server";
import { recountConsultationThemes } from "../../domain/consultations/index.server";
import { AnalysisFormSchema, themeLabelMax } from "../../domain/consultations/index";
import { SMALL_COUNT_THRESHOLD } from "../../domain/transparency/index";
import { parseForm } from "../../forms/parse-form.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import transparencyStyles from "../../styles/transparency.css?url";
import { invalidForm } from "../../forms/refusals.server";
import { fieldErrorsOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consultation-admin:analysis.title");
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: formStyles },
  { rel: "stylesheet", href: transparencyStyles },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "consultations:manage");
  return json({ view: await loadConsultationAnalysis({ consultationId: params.id ?? "" }) });
}

const notices = ["themeAdded", "themesCounted", "themesUnchanged"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consultations:manage");
  const { submission } = await parseForm(request, AnalysisFormSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const consultationId = params.id ?? "";
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const form = submission.value;
  let notice: (typeof notices)[number];
  if (form.intent === "recount-themes") {
    const { released } = await recountConsultationThemes({ consultationId, actorUserId: session.userId, request: { ipAddress, userAgent } });
    notice = released ? "themesCounted" : "themesUnchanged";
  } else {
    await createConsultationTheme({ consultationId, label: form.label, actorUserId: session.userId, request: { ipAddress, userAgent } });
    notice = "themeAdded";
  }
  throw redirect(`/staff/consultations/${consultationId}/analysis?notice=${notice}#themes`);
}


const languages = ["ja", "ja-easy", "en"] as const;

export default function ConsultationAnalysisPage() {
  const { t, i18n } = useTranslation("consultation-admin");
  const language = i18n.language as SupportedLanguage;
  const { view } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = notices.find((name) => name === params.get("notice"));
  const errors = fieldErrorsOf(actionData?.result);
  const { analysis, consultation } = view;
  const optionLabel = useAnswerLabel();
  const themeLabel = (id: string) => view.themes.find((theme) => theme.id === id)?.label[language] ?? id;
  return (
    <div className="stack forms-page">
      <p>
        <a href={`/staff/consultations/${consultation.id}`}>{t("moderation.back")}</a>
      </p>
      <h1>{t("analysis.title")}</h1>
      <p>
        <UserText text={consultation.title[language]} />
      </p>
      <p data-testid="consultation-status">{t(`status.${consultation.status}`)}</p>
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`analysis.${notice}`)}</p>
        </div>
      ) : null}
      {view.release ? <ReleaseLine release={view.release} step={RELEASE_STEP} /> : <p data-testid="analysis-no-release">{t("analysis.release.none")}</p>}
      {consultation.status === "closed" ? (
        <p>{t("analysis.release.ruleClosed")}</p>
      ) : (
        <p data-testid="analysis-release-rule">
          {t("analysis.release.ruleOpen", { step: RELEASE_STEP })}{" "}
          {view.nextPointAt ? (
            <>
              {t("analysis.release.nextFrom")} <DateTime value={view.nextPointAt} />{" "}
            </>
          ) : null}
          {t("analysis.release.closingOn")} <DateTime value={consultation.closesAt} />
        </p>
      )}
      {analysis ? (
        <>
          <p>{t("analysis.disclosure", { threshold: SMALL_COUNT_THRESHOLD })}</p>
          <AnalysisReleaseNotes analysis={analysis} kind={view.release?.kind ?? null} />
          <ul className="figure-downloads">
            <li>
              <a href={`/staff/consultations/${consultation.id}/analysis.csv`} download>
                {t("analysis.downloadCsv")}
              </a>
            </li>
            <li>
              <a href={`/staff/consultations/${consultation.id}/analysis.json`} download>
                {t("analysis.downloadJson")}
              </a>
            </li>
          </ul>

          <section className="stack" aria-labelledby="analysis-responses">
            <h2 id="analysis-responses">{t("analysis.responsesHeading")}</h2>
            <AnalysisTableView table={analysis.responses} title={t("analysis.responsesCaption")} categoryLabel={() => t("analysis.responsesRow")} idPrefix="responses" />
          </section>
        </>
      ) : null}

      {(analysis?.questions ?? []).map(({ question, answers, answered }) => {
        const heading = `question-${question.position}`;
        const prompt = question.prompt[language];
        return (
          <section className="stack" aria-labelledby={heading} key={question.id} data-testid="analysis-question">
            <h2 id={heading}>
              {t("moderation.question", { number: question.position })} <UserText text={prompt} />
            </h2>
            <p className="hint">
              {t(`kinds.${question.kind}`)}
              {question.kind === "ranked" ? ` · ${t("analysis.rankedHint")}` : question.kind === "multiple_choice" ? ` · ${t("analysis.multipleHint")}` : ""}
            </p>
            {answers ? (
              <AnalysisTableView table={answers} title={t("analysis.answersCaption", { number: question.position })} categoryLabel={optionLabel(question)} idPrefix={`${heading}-answers`} />
            ) : null}
            {answered ? (
              <AnalysisTableView table={answered} title={t("analysis.answeredCaption", { number: question.position })} categoryLabel={() => t("analysis.answeredRow")} idPrefix={`${heading}-answered`} />
            ) : null}
            {question.kind === "free_text" ? (
              <p>
                <a href={`/staff/consultations/${consultation.id}/moderation?state=approved`}>{t("analysis.readAnswers")}</a>
              </p>
            ) : null}
          </section>
        );
      })}

      <section className="stack" aria-labelledby="themes-heading" id="themes">
        <h2 id="themes-heading">{t("analysis.themesHeading")}</h2>
        <p>{t("analysis.themesIntro")}</p>
        {analysis?.themes ? (
          <AnalysisTableView table={analysis.themes} title={t("analysis.themesCaption")} categoryLabel={themeLabel} idPrefix="themes" />
        ) : view.themes.length > 0 ? (
          <p>{t("analysis.themesNotReleased")}</p>
        ) : (
          <p>{t("analysis.noThemes")}</p>
        )}
        {consultation.status === "closed" && view.themes.length > 0 ? (
          <Form noValidate method="post" className="stack" aria-labelledby="recount-themes">
            <h3 id="recount-themes">{t("analysis.recountHeading")}</h3>
            <p className="hint" id="recount-themes-hint">
              {t("analysis.recountHint")}
            </p>
            <input type="hidden" name="intent" value="recount-themes" />
            <button type="submit" className="button button--secondary" aria-describedby="recount-themes-hint">
              {t("analysis.recountSubmit")}
            </button>
          </Form>
        ) : null}
        <Form noValidate method="post" className="stack panel" aria-labelledby="add-theme">
          <h3 id="add-theme">{t("analysis.addTheme")}</h3>
          <input type="hidden" name="intent" value="add-theme" />
          <FormErrors id="theme-errors" errors={errors[""] ?? undefined} />
          {languages.map((lang) => {
            const name = `label.${lang}`;
            const fieldErrors = errors[name];
            return (
              <div className="field" key={lang}>
                <label htmlFor={`theme-${lang}`}>{t(`analysis.themeLabel.${lang}`)}</label>
                <span className="hint" id={`theme-${lang}-hint`}>
                  {t("analysis.themeHint", { max: themeLabelMax })}
                </span>
                <input
                  id={`theme-${lang}`}
                  name={name}
                  type="text"
                  maxLength={themeLabelMax * 2}
                  lang={lang === "en" ? "en" : "ja"}
                  aria-invalid={fieldErrors?.length ? true : undefined}
                  aria-describedby={[`theme-${lang}-hint`, fieldErrors?.length ? `theme-${lang}-error` : ""].filter(Boolean).join(" ")}
                />
                {fieldErrors?.length ? (
                  <p className="field-error" id={`theme-${lang}-error`} role="alert">
                    {fieldErrors.join(" ")}
                  </p>
                ) : null}
              </div>
            );
          })}
          <button type="submit" className="button">
            {t("analysis.addThemeSubmit")}
          </button>
        </Form>
      </section>
    </div>
  );
}
