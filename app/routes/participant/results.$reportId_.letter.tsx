import { getCollectionProps, getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "../../auth/guards.server";
import { participantQuery, sentenceSubjectOf, SubjectNote } from "../../components/consent-dashboard";
import { FieldError, FormErrors, FormField, TextAreaField } from "../../components/form-field";
import { letterLanguages, maxLetterMessage, RelativesLetterSchema } from "../../domain/results/index";
import { loadRelativesLetterForm, makeRelativesLetter } from "../../domain/results/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { subjectSentence } from "../../i18n/sentence-subject";
import { fileDownload } from "../../routes-support/file-download";
import resultsStyles from "../../styles/results.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resultsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "results:letter.title");

/**
 * A letter for the participant's blood relatives (issue 57 item 3; ADR 137): offered where the report may concern them,
 * made as a PDF when asked and never kept. Whoever may not read the report, or a report that concerns no relative: 404.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireUser(request, context);
  const form = await loadRelativesLetterForm({ userId: session.userId, reportId: params.reportId ?? "" });
  return { form, language: await getLanguage(request) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requireUser(request, context);
  const reportId = params.reportId ?? "";
  // Whoever may not read the report is answered as the page is (404) before the form is read.
  await loadRelativesLetterForm({ userId: session.userId, reportId });
  const { submission } = await parseForm(request, RelativesLetterSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const letter = await makeRelativesLetter({ userId: session.userId, reportId, input: submission.value });
  return fileDownload(letter.pdf, { name: letter.fileName, contentType: "application/pdf" });
}

export default function RelativesLetter() {
  const { t } = useTranslation("results");
  const { form: letterForm, language } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result?: SubmissionResult<string[]> } | undefined;
  const [form, fields] = useForm<{ findings: string[]; language: string; message: string; signature: string }>({
    id: "relatives-letter",
    lastResult: actionData?.result,
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
      <Form method="post" {...getFormProps(form)} className="stack" reloadDocument>
        <FormErrors id={form.errorId} errors={form.errors} />
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
