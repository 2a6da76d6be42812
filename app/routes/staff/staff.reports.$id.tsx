import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import { loadStaffReport } from "../../domain/transparency/index.server";
import { publishReportVersion } from "../../domain/transparency/index.server";
import { DraftTokenSchema, ReportHeaderFormSchema, reportSectionsMax, ReportSectionFormSchema } from "../../domain/transparency/index";
import { saveReportDraft, type ReportDraftChange } from "../../domain/transparency/index.server";
import { reportScheduleHorizonMs, scheduleReportVersion } from "../../domain/transparency/index.server";
import { startReportCorrection } from "../../domain/transparency/index.server";
import { unscheduleReportVersion } from "../../domain/transparency/index.server";
import { japanLocalDateTime } from "../../domain/updates/index";
import { parseForm } from "../../forms/parse-form.server";
import { supportedLanguages } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import { ReportButtonForm, ReportHeaderForm, ReportPreview, ReportScheduleForm, ReportSectionForm, type ReportActionData } from "../../routes-support/reports/report-draft-forms";
import formStyles from "../../styles/consent-forms.css?url";
import updateStyles from "../../styles/updates.css?url";
import { badRequest, invalidForm } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reports:staff.list.title");
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: formStyles },
  { rel: "stylesheet", href: updateStyles },
];

const notices = ["created", "saved", "sectionAdded", "sectionRemoved", "scheduled", "unscheduled", "published", "alreadyPublished", "correctionStarted"] as const;

/** Japan time as a datetime-local input shows it. */
function japanLocal(date: Date): string {
  return new Date(date.getTime() + 9 * 3_600_000).toISOString().slice(0, 16);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "reports:manage");
  const report = await loadStaffReport({ reportId: params.id ?? "" });
  return json({ report, suggestedPublishAt: report.suggestedPublishAt ? japanLocal(report.suggestedPublishAt) : "" });
}

const sectionIndex = z.coerce.number().int().min(0).max(reportSectionsMax - 1);

/** Each intent's form: the page has one form per part (report-draft-forms.tsx), each posting its own fields. */
const intentSchemas = {
  saveHeader: ReportHeaderFormSchema,
  saveSection: ReportSectionFormSchema,
  removeSection: z.object({ updatedAt: DraftTokenSchema, section: sectionIndex }),
  addSection: z.object({ updatedAt: DraftTokenSchema }),
  schedule: z.object({
    updatedAt: DraftTokenSchema,
    publishAt: japanLocalDateTime.refine((date) => date.getTime() > Date.now() && date.getTime() <= Date.now() + reportScheduleHorizonMs, { params: { reason: "publishAtRange" } }),
  }),
  unschedule: z.object({}),
  // Publishing cannot be undone (issue 29 item 6): the box ticked says so and what it reaches.
  publish: z.object({ updatedAt: DraftTokenSchema, version: z.coerce.number().int().min(1), confirm: z.literal("yes") }),
  correct: z.object({}),
} as const;
type Intent = keyof typeof intentSchemas;

function isIntent(value: unknown): value is Intent {
  return typeof value === "string" && Object.hasOwn(intentSchemas, value);
}

