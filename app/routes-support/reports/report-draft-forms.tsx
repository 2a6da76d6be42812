import { getCollectionProps, getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FuriganaScope } from "@tsunagi/furigana-jsx/furigana";
import { useTranslation } from "react-i18next";
import { FieldError, FormErrors, FormField, TextAreaField } from "../../components/form-field";
import { UpdateMarkdown } from "../../components/update-markdown";
import { flatFieldsOf, reportFormLanguages, type ReportContent, type ReportSection } from "../../domain/transparency/index";
import { figureIds } from "../../domain/transparency/index";
import { htmlLangOf, supportedLanguages } from "../../i18n/languages";
import { Paragraphs } from "./report-document";

/** What the page's action answered: which form it was for, and Conform's reply for that form only. */
export interface ReportActionData {
  form: string;
  result: SubmissionResult<string[]>;
}

const resultFor = (actionData: ReportActionData | undefined, formId: string) => (actionData?.form === formId ? actionData.result : undefined);

/** The title in each language and, from version 2 on, the note of what changed (ADR 048). */
export function ReportHeaderForm({ content, version, updatedAt, actionData }: { content: ReportContent; version: number; updatedAt: string; actionData?: ReportActionData }) {
  const { t } = useTranslation("reports");
  const id = "report-header";
  const defaultValue = { ...flatFieldsOf("title", content.title), ...(content.changeNote ? flatFieldsOf("changeNote", content.changeNote) : {}) };
  const [form, fields] = useForm<Record<string, string>>({ id, defaultValue, lastResult: resultFor(actionData, id), shouldRevalidate: "onBlur" });
  return (
    <Form method="post" {...getFormProps(form)} className="panel stack" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t("staff.detail.headerHeading")}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="updatedAt" value={updatedAt} />
      {reportFormLanguages.map(([language, suffix]) => (
        <fieldset className="stack" key={language}>
          <legend>{t(`staff.fields.language.${language}`)}</legend>
          <FormField field={fields[`title${suffix}`]!} label={t("staff.fields.title")} lang={htmlLangOf(language)} />
          {version > 1 ? (
            <TextAreaField field={fields[`changeNote${suffix}`]!} label={t("staff.fields.changeNote")} hint={t("staff.fields.changeNoteHint")} lang={htmlLangOf(language)} rows={3} />
          ) : null}
        </fieldset>
      ))}
      <button type="submit" name="intent" value="saveHeader" className="button">
        {t("staff.detail.saveHeader")}
      </button>
    </Form>
  );
}

type SectionFields = Record<`${"heading" | "body"}${"Ja" | "JaEasy" | "En"}`, string> & { figures: string[] };

/**
 * One section: its heading and Markdown text in each language and the figures after it. Each section is its own
 * form, so one post carries one section (at most ~540 kB, under the request edge's limit), and saving one section
 * never sends another's stale text back.
 */
export function ReportSectionForm({
  section,
  index,
  count,
  updatedAt,
  actionData,
}: {
  section: ReportSection;
  index: number;
  count: number;
  updatedAt: string;
  actionData?: ReportActionData;
}) {
  const { t } = useTranslation(["reports", "figures"]);
  const id = `report-section-${index}`;
  const number = index + 1;
  const defaultValue = { ...flatFieldsOf("heading", section.heading), ...flatFieldsOf("body", section.body), figures: section.figures } as SectionFields;
  const [form, fields] = useForm<SectionFields>({ id, defaultValue, lastResult: resultFor(actionData, id), shouldRevalidate: "onBlur" });
  const figuresHintId = `${id}-figures-hint`;
  return (
    <Form method="post" {...getFormProps(form)} className="panel stack" aria-labelledby={`${id}-heading`} id={id}>
      <h3 id={`${id}-heading`}>{t("staff.detail.sectionHeading", { number })}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="updatedAt" value={updatedAt} />
      <input type="hidden" name="section" value={index} />
      {reportFormLanguages.map(([language, suffix]) => (
        <fieldset className="stack" key={language}>
          <legend>{t(`staff.fields.language.${language}`)}</legend>
          <FormField field={fields[`heading${suffix}`]} label={t("staff.fields.heading")} lang={htmlLangOf(language)} />
          <TextAreaField field={fields[`body${suffix}`]} label={t("staff.fields.body")} hint={t("staff.fields.bodyHint")} lang={htmlLangOf(language)} rows={8} />
        </fieldset>
      ))}
      <fieldset className="choice-group" aria-describedby={figuresHintId}>
        <legend>{t("staff.fields.figures")}</legend>
        <p className="hint" id={figuresHintId}>
          {t("staff.fields.figuresHint")}
        </p>
        {getCollectionProps(fields.figures, { type: "checkbox", options: [...figureIds] }).map((props, figureIndex) => (
          <div className="choice-option" key={props.key}>
            <input {...props} key={props.key} />
            <label htmlFor={props.id}>{t(`figures:${figureIds[figureIndex]!}.title`)}</label>
          </div>
        ))}
        <FieldError field={fields.figures} />
      </fieldset>
      <div className="button-row">
        <button type="submit" name="intent" value="saveSection" className="button">
          {t("staff.detail.saveSection", { number })}
        </button>
        {count > 1 ? (
          <button type="submit" name="intent" value="removeSection" className="button button--secondary">
            {t("staff.detail.removeSection", { number })}
          </button>
        ) : null}
      </div>
    </Form>
  );
}

