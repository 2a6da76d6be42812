import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { consultationAudiences, questionKinds } from "../domain/consultations/index";
import { htmlLangOf, supportedLanguages, type SupportedLanguage } from "../i18n/languages";
import { FormErrors } from "./form-field";

type Localized = Partial<Record<SupportedLanguage, string>>;
export interface EditorValues {
  title?: Localized;
  summary?: Localized;
  audiences?: string[] | string;
  allowsProxy?: boolean | string;
  opensAt?: string;
  closesAt?: string;
  // A slot posted wholly empty comes back from Conform's reply as null.
  questions?: (QuestionValues | null)[];
}
interface QuestionValues {
  kind?: string;
  required?: boolean | string;
  prompt?: Localized;
  options?: ({ id?: string; label?: Localized } | null)[];
  maxLength?: string | number | null;
}

/** Errors by field name, as Conform's reply holds them. */
export type EditorErrors = Record<string, string[] | null | undefined>;

const emptyOptionSlots = 2;

function ErrorText({ errors, name }: { errors: EditorErrors; name: string }) {
  const messages = errors[name];
  if (!messages?.length) return null;
  return (
    <p className="field-error" id={`${idOf(name)}-error`} role="alert">
      {messages.join(" ")}
    </p>
  );
}

/** `items` without the run of empty ones at its end. */
function withoutTrailing<Item>(items: readonly Item[], isEmpty: (item: Item) => boolean): Item[] {
  let end = items.length;
  while (end > 0 && isEmpty(items[end - 1]!)) end -= 1;
  return items.slice(0, end);
}

const idOf = (name: string) => `f-${name.replace(/[^a-zA-Z0-9-]/g, "-")}`;
const describedBy = (errors: EditorErrors, name: string) => (errors[name]?.length ? `${idOf(name)}-error` : undefined);
const asList = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : typeof value === "string" ? [value] : []);

function LocalizedFields({ base, values, errors, label, multiline }: { base: string; values?: Localized; errors: EditorErrors; label: string; multiline?: boolean }) {
  const { t } = useTranslation("common");
  return (
    <>
      {supportedLanguages.map((language) => {
        const name = `${base}.${language}`;
        const props = { id: idOf(name), name, defaultValue: values?.[language] ?? "", lang: htmlLangOf(language), "aria-invalid": errors[name]?.length ? true : undefined, "aria-describedby": describedBy(errors, name) };
        return (
          <div className="field" key={language}>
            <label htmlFor={props.id}>
              {label}（{t(`language.names.${language}`)}）
            </label>
            {multiline ? <textarea {...props} rows={4} /> : <input type="text" {...props} />}
            <ErrorText errors={errors} name={name} />
          </div>
        );
      })}
    </>
  );
}

/**
 * The consultation editor (issue 28; ADR 059), the same on the new and the edit page, and usable without JavaScript:
 * the questions there are plus one empty slot, each with its options plus two empty ones. "Add another question"
 * saves and comes back with a new empty slot.
 */
