import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors, FormField, SelectField, TextAreaField } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { BriefingFieldsSchema, briefingFormats, briefingKinds } from "../../domain/briefings/index";
import { createBriefing, listStaffBriefings } from "../../domain/briefings/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "briefings:staff.title");

/** Public sessions for staff (ADR 148): every session with its places taken and waiting, and a form to publish one. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "briefings:manage");
  return json({ briefings: await listStaffBriefings({ language: await getLanguage(request) }) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "briefings:manage");
  const { submission } = await parseForm(request, BriefingFieldsSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const made = await createBriefing({ input: submission.value, actorUserId: session.userId, request: await requestContextOf(request, context) });
  throw redirect(`/staff/briefings/${made.id}?published=1`);
}

type Fields = Record<"kind" | "format" | "startsAt" | "endsAt" | "capacity" | "titleJa" | "titleJaEasy" | "titleEn" | "descriptionJa" | "descriptionJaEasy" | "descriptionEn" | "place" | "joinUrl", string>;

export default function StaffBriefings() {
  const { t } = useTranslation("briefings");
  const { briefings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<Fields>({ id: "briefing", lastResult: actionData?.result, defaultValue: { kind: "briefing", format: "in_person" } });
  return (
    <div className="stack">
      <h1>{t("staff.title")}</h1>
      <section aria-labelledby="sessions-heading" className="stack">
        <h2 id="sessions-heading">{t("staff.sessions")}</h2>
        {briefings.length === 0 ? <p>{t("list.none")}</p> : null}
        <ul className="list-plain stack" data-testid="staff-briefings">
          {briefings.map((briefing) => (
            <li key={briefing.id} className="panel">
              <a href={`/staff/briefings/${briefing.id}`}>
                <UserText text={briefing.title} />
              </a>{" "}
              · <DateTime value={briefing.startsAt} /> · {t(`states.${briefing.state}`)} · {t("staff.counts", { registered: briefing.registered, capacity: briefing.capacity, waitlisted: briefing.waitlisted })}
            </li>
          ))}
        </ul>
      </section>
      <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
        <h2>{t("staff.publishHeading")}</h2>
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField field={fields.kind} label={t("staff.kind")} options={briefingKinds.map((kind) => ({ value: kind, label: t(`kinds.${kind}`) }))} />
        <SelectField field={fields.format} label={t("staff.format")} options={briefingFormats.map((format) => ({ value: format, label: t(format === "online" ? "formats.online" : "formats.venue") }))} />
        <FormField field={fields.startsAt} label={t("staff.startsAt")} hint={t("staff.japanTime")} type="datetime-local" />
        <FormField field={fields.endsAt} label={t("staff.endsAt")} hint={t("staff.japanTime")} type="datetime-local" />
        <FormField field={fields.capacity} label={t("staff.capacity")} inputMode="numeric" />
        <FormField field={fields.place} label={t("staff.place")} hint={t("staff.placeHint")} />
        <FormField field={fields.joinUrl} label={t("staff.joinUrl")} hint={t("staff.joinUrlHint")} />
        <FormField field={fields.titleJa} label={t("staff.titleJa")} lang="ja" />
        <FormField field={fields.titleJaEasy} label={t("staff.titleJaEasy")} lang="ja" />
        <FormField field={fields.titleEn} label={t("staff.titleEn")} lang="en" />
        <TextAreaField field={fields.descriptionJa} label={t("staff.descriptionJa")} lang="ja" />
        <TextAreaField field={fields.descriptionJaEasy} label={t("staff.descriptionJaEasy")} lang="ja" />
        <TextAreaField field={fields.descriptionEn} label={t("staff.descriptionEn")} lang="en" />
        <div>
          <button type="submit" className="button">
            {t("staff.publish")}
          </button>
        </div>
      </Form>
    </div>
  );
}
