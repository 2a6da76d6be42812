import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DraftSettingsFields } from "../../components/form-draft-fields";
import { FormErrors } from "../../components/form-field";
import { formVersionsOf } from "../../domain/consent/index.server";
import { draftSettingsSchema, latestVersion, nextVersion, reconsentTriggerChoices, settingsOf } from "../../domain/consent/index.server";
import { loadFormDraft, updateFormDraft, type FormDraft } from "../../domain/consent/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { translator } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm, notFound } from "../../forms/refusals.server";
import { answerRefusals } from "../../forms/refusal-answers.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "forms:settings.title", { version: data?.version ?? "" });
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

/** The draft and the form's other versions; a published version is shown, never edited. */
async function draftAndOthers(params: LoaderFunctionArgs["params"]) {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw notFound();
  answerRefusals({ redirectTo: { form_not_editable: `/staff/forms/${id.data}?notice=notEditable` } });
  const draft: FormDraft = await loadFormDraft(id.data);
  // Only the draft's reading goes back to its page: a save refused meanwhile is said above the form.
  answerRefusals({ redirectTo: { form_not_editable: undefined } });
  const others = (await formVersionsOf(draft.formKey)).filter((entry) => entry.version !== draft.content.version);
  return { draft, others };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "forms:manage");
  const [{ draft, others }, language] = await Promise.all([draftAndOthers(params), getLanguage(request)]);
  const latest = latestVersion(others);
  return json({
    id: draft.id,
    version: draft.content.version,
    revision: draft.revision,
    settings: settingsOf(draft.content),
    choices: reconsentTriggerChoices(draft.content).map((id) => ({ id, title: draft.content.languages[language].choices[id]?.title ?? id })),
    suggested: { minor: nextVersion(latest, "minor"), major: nextVersion(latest, "major") },
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "forms:manage");
  const { draft, others } = await draftAndOthers(params);
  const forms = translator(await getLanguage(request), "forms");
  const schema = draftSettingsSchema({ otherVersions: others, choiceIds: draft.content.choiceIds }, (problem, values) => forms(`errors.${problem}`, values));
  const { submission, formData } = await parseForm(request, schema);
  if (submission.status !== "success") return invalidForm(submission);
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  await updateFormDraft({
    formVersionId: draft.id,
    revision: String(formData.get("revision") ?? ""),
    change: { type: "settings", settings: submission.value },
    context: { actorUserId: session.userId, ipAddress, userAgent },
  });
  throw redirect(`/staff/forms/${draft.id}?notice=saved`);
}

export default function FormDraftSettings() {
  const { t } = useTranslation("forms");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ version: string; kind: string; interimRule: string; affectsChoiceIds: string[]; effectiveDate: string }>({
    id: "draft-settings",
    lastResult: actionData?.result,
    defaultValue: data.settings,
  });
  return (
    <div className="stack forms-page">
      <p>
        <a href={`/staff/forms/${data.id}`}>{t("back.detail", { version: data.version })}</a>
      </p>
      <h1>{t("settings.title", { version: data.version })}</h1>
      <p>{t("settings.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="panel">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="revision" value={data.revision} />
        <DraftSettingsFields fields={fields} choices={data.choices} suggested={data.suggested} />
        <button type="submit" className="button">
          {t("settings.submit")}
        </button>
      </Form>
    </div>
  );
}
