import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { calendarDayText, DateTime } from "../../components/date-time";
import { FormField, SelectField } from "../../components/form-field";
import { TrialLinks } from "../../components/results/trial-links";
import { explanationModes, RecordExplanationSchema } from "../../domain/results/index";
import { loadReportForStaff, recordReportExplained } from "../../domain/results/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";
import resultsStyles from "../../styles/results.css?url";

export const links = () => [{ rel: "stylesheet", href: resultsStyles }];

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "results:staff.report.title", { pseudonym: data?.pseudonym ?? "" });

async function auditContext(request: Request, context: LoaderFunctionArgs["context"], userId: string) {
  const origin = await requestContextOf(request, context);
  return { actorUserId: userId, ipAddress: origin.ipAddress, userAgent: origin.userAgent };
}

/** One report for a counsellor of the participant's facility (ADR 137); another facility's or none: 404. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "results:explain");
  const view = await loadReportForStaff({ userId: session.userId, reportId: params.id ?? "" });
  return json({
    ...view,
    submittedAt: view.submittedAt.toISOString(),
    versions: view.versions.map((version) => ({ ...version, submittedAt: version.submittedAt.toISOString() })),
  });
}

/** Records that the version on the page was explained, which releases it; a refusal is said above the form (409). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "results:explain");
  const { submission } = await parseForm(request, RecordExplanationSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const reportId = params.id ?? "";
  const { version } = await recordReportExplained({ userId: session.userId, reportId, input: submission.value, context: await auditContext(request, context, session.userId) });
  throw redirect(`/staff/results/${reportId}?recorded=${version}`);
}

export default function StaffReport() {
  const { t, i18n } = useTranslation("results");
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined;
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<{ version: string; explainedOn: string; mode: string }>({ id: "record-explanation", lastResult: actionData?.result });
  const day = (value: string) => calendarDayText(value, i18n.language);
  const { plain } = view;
  return (
    <div className="stack">
      <p>
        <a href="/staff/results">{t("staff.report.back")}</a>
      </p>
      <h1>{t("staff.report.title", { pseudonym: view.pseudonym })}</h1>
      {searchParams.get("recorded") && !actionData ? (
        <div className="alert alert--success" role="status">
          <p>{t("staff.report.recorded", { version: searchParams.get("recorded") })}</p>
        </div>
      ) : null}
      <p className="alert" data-testid="staff-report-state">
        {view.awaitingExplanation ? t("staff.report.sealed", { version: view.latestVersion }) : t("staff.report.released", { version: view.latestVersion })}
      </p>
      {view.categoriesNotToMention.length > 0 ? (
        <p className="alert" data-testid="staff-report-not-to-mention">
          {t("staff.report.notToMention", { list: view.categoriesNotToMention.map((category) => t(`secondaryCategory.${category}`)).join(t("listSeparator", { defaultValue: "、" })) })}
        </p>
      ) : null}

      <section className="stack" aria-labelledby="preview">
        <h2 id="preview">{t("staff.report.preview")}</h2>
        <p>{t("report.panelDate", { date: day(plain.expertPanelDate) })}</p>
        <p>{t(`area.${plain.area}`)}</p>
        <p>{t(`conclusion.${plain.conclusion}`)}</p>
        <ul className="results-findings">
          {plain.primaryFindings.map((finding, index) => (
            <li key={`${finding.gene}-${index}`}>
              <dl className="results-facts">
                <dt>{t("finding.gene")}</dt>
                <dd>{finding.gene}</dd>
                <dt>{t("finding.variant")}</dt>
                <dd className="mono">{finding.variant}</dd>
                <dt>{t("finding.meaning")}</dt>
                <dd>{t(`actionability.${finding.actionability}`)}</dd>
                <dt>{t("finding.origin")}</dt>
                <dd>{t(`origin.${finding.origin}`)}</dd>
              </dl>
            </li>
          ))}
          {plain.secondary.flatMap((section) =>
            section.findings.map((finding, index) => (
              <li key={`${section.category}-${finding.gene}-${index}`}>
                <dl className="results-facts">
                  <dt>{t(`secondaryCategory.${section.category}`)}</dt>
                  <dd>
                    {finding.gene} <span className="mono">{finding.variant}</span>
                  </dd>
                </dl>
              </li>
            )),
          )}
        </ul>
        {plain.trials.length > 0 ? <TrialLinks trials={plain.trials} /> : null}
      </section>

      {view.awaitingExplanation ? (
        <section className="stack" aria-labelledby="record-heading">
          <h2 id="record-heading">{t("staff.report.formHeading", { version: view.latestVersion })}</h2>
          {actionData?.result.error?.[""] ? (
            <div className="alert alert--error" role="alert">
              <p>{actionData.result.error[""].join(" ")}</p>
            </div>
          ) : null}
          <Form method="post" {...getFormProps(form)} className="stack">
            <input type="hidden" name="version" value={view.latestVersion} />
            <FormField field={fields.explainedOn} label={t("staff.report.explainedOnLabel")} type="date" />
            <SelectField field={fields.mode} label={t("staff.report.modeLabel")} options={explanationModes.map((mode) => ({ value: mode, label: t(`mode.${mode}`) }))} placeholder="" />
            <button type="submit" className="button">
              {t("staff.report.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      <section className="stack" aria-labelledby="versions-heading">
        <h2 id="versions-heading">{t("staff.report.versionsHeading")}</h2>
        <ul className="list-plain stack">
          {view.versions.map((version) => (
            <li key={version.version} data-testid="staff-report-version">
              {t("staff.report.versionLine", { version: version.version })}{" "}
              <DateTime value={version.submittedAt} withUtc /> —{" "}
              {version.explainedOn
                ? t("staff.report.explainedLine", { date: day(version.explainedOn), mode: t(`mode.${version.mode}`), name: version.explainedBy ?? "" })
                : t("staff.report.notExplained")}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
