import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors } from "../../components/form-field";
import { UpdateAudienceFields, UpdateTextFields } from "../../components/update-draft-fields";
import { createProgrammeUpdate } from "../../domain/updates/index.server";
import { ProgrammeUpdateDraftSchema } from "../../domain/updates/index";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "updates:staff.new.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "updates:manage");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "updates:manage");
  const { submission } = await parseForm(request, ProgrammeUpdateDraftSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const created = await createProgrammeUpdate({ update: submission.value, actorUserId: session.userId, request: { ipAddress, userAgent } });
  throw redirect(`/staff/updates/${created.id}?notice=created`);
}

type DraftFields = Record<"titleJa" | "titleJaEasy" | "titleEn" | "bodyJa" | "bodyJaEasy" | "bodyEn" | "readingCorrections" | "programmeArea", string> & { audiences: string[] };

export default function NewProgrammeUpdate() {
  const { t } = useTranslation("updates");
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<DraftFields>({ id: "new-update", lastResult: actionData?.result, shouldRevalidate: "onBlur" });
  return (
    <div className="stack forms-page">
      <p>
        <a href="/staff/updates">{t("staff.detail.back")}</a>
      </p>
      <h1>{t("staff.new.title")}</h1>
      <p>{t("staff.new.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="panel stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <UpdateAudienceFields audiences={fields.audiences} programmeArea={fields.programmeArea} />
        <UpdateTextFields fields={fields} />
        <button type="submit" className="button">
          {t("staff.new.submit")}
        </button>
      </Form>
    </div>
  );
}
