import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { ConsultationEditor, type EditorValues } from "../../components/consultation-editor";
import { ConsultationEditorSchema } from "../../domain/consultations/index";
import { createConsultation } from "../../domain/consultations/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm } from "../../forms/refusals.server";
import { fieldErrorsOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consultation-admin:new.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "consultations:manage");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consultations:manage");
  const { submission } = await parseForm(request, ConsultationEditorSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const created = await createConsultation({ draft: submission.value.draft, actorUserId: session.userId, request: { ipAddress, userAgent } });
  throw redirect(`/staff/consultations/${created.id}?notice=${submission.value.intent === "add_question" ? "questionAdded" : "created"}`);
}

export default function NewConsultation() {
  const { t } = useTranslation("consultation-admin");
  const actionData = useActionData<typeof action>();
  const errors = fieldErrorsOf(actionData?.result);
  return (
    <div className="stack forms-page">
      <p>
        <a href="/staff/consultations">{t("editor.back")}</a>
      </p>
      <h1>{t("new.title")}</h1>
      <p>{t("new.intro")}</p>
      <ConsultationEditor values={(actionData?.result.initialValue ?? {}) as EditorValues} errors={errors} formErrors={errors[""] ?? undefined} submitLabel={t("new.submit")} />
    </div>
  );
}