export function ConsultationEditor({ values, errors, formErrors, version, submitLabel }: { values: EditorValues; errors: EditorErrors; formErrors?: string[]; version?: number; submitLabel: string }) {
  const { t } = useTranslation("consultation-admin");
  // The page always adds one empty question slot and two empty option slots; the ones a reply sends back empty (null
  // in Conform's reply, issue 55 defect 1) are not shown a second time.
  const questions: QuestionValues[] = [...withoutTrailing(values.questions ?? [], (question) => !question?.kind).map((question) => question ?? {}), {}];
  const audiences = asList(values.audiences);
  return (
    <Form method="post" className="panel stack" id="consultation-editor" noValidate>
      <FormErrors id="consultation-editor-errors" errors={formErrors} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <fieldset className="stack">
        <legend>{t("editor.textHeading")}</legend>
        <LocalizedFields base="title" values={values.title} errors={errors} label={t("editor.title")} />
        <p className="hint">{t("editor.summaryHint")}</p>
        <LocalizedFields base="summary" values={values.summary} errors={errors} label={t("editor.summary")} multiline />
      </fieldset>
      <fieldset className="choice-group" aria-describedby={describedBy(errors, "audiences")}>
        <legend>{t("fields.audiences")}</legend>
        {consultationAudiences.map((audience) => (
          <div className="choice-option" key={audience}>
            <input type="checkbox" id={`audience-${audience}`} name="audiences" value={audience} defaultChecked={audiences.includes(audience)} />
            <label htmlFor={`audience-${audience}`}>{t(`audiences.${audience}`)}</label>
          </div>
        ))}
        <ErrorText errors={errors} name="audiences" />
      </fieldset>
      <div className="choice-option">
        <input type="checkbox" id="allows-proxy" name="allowsProxy" defaultChecked={values.allowsProxy === true || values.allowsProxy === "on"} aria-describedby="allows-proxy-hint" />
        <label htmlFor="allows-proxy">{t("editor.allowsProxy")}</label>
        <p className="hint" id="allows-proxy-hint">
          {t("editor.allowsProxyHint")}
        </p>
      </div>
      {(["opensAt", "closesAt"] as const).map((name) => (
        <div className="field" key={name}>
          <label htmlFor={idOf(name)}>{t(`editor.${name}`)}</label>
          <span className="hint" id={`${idOf(name)}-hint`}>
            {t("editor.timeHint")}
          </span>
          <input
            type="datetime-local"
            id={idOf(name)}
            name={name}
            defaultValue={values[name] ?? ""}
            aria-invalid={errors[name]?.length ? true : undefined}
            aria-describedby={[`${idOf(name)}-hint`, describedBy(errors, name)].filter(Boolean).join(" ")}
          />
          <ErrorText errors={errors} name={name} />
        </div>
      ))}

      <h2>{t("editor.questionsHeading")}</h2>
      <p className="hint">{t("editor.questionsHint")}</p>
      {questions.map((question, index) => {
        const base = `questions[${index}]`;
        const isNew = index === questions.length - 1;
        const options: { id?: string; label?: Localized }[] = [...withoutTrailing(question.options ?? [], (option) => option === null).map((option) => option ?? {}), ...Array.from({ length: emptyOptionSlots }, () => ({}))];
        return (
          <fieldset className="panel stack" key={index} data-testid={`question-${index + 1}`}>
            <legend>{isNew ? t("editor.newQuestion") : t("editor.question", { number: index + 1 })}</legend>
            <ErrorText errors={errors} name={base} />
            <div className="field">
              <label htmlFor={idOf(`${base}.kind`)}>{t("editor.kind")}</label>
              <select id={idOf(`${base}.kind`)} name={`${base}.kind`} defaultValue={question.kind ?? ""} aria-describedby={describedBy(errors, `${base}.kind`)}>
                <option value="">{t("editor.kindNone")}</option>
                {questionKinds.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`kinds.${kind}`)}
                  </option>
                ))}
              </select>
              <ErrorText errors={errors} name={`${base}.kind`} />
            </div>
            <div className="choice-option">
              <input type="checkbox" id={idOf(`${base}.required`)} name={`${base}.required`} defaultChecked={question.required === true || question.required === "on"} />
              <label htmlFor={idOf(`${base}.required`)}>{t("editor.required")}</label>
            </div>
            <LocalizedFields base={`${base}.prompt`} values={question.prompt} errors={errors} label={t("editor.prompt")} multiline />
            <fieldset className="stack">
              <legend>{t("editor.options")}</legend>
              <p className="hint">{t("editor.optionsHint")}</p>
              <ErrorText errors={errors} name={`${base}.options`} />
              {options.map((option, optionIndex) => {
                const optionBase = `${base}.options[${optionIndex}]`;
                return (
                  <fieldset className="stack" key={optionIndex}>
                    <legend>{t("editor.option", { number: optionIndex + 1 })}</legend>
                    <div className="field">
                      <label htmlFor={idOf(`${optionBase}.id`)}>{t("editor.optionId")}</label>
                      <input type="text" id={idOf(`${optionBase}.id`)} name={`${optionBase}.id`} defaultValue={option.id ?? ""} aria-describedby={describedBy(errors, `${optionBase}.id`)} />
                      <ErrorText errors={errors} name={`${optionBase}.id`} />
                    </div>
                    <LocalizedFields base={`${optionBase}.label`} values={option.label} errors={errors} label={t("editor.optionLabel")} />
                  </fieldset>
                );
              })}
            </fieldset>
            <div className="field">
              <label htmlFor={idOf(`${base}.maxLength`)}>{t("editor.maxLength")}</label>
              <input type="number" min={1} max={4000} id={idOf(`${base}.maxLength`)} name={`${base}.maxLength`} defaultValue={question.maxLength ?? ""} aria-describedby={describedBy(errors, `${base}.maxLength`)} />
              <ErrorText errors={errors} name={`${base}.maxLength`} />
            </div>
            {isNew ? null : (
              <div className="choice-option">
                <input type="checkbox" id={idOf(`${base}.remove`)} name={`${base}.remove`} />
                <label htmlFor={idOf(`${base}.remove`)}>{t("editor.remove")}</label>
              </div>
            )}
          </fieldset>
        );
      })}
      <div className="button-row">
        <button type="submit" className="button" name="intent" value="save">
          {submitLabel}
        </button>
        <button type="submit" className="button button--secondary" name="intent" value="add_question">
          {t("editor.addQuestion")}
        </button>
      </div>
    </Form>
  );
}