/** The form an intent came from, so only that form shows the answer. */
function formIdOf(intent: Intent, section: FormDataEntryValue | null): string {
  if (intent === "saveSection" || intent === "removeSection") return `report-section-${sectionIndex.safeParse(section).data ?? 0}`;
  return intent === "saveHeader" ? "report-header" : `report-${intent}`;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "reports:manage");
  const reportId = params.id ?? "";
  const raw = await request.clone().formData();
  const intent = raw.get("intent");
  if (!isIntent(intent)) throw badRequest();
  const formId = formIdOf(intent, raw.get("section"));
  const { submission } = await parseForm(request, intentSchemas[intent], { extra: { form: formId }, field: { "reports:refusals.publish_at_not_ahead": "publishAt" } });
  if (submission.status !== "success") return invalidForm(submission, { form: formId });
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const actor = { actorUserId: session.userId, request: { ipAddress, userAgent } };
  const page = `/staff/reports/${reportId}`;
  const value = submission.value as Record<string, unknown>;
  const save = async (change: ReportDraftChange, notice: string, anchor = "") => {
    await saveReportDraft({ reportId, expectedUpdatedAt: value.updatedAt as Date, change, ...actor });
    return redirect(`${page}?notice=${notice}${anchor}`);
  };
  switch (intent) {
    case "saveHeader": {
      const header = submission.value as z.output<typeof ReportHeaderFormSchema>;
      throw await save({ kind: "header", title: header.title, changeNote: header.changeNote }, "saved", "#report-header");
    }
    case "saveSection": {
      const part = submission.value as z.output<typeof ReportSectionFormSchema>;
      throw await save({ kind: "section", index: part.index, section: part.section }, "saved", `#report-section-${part.index}`);
    }
    case "removeSection":
      throw await save({ kind: "remove_section", index: value.section as number }, "sectionRemoved");
    case "addSection":
      throw await save({ kind: "add_section" }, "sectionAdded");
    case "schedule":
      await scheduleReportVersion({ reportId, expectedUpdatedAt: value.updatedAt as Date, publishAt: value.publishAt as Date, ...actor });
      throw redirect(`${page}?notice=scheduled`);
    case "unschedule":
      await unscheduleReportVersion({ reportId, ...actor });
      throw redirect(`${page}?notice=unscheduled`);
    case "publish": {
      const published = await publishReportVersion({ reportId, version: value.version as number, expectedUpdatedAt: value.updatedAt as Date, ...actor });
      throw redirect(`${page}?notice=${published.published ? "published" : "alreadyPublished"}`);
    }
    case "correct":
      await startReportCorrection({ reportId, ...actor });
      throw redirect(`${page}?notice=correctionStarted`);
  }
}

