import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors, FormField, TextAreaField } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { PanelCallFieldsSchema } from "../../domain/panel-recruitment/index";
import { createPanelCall, listStaffPanelCalls } from "../../domain/panel-recruitment/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "panel-calls:staff.title");

/** The panel's open calls for staff (ADR 151): every call with its applications and seats filled, and a form to open one. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "panel:recruit");
  return json({ calls: await listStaffPanelCalls({ language: await getLanguage(request) }) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "panel:recruit");
  const { submission } = await parseForm(request, PanelCallFieldsSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const made = await createPanelCall({ input: submission.value, actorUserId: session.userId, request: await requestContextOf(request, context) });
  throw redirect(`/staff/panel-calls/${made.id}?opened=1`);
}

type Fields = Record<"seats" | "opensAt" | "closesAt" | "titleJa" | "titleJaEasy" | "titleEn" | "descriptionJa" | "descriptionJaEasy" | "descriptionEn", string>;

export default function StaffPanelCalls() {
  const { t } = useTranslation("panel-calls");
  const { calls } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<Fields>({ id: "panel-call", lastResult: actionData?.result });
  return (
    <div className="stack">
      <h1>{t("staff.title")}</h1>
      <section aria-labelledby="calls-heading" className="stack">
        <h2 id="calls-heading">{t("staff.calls")}</h2>
        {calls.length === 0 ? <p>{t("list.noneOpen")}</p> : null}
        <ul className="list-plain stack" data-testid="staff-panel-calls">
          {calls.map((call) => (
            <li key={call.id} className="panel">
              <a href={`/staff/panel-calls/${call.id}`}>
                <UserText text={call.title} />
              </a>{" "}
              · {t(`states.${call.state}`)} · {t("staff.closes")} <DateTime value={call.closesAt} /> · {t("staff.counts", { applied: call.applied, selected: call.selected, seats: call.seats })}
            </li>
          ))}
        </ul>
      </section>
      <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
        <h2>{t("staff.openHeading")}</h2>
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormField field={fields.seats} label={t("staff.seats")} inputMode="numeric" />
        <FormField field={fields.opensAt} label={t("staff.opensAt")} hint={t("staff.japanTime")} type="datetime-local" />
        <FormField field={fields.closesAt} label={t("staff.closesAt")} hint={t("staff.japanTime")} type="datetime-local" />
        <FormField field={fields.titleJa} label={t("staff.titleJa")} lang="ja" />
        <FormField field={fields.titleJaEasy} label={t("staff.titleJaEasy")} lang="ja" />
        <FormField field={fields.titleEn} label={t("staff.titleEn")} lang="en" />
        <TextAreaField field={fields.descriptionJa} label={t("staff.descriptionJa")} lang="ja" />
        <TextAreaField field={fields.descriptionJaEasy} label={t("staff.descriptionJaEasy")} lang="ja" />
        <TextAreaField field={fields.descriptionEn} label={t("staff.descriptionEn")} lang="en" />
        <div>
          <button type="submit" className="button">
            {t("staff.open")}
          </button>
        </div>
      </Form>
    </div>
  );
}
