import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FieldError, FormErrors, FormField } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { createReport } from "../../domain/transparency/index.server";
import { listStaffReports } from "../../domain/transparency/index.server";
import { NewReportFormSchema, reportFormLanguages, reportSchedules } from "../../domain/transparency/index";
import { parseForm } from "../../forms/parse-form.server";
import { htmlLangOf } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reports:staff.list.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "reports:manage");
  return json({ reports: await listStaffReports() });
}

/** A new report: its address, rhythm and (optionally) title; the rest is written on its page (ADR 048). */
export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "reports:manage");
  // The one refusal a new report meets is its address, already another's.
  const { submission } = await parseForm(request, NewReportFormSchema, { field: { report_refused: "slug" } });
  if (submission.status !== "success") return invalidForm(submission);
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const created = await createReport({ report: submission.value, actorUserId: session.userId, request: { ipAddress, userAgent } });
  throw redirect(`/staff/reports/${created.id}?notice=created`);
}

type NewReportFields = Record<"slug" | "schedule" | "titleJa" | "titleJaEasy" | "titleEn", string>;

export default function StaffReports() {
  const { t } = useTranslation(["reports", "common"]);
  const { reports } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<NewReportFields>({ id: "new-report", lastResult: actionData?.result, defaultValue: { schedule: "none" }, shouldRevalidate: "onBlur" });
  const scheduleHintId = "report-schedule-hint";
  return (
    <div className="stack forms-page">
      <h1>{t("staff.list.title")}</h1>
      <p>{t("staff.list.intro")}</p>
      <p>
        <a href="/transparency/reports">{t("staff.list.publicPages")}</a>
      </p>
      {reports.length === 0 ? (
        <p>{t("staff.list.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("staff.list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staff.fields.title")}</th>
                <th scope="col">{t("staff.fields.slug")}</th>
                <th scope="col">{t("staff.fields.schedule")}</th>
                <th scope="col">{t("staff.fields.published")}</th>
                <th scope="col">{t("staff.fields.working")}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((report) => (
                <tr key={report.id} data-testid="staff-report-row">
                  <th scope="row">
                    <a href={`/staff/reports/${report.id}`}>{report.title ? <UserText text={report.title} /> : t("staff.list.untitled")}</a>
                  </th>
                  <td className="mono">{report.slug}</td>
                  <td>{t(`schedules.${report.schedule ?? "none"}`)}</td>
                  <td>{report.publishedVersion === null ? "—" : t("staff.detail.versionLine", { version: report.publishedVersion })}</td>
                  <td>
                    {report.working ? (
                      <>
                        {t("staff.detail.versionLine", { version: report.working.version })} ({t(`states.${report.working.status}`)})
                        {report.working.publishAt ? (
                          <>
                            {" "}
                            <DateTime value={report.working.publishAt} withUtc />
                          </>
                        ) : null}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section className="stack" aria-labelledby="new-report-heading">
        <h2 id="new-report-heading">{t("staff.list.newHeading")}</h2>
        <p>{t("staff.list.newIntro")}</p>
        <Form method="post" {...getFormProps(form)} className="panel stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <FormField field={fields.slug} label={t("staff.fields.slug")} hint={t("staff.fields.slugHint")} lang="en" />
          <fieldset className="choice-group" aria-describedby={scheduleHintId}>
            <legend>{t("staff.fields.schedule")}</legend>
            <p className="hint" id={scheduleHintId}>
              {t("staff.fields.scheduleHint")}
            </p>
            {(["none", ...reportSchedules] as const).map((schedule) => (
              <div className="choice-option" key={schedule}>
                <input type="radio" id={`report-schedule-${schedule}`} name={fields.schedule.name} value={schedule} defaultChecked={(fields.schedule.initialValue ?? "none") === schedule} />
                <label htmlFor={`report-schedule-${schedule}`}>{t(`schedules.${schedule}`)}</label>
              </div>
            ))}
            <FieldError field={fields.schedule} />
          </fieldset>
          {reportFormLanguages.map(([language, suffix]) => (
            <FormField key={language} field={fields[`title${suffix}`]} label={`${t("staff.fields.title")} (${t(`staff.fields.language.${language}`)})`} lang={htmlLangOf(language)} />
          ))}
          <button type="submit" className="button">
            {t("staff.list.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}
