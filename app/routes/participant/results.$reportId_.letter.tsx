import { getCollectionProps, getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser, requireRecentAuthentication } from "../../auth/guards.server";
import { participantQuery, sentenceSubjectOf, SubjectNote } from "../../components/consent-dashboard";
import { FieldError, FormField, TextAreaField } from "../../components/form-field";
import { letterFieldsFromQuery, letterLanguages, maxLetterMessage } from "../../domain/results/index";
import { loadRelativesLetterForm } from "../../domain/results/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { subjectSentence } from "../../i18n/sentence-subject";
import resultsStyles from "../../styles/results.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resultsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "results:letter.title");

/**
 * A letter for the participant's blood relatives (issue 57 item 3; ADR 137): offered where the report may concern them,
 * made as a PDF when asked and never kept (the form posts to /results/:id/letter.pdf, which answers with the file, or
 * comes back here naming the fields it could not use). Whoever may not read the report, or a report that concerns no
 * relative: 404.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireUser(request, context);
  // A fresh proof before what matters (issue 58 item 5, ADR 141): asked before the page, so nothing typed is lost to it.
  requireRecentAuthentication(session, request);
  const form = await loadRelativesLetterForm({ userId: session.userId, reportId: params.reportId ?? "" });
  return { form, language: await getLanguage(request), invalid: letterFieldsFromQuery(new URL(request.url).searchParams.get("invalid")) };
}

export default function RelativesLetter() {
  const { t } = useTranslation("results");
  const { form: letterForm, language, invalid } = useLoaderData<typeof loader>();
  const [form, fields] = useForm<{ findings: string[]; language: string; message: string; signature: string }>({
    id: "relatives-letter",
    defaultValue: { findings: letterForm.findings.map((finding) => finding.key), language },
  });
  const about = sentenceSubjectOf(letterForm.report.subject);
  const query = letterForm.report.subject.as === "proxy" ? participantQuery(letterForm.report.subject.participantId) : "";
  const findingsHint = `${fields.findings.id}-legend`;
  return (
    <div className="stack">
      <p>
        <a href={`/results/${letterForm.report.reportId}${query}`}>{t("back")}</a>
      </p>
      <h1>{subjectSentence(t, "letter.title", about)}</h1>
      <SubjectNote subject={letterForm.report.subject} />
      <p>{subjectSentence(t, "letter.intro", about)}</p>
      {invalid.length > 0 ? (
        <div className="alert alert--error" role="alert" data-testid="letter-invalid">
          <p>{t("letter.invalid.intro")}</p>
          <ul>
            {invalid.map((field) => (
              <li key={field}>{t(`letter.invalid.${field}`)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" action={`/results/${letterForm.report.reportId}/letter.pdf`} {...getFormProps(form)} className="stack" reloadDocument>
        <fieldset className="choice-group" aria-describedby={fields.findings.errors?.length ? fields.findings.errorId : undefined}>
          <legend id={findingsHint}>{t("letter.findingsLegend")}</legend>
          {getCollectionProps(fields.findings, { type: "checkbox", options: letterForm.findings.map((finding) => finding.key) }).map((props, index) => {
            const finding = letterForm.findings[index]!;
            return (
              <div className="choice-option" key={props.key}>
                <input {...props} key={props.key} />
                <div>
                  <label htmlFor={props.id}>
                    {finding.gene} <span className="mono">{finding.variant}</span>
                  </label>
                </div>
              </div>
            );
          })}
          <FieldError field={fields.findings} />
        </fieldset>
        <div className="field">
          <label htmlFor={fields.language.id}>{t("letter.languageLabel")}</label>
          <select {...getSelectProps(fields.language)} key={fields.language.key}>
            {letterLanguages.map((option) => (
              <option key={option} value={option}>
                {t(`letter.languages.${option}`)}
              </option>
            ))}
          </select>
          <FieldError field={fields.language} />
        </div>
        <TextAreaField field={fields.message} label={t("letter.messageLabel")} hint={t("letter.messageHint", { max: maxLetterMessage })} />
        <FormField field={fields.signature} label={t("letter.signatureLabel")} hint={t("letter.signatureHint")} autoComplete="name" />
        <button type="submit" className="button" data-testid="letter-submit">
          {t("letter.submit")}
        </button>
      </Form>
    </div>
  );
}
