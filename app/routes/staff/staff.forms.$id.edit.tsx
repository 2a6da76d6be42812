import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors, FormField, TextAreaField } from "../../components/form-field";
import { choiceCatalogue } from "@tsunagi/consent-rules/choice-catalogue";
import { formLanguages, offeredChoices, type FormLanguage } from "@tsunagi/consent-rules/form-content";
import { draftTextFields, draftTextSchema, type DraftTextFields } from "../../domain/consent/index";
import { loadFormDraft, updateFormDraft, type FormDraft } from "../../domain/consent/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { translator } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { htmlLangOf } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm, notFound } from "../../forms/refusals.server";
import { answerRefusals } from "../../forms/refusal-answers.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "forms:edit.pageTitle", { version: data?.version ?? "" });
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

const LanguageSchema = z.enum(formLanguages);

/** The draft and the language being edited, from the URL; a published version goes back to its page. */
async function draftInLanguage(request: Request, params: LoaderFunctionArgs["params"]): Promise<{ draft: FormDraft; language: FormLanguage }> {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw notFound();
  const requested = new URL(request.url).searchParams.get("lang");
  if (requested === null) throw redirect(`/staff/forms/${id.data}/edit?lang=ja`);
  const language = LanguageSchema.safeParse(requested);
  if (!language.success) throw notFound();
  answerRefusals({ redirectTo: { form_not_editable: `/staff/forms/${id.data}?notice=notEditable` } });
  const draft = await loadFormDraft(id.data);
  // Only the draft's reading goes back to its page: a save refused meanwhile is said above the form.
  answerRefusals({ redirectTo: { form_not_editable: undefined } });
  return { draft, language: language.data };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "forms:manage");
  const { draft, language } = await draftInLanguage(request, params);
  const { content } = draft;
  return json({
    id: draft.id,
    version: content.version,
    revision: draft.revision,
    language,
    fields: draftTextFields(content, language),
    structure: {
      sectionIds: content.languages[language].sections.map((section) => section.id),
      questions: content.questions,
      choices: offeredChoices(content).map((id) => ({ id, options: [...choiceCatalogue[id].options] as string[] })),
    },
    statementNamesVersion: content.languages[language].signatureStatement.includes(content.version),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "forms:manage");
  const { draft, language } = await draftInLanguage(request, params);
  const forms = translator(await getLanguage(request), "forms");
  const schema = draftTextSchema(draft.content, language, (problem, values) => forms(`errors.${problem}`, values));
  const { submission } = await parseForm(request, schema);
  if (submission.status !== "success") return invalidForm(submission);
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  await updateFormDraft({
    formVersionId: draft.id,
    revision: submission.value.revision,
    change: { type: "text", language, fields: submission.value },
    context: { actorUserId: session.userId, ipAddress, userAgent },
  });
  throw redirect(`/staff/forms/${draft.id}/edit?lang=${language}&notice=saved`);
}

export default function EditFormDraftWording() {
  const { t } = useTranslation(["forms", "common"]);
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<DraftTextFields & { revision: string }>({
    id: `draft-text-${data.language}`,
    lastResult: actionData?.result,
    defaultValue: { ...data.fields, revision: data.revision },
  });
  const languageName = (language: string) => t(`common:language.names.${language}`);
  const lang = htmlLangOf(data.language);
  const sections = fields.sections.getFieldList();
  const questions = fields.questions.getFieldList();
  const choices = fields.choices.getFieldList();
  return (
    <div className="stack forms-page">
      <p>
        <a href={`/staff/forms/${data.id}`}>{t("back.detail", { version: data.version })}</a>
      </p>
      <h1>{t("edit.title", { version: data.version, language: languageName(data.language) })}</h1>
      <nav className="tabs" aria-label={t("edit.languages")}>
        <ul>
          {formLanguages.map((language) => (
            <li key={language}>
              <a href={`/staff/forms/${data.id}/edit?lang=${language}`} aria-current={language === data.language ? "page" : undefined}>
                {languageName(language)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {params.get("notice") === "saved" && !actionData ? (
        <div className="alert alert--success" role="status">
          <p>{t("notices.wordingSaved", { language: languageName(data.language) })}</p>
        </div>
      ) : null}
      <div className="alert">
        <p>{t("edit.structureNote")}</p>
        <p>{t("edit.paragraphHint")}</p>
      </div>
      {data.statementNamesVersion ? null : (
        <div className="alert alert--error">
          <p>{t("edit.statementVersionWarning", { version: data.version })}</p>
        </div>
      )}
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="revision" value={data.revision} />
        <fieldset>
          <legend>{t("edit.opening")}</legend>
          <FormField field={fields.title} label={t("edit.formTitle")} lang={lang} />
          <TextAreaField field={fields.summary} label={t("edit.summary")} hint={t("edit.paragraphsHint")} lang={lang} rows={12} />
        </fieldset>
        {sections.map((section, index) => {
          const set = section.getFieldset();
          const id = data.structure.sectionIds[index];
          return (
            <fieldset key={section.key}>
              <legend>{t("edit.section", { number: index + 1, id })}</legend>
              <FormField field={set.heading} label={t("edit.heading")} lang={lang} />
              <TextAreaField field={set.paragraphs} label={t("edit.paragraphs")} hint={t("edit.paragraphsHint")} lang={lang} rows={10} />
            </fieldset>
          );
        })}
        {questions.map((question, index) => {
          const set = question.getFieldset();
          const structure = data.structure.questions[index];
          return (
            <fieldset key={question.key}>
              <legend>{t("edit.question", { number: index + 1, id: structure?.id })}</legend>
              <FormField field={set.prompt} label={t("edit.prompt")} lang={lang} />
              {set.options.getFieldList().map((option, optionIndex) => {
                const optionId = structure?.options[optionIndex] ?? "";
                return (
                  <FormField
                    key={option.key}
                    field={option}
                    label={optionId === structure?.correctOption ? t("edit.correctAnswer", { option: optionId }) : t("edit.answer", { option: optionId })}
                    lang={lang}
                  />
                );
              })}
              <TextAreaField field={set.explanation} label={t("edit.explanation")} hint={t("edit.explanationHint")} lang={lang} rows={4} />
            </fieldset>
          );
        })}
        {choices.map((choice, index) => {
          const set = choice.getFieldset();
          const structure = data.structure.choices[index];
          return (
            <fieldset key={choice.key}>
              <legend>{t("edit.choice", { id: structure?.id })}</legend>
              <FormField field={set.title} label={t("edit.choiceTitle")} lang={lang} />
              <TextAreaField field={set.explanation} label={t("edit.choiceExplanation")} lang={lang} rows={5} />
              {set.options.getFieldList().map((option, optionIndex) => (
                <FormField key={option.key} field={option} label={t("edit.optionLabel", { option: structure?.options[optionIndex] ?? "" })} lang={lang} />
              ))}
            </fieldset>
          );
        })}
        <fieldset>
          <legend>{t("edit.signature")}</legend>
          <TextAreaField field={fields.signatureStatement} label={t("edit.signatureStatement")} hint={t("edit.signatureHint", { version: data.version })} lang={lang} rows={6} />
        </fieldset>
        <button type="submit" className="button">
          {t("edit.submit", { language: languageName(data.language) })}
        </button>
      </Form>
    </div>
  );
}