/** A form with one button and the draft's token: add a section, unschedule, start a correction. */
export function ReportButtonForm({
  id,
  intent,
  label,
  updatedAt,
  actionData,
  secondary,
  extra,
  confirm,
}: {
  id: string;
  intent: string;
  label: string;
  updatedAt?: string;
  actionData?: ReportActionData;
  secondary?: boolean;
  extra?: Record<string, string>;
  /** A box to tick before an action that cannot be undone, stating what it does (issue 29 item 6). */
  confirm?: string;
}) {
  const [form, fields] = useForm<{ confirm: string }>({ id, lastResult: resultFor(actionData, id) });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={form.errors} />
      {updatedAt ? <input type="hidden" name="updatedAt" value={updatedAt} /> : null}
      {Object.entries(extra ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} key={name} />
      ))}
      {confirm ? (
        <div className="choice-option">
          <input type="checkbox" id={`${id}-confirm`} name="confirm" value="yes" required aria-describedby={fields.confirm.errors ? fields.confirm.errorId : undefined} aria-invalid={fields.confirm.errors ? true : undefined} />
          <label htmlFor={`${id}-confirm`}>{confirm}</label>
          <FieldError field={fields.confirm} />
        </div>
      ) : null}
      <button type="submit" name="intent" value={intent} className={secondary ? "button button--secondary" : "button"}>
        {label}
      </button>
    </Form>
  );
}

/** Publish at a set time (Japan time, to the minute): the `reports.publish-due` job publishes it then. */
export function ReportScheduleForm({ version, updatedAt, suggested, actionData }: { version: number; updatedAt: string; suggested: string; actionData?: ReportActionData }) {
  const { t } = useTranslation("reports");
  const id = "report-schedule";
  const [form, fields] = useForm<{ publishAt: string }>({ id, defaultValue: { publishAt: suggested }, lastResult: resultFor(actionData, id) });
  const hintId = `${fields.publishAt.id}-hint`;
  return (
    <Form method="post" {...getFormProps(form)} className="panel stack">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="updatedAt" value={updatedAt} />
      <div className="field">
        <label htmlFor={fields.publishAt.id}>{t("staff.fields.publishAt")}</label>
        <span className="hint" id={hintId}>
          {t("staff.detail.scheduleHint")}
        </span>
        <input {...getInputProps(fields.publishAt, { type: "datetime-local", ariaDescribedBy: hintId })} key={fields.publishAt.key} />
        <FieldError field={fields.publishAt} />
      </div>
      <button type="submit" name="intent" value="schedule" className="button button--secondary">
        {t("staff.detail.schedule", { version })}
      </button>
    </Form>
  );
}

/**
 * The version's text in each language as readers will read it. Figures are named, not drawn: their numbers are those
 * of the snapshot taken at publication, which does not exist yet (and each figure drawn three times would repeat its
 * ids on the page).
 */
export function ReportPreview({ content, version }: { content: ReportContent; version: number }) {
  const { t } = useTranslation(["reports", "figures", "common"]);
  return (
    <>
      {supportedLanguages.map((language) => (
        <FuriganaScope annotate={language === "ja-easy"} key={language}>
          <article className="panel stack" lang={htmlLangOf(language)} data-testid={`preview-${language}`} aria-labelledby={`preview-${language}-heading`}>
            <p className="hint">{t(`common:language.names.${language}`)}</p>
            <h3 id={`preview-${language}-heading`}>{content.title[language] || t("staff.detail.missingTitle")}</h3>
            {version > 1 && content.changeNote?.[language] ? (
              <div className="update-change">
                <p>
                  <strong>{t("staff.fields.changeNote")}</strong>
                </p>
                <Paragraphs text={content.changeNote[language]} />
              </div>
            ) : null}
            {content.sections.map((section, index) => (
              <section key={index} className="stack" aria-labelledby={`preview-${language}-section-${index}`}>
                <h4 id={`preview-${language}-section-${index}`}>{section.heading[language] || t("staff.detail.missingHeading")}</h4>
                {section.body[language] ? <UpdateMarkdown markdown={section.body[language]} /> : <p>{t("staff.detail.missingBody")}</p>}
                {section.figures.length > 0 ? (
                  <ul>
                    {section.figures.map((figure) => (
                      <li key={figure}>{t("staff.detail.figurePlaceholder", { title: t(`figures:${figure}.title`) })}</li>
                    ))}
                  </ul>
                ) : null}
              </section>
            ))}
          </article>
        </FuriganaScope>
      ))}
    </>
  );
}