export default function StaffReport() {
  const { t } = useTranslation(["reports", "common"]);
  const { report, suggestedPublishAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ReportActionData | undefined;
  const [params] = useSearchParams();
  const notice = notices.find((name) => name === params.get("notice"));
  const working = report.working;
  const shown = working ?? report.versions[0]!;
  const languageList = (languages: string[]) => languages.map((language) => t(`common:language.names.${language}`)).join("、");
  return (
    <div className="stack forms-page">
      <p>
        <a href="/staff/reports">{t("staff.detail.back")}</a>
      </p>
      <h1>{shown.content.title.ja ? <UserText text={shown.content.title.ja} /> : t("staff.list.untitled")}</h1>
      {notice && !actionData ? (
        <div className="alert alert--success" role="status">
          <p>{t(`staff.detail.notices.${notice}`)}</p>
        </div>
      ) : null}
      <dl className="facts-list panel">
        <dt>{t("staff.fields.publicAddress")}</dt>
        <dd className="mono">/transparency/reports/{report.slug}</dd>
        <dt>{t("staff.fields.schedule")}</dt>
        <dd>{t(`schedules.${report.schedule ?? "none"}`)}</dd>
        <dt>{t("staff.fields.published")}</dt>
        <dd data-testid="published-version">
          {report.publishedVersion === null ? (
            "—"
          ) : (
            <a href={`/transparency/reports/${report.slug}/v/${report.publishedVersion}`}>{t("staff.detail.readOnline", { version: report.publishedVersion })}</a>
          )}
        </dd>
        <dt>{t("staff.fields.working")}</dt>
        <dd data-testid="working-version">{working ? t("staff.detail.workingHeading", { version: working.version, state: t(`states.${working.status}`) }) : "—"}</dd>
      </dl>

      {working?.status === "draft" ? (
        <section className="stack" aria-labelledby="report-edit">
          <h2 id="report-edit">{t("staff.detail.workingHeading", { version: working.version, state: t(`states.${working.status}`) })}</h2>
          <ReportHeaderForm content={working.content} version={working.version} updatedAt={working.updatedAt} actionData={actionData} />
          {working.content.sections.map((section, index) => (
            <ReportSectionForm key={`${working.updatedAt}-${index}`} section={section} index={index} count={working.content.sections.length} updatedAt={working.updatedAt} actionData={actionData} />
          ))}
          {working.content.sections.length < reportSectionsMax ? (
            <ReportButtonForm id="report-addSection" intent="addSection" label={t("staff.detail.addSection")} updatedAt={working.updatedAt} actionData={actionData} secondary />
          ) : null}
        </section>
      ) : null}

      {working ? (
        <>
          <section className="stack" aria-labelledby="report-preview">
            <h2 id="report-preview">{t("staff.detail.previewHeading")}</h2>
            <p className="hint">{t("staff.detail.previewHint")}</p>
            <ReportPreview content={working.content} version={working.version} />
          </section>

          <section className="stack" aria-labelledby="report-publish">
            <h2 id="report-publish">{t("staff.detail.publishHeading")}</h2>
            {report.missing.languages.length > 0 ? (
              <p className="alert alert--error" data-testid="missing-languages">
                {t("staff.detail.missingLanguages", { languages: languageList(report.missing.languages) })}
              </p>
            ) : null}
            {report.missing.changeNotes.length > 0 ? (
              <p className="alert alert--error" data-testid="missing-change-notes">
                {t("staff.detail.missingChangeNotes", { languages: languageList(report.missing.changeNotes) })}
              </p>
            ) : null}
            {working.status === "scheduled" && working.publishAt ? (
              <p data-testid="scheduled-for">
                {t("staff.detail.scheduledFor")} <DateTime value={working.publishAt} withUtc />
              </p>
            ) : null}
            <p className="hint">{t("staff.detail.publishHint")}</p>
            <ReportButtonForm
              id="report-publish"
              intent="publish"
              label={t("staff.detail.publish", { version: working.version })}
              updatedAt={working.updatedAt}
              extra={{ version: String(working.version) }}
              actionData={actionData}
              confirm={t("staff.detail.publishConfirm", { version: working.version, count: supportedLanguages.length })}
            />
          </section>

          <section className="stack" aria-labelledby="report-schedule-heading">
            <h2 id="report-schedule-heading">{t("staff.detail.scheduleHeading")}</h2>
            {working.status === "draft" ? (
              <>
                {suggestedPublishAt ? <p>{t("staff.detail.suggested", { date: suggestedPublishAt.replace("T", " ") })}</p> : null}
                <ReportScheduleForm version={working.version} updatedAt={working.updatedAt} suggested={suggestedPublishAt} actionData={actionData} />
              </>
            ) : (
              <>
                <p>{t("staff.detail.unscheduleHint")}</p>
                <ReportButtonForm id="report-unschedule" intent="unschedule" label={t("staff.detail.unschedule")} actionData={actionData} secondary />
              </>
            )}
          </section>
        </>
      ) : (
        <section className="stack" aria-labelledby="report-correct">
          <h2 id="report-correct">{t("staff.detail.correctHeading")}</h2>
          <p>{t("staff.detail.correctHint")}</p>
          <ReportButtonForm id="report-correct" intent="correct" label={t("staff.detail.correct")} actionData={actionData} secondary />
        </section>
      )}

      <section className="stack" aria-labelledby="report-versions">
        <h2 id="report-versions">{t("staff.detail.versionsHeading")}</h2>
        <ol reversed data-testid="staff-report-versions">
          {report.versions.map((version) => (
            <li key={version.version}>
              {version.status === "published" ? (
                <a href={`/transparency/reports/${report.slug}/v/${version.version}`}>{t("staff.detail.versionLine", { version: version.version })}</a>
              ) : (
                t("staff.detail.versionLine", { version: version.version })
              )}{" "}
              {version.status === "published" && version.publishedAt ? (
                <>
                  {t("staff.detail.publishedOn")} <DateTime value={version.publishedAt} withUtc />
                </>
              ) : version.status === "scheduled" && version.publishAt ? (
                <>
                  {t("staff.detail.scheduledOn")} <DateTime value={version.publishAt} withUtc />
                </>
              ) : (
                t("staff.detail.draftVersion")
              )}
              {version.version > 1 && version.content.changeNote?.ja ? <span lang="ja"> — {version.content.changeNote.ja}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
