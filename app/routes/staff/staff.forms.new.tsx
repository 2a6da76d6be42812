import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors } from "../../components/form-field";
import { DraftSettingsFields } from "../../components/form-draft-fields";
import { createFormDraft, proposeFormDraft } from "../../domain/consent/index.server";
import { draftSettingsSchema, latestVersion, nextVersion, reconsentTriggerChoices } from "../../domain/consent/index.server";
import { isProgrammeFormKey, programmeFormKeys } from "../../domain/consent/index";
import { parseForm } from "../../forms/parse-form.server";
import { translator } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm, notFound } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forms:new.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

/** Which arm's form the draft is for (ADR 124): `?form=`, the cancer form when absent; anything else is not a form. */
function formKeyOf(request: Request) {
  const requested = new URL(request.url).searchParams.get("form");
  if (requested === null) return programmeFormKeys.cancer;
  if (!isProgrammeFormKey(requested)) throw notFound();
  return requested;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "forms:manage");
  const formKey = formKeyOf(request);
  const [proposal, language] = await Promise.all([proposeFormDraft(formKey), getLanguage(request)]);
  // One draft at a time: "new draft" while one is open leads to it.
  if (proposal.openDraft) throw redirect(`/staff/forms/${proposal.openDraft.id}?notice=draftOpen`);
  const base = proposal.base;
  if (!base) return json({ base: null, proposed: proposal.proposed, choices: [], suggested: { minor: "1.0", major: "1.0" } });
  const latest = latestVersion(proposal.versions);
  return json({
    base: { id: base.id, version: base.version },
    proposed: proposal.proposed,
    choices: reconsentTriggerChoices(base.content).map((id) => ({ id, title: base.content.languages[language].choices[id]?.title ?? id })),
    suggested: { minor: nextVersion(latest, "minor"), major: nextVersion(latest, "major") },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "forms:manage");
  const formKey = formKeyOf(request);
  const proposal = await proposeFormDraft(formKey);
  if (proposal.openDraft) throw redirect(`/staff/forms/${proposal.openDraft.id}?notice=draftOpen`);
  if (!proposal.base) throw notFound();
  const forms = translator(await getLanguage(request), "forms");
  const schema = draftSettingsSchema({ otherVersions: proposal.versions, choiceIds: proposal.base.content.choiceIds }, (problem, values) => forms(`errors.${problem}`, values));
  const { submission } = await parseForm(request, schema);
  if (submission.status !== "success") return invalidForm(submission);
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const created = await createFormDraft({ formKey, settings: submission.value, createdById: session.userId, context: { actorUserId: session.userId, ipAddress, userAgent } });
  throw redirect(`/staff/forms/${created.id}?notice=created`);
}

export default function NewFormDraft() {
  const { t } = useTranslation("forms");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ version: string; kind: string; interimRule: string; affectsChoiceIds: string[]; effectiveDate: string }>({
    id: "new-draft",
    lastResult: actionData?.result,
    defaultValue: data.proposed,
  });
  return (
    <div className="stack forms-page">
      <p>
        <a href="/staff/forms">{t("back.list")}</a>
      </p>
      <h1>{t("new.title")}</h1>
      {data.base ? (
        <>
          <p>{t("new.intro", { version: data.base.version })}</p>
          <Form method="post" {...getFormProps(form)} className="panel">
            <FormErrors id={form.errorId} errors={form.errors} />
            <DraftSettingsFields fields={fields} choices={data.choices} suggested={data.suggested} />
            <button type="submit" className="button">
              {t("new.submit")}
            </button>
          </Form>
        </>
      ) : (
        <p>{t("new.noBase")}</p>
      )}
    </div>
  );
}
