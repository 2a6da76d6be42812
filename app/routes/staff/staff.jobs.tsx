import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { listJobsNeedingAttention } from "../../domain/jobs/index.server";
import { retryParkedJob, RetryParkedJobSchema } from "../../domain/jobs/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "jobs:title");

/** i18next keys cannot hold "." inside a key, so a task's label key spells "mail.deliver" as "mail_deliver". */
const taskKey = (task: string) => `tasks.${task.replace(".", "_")}`;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "jobs:manage");
  return json(await listJobsNeedingAttention());
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "jobs:manage");
  // The job is one the form sent: a job no longer parked is said in words above the list, with the 404 status rather than as that page.
  const { submission } = await parseForm(request, RetryParkedJobSchema, { inPlace: ["not_found"], inWords: { not_found: "jobs:errors.retryNotFound" } });
  if (submission.status !== "success") return invalidForm(submission, { error: "retryInvalid" as const });
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  await retryParkedJob({ jobId: submission.value.jobId, context: { actorUserId: session.userId, ipAddress, userAgent } });
  throw redirect("/staff/jobs?notice=retried");
}

export default function StaffJobs() {
  const { t } = useTranslation("jobs");
  const { jobs, messages } = useLoaderData<typeof loader>();
  // A refusal the adapter answers carries only `result` (ADR 131); a form that cannot be one also `error`.
  const actionData = useActionData<typeof action>() as { error?: "retryInvalid"; result: { error?: Record<string, string[] | null> } } | undefined;
  const [params] = useSearchParams();
  const refused = actionData ? (actionData.error ? [t(`errors.${actionData.error}`)] : (actionData.result.error?.[""] ?? [])) : [];
  return (
    <div className="stack">
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      {params.get("notice") === "retried" ? (
        <div className="alert alert--success" role="status">
          <p>{t("notices.retried")}</p>
        </div>
      ) : null}
      {refused.length > 0 ? (
        <div className="alert alert--error" role="alert">
          {refused.map((words) => (
            <p key={words}>{words}</p>
          ))}
        </div>
      ) : null}

      <section className="panel" aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">{t("jobs.heading")}</h2>
        {jobs.length === 0 ? <p>{t("jobs.empty")}</p> : null}
        <ul className="list-plain">
          {jobs.map((job) => (
            <li key={job.id} data-testid="job-row">
              <p>
                <strong>{t(taskKey(job.task), { defaultValue: job.task })}</strong> <span className="mono">#{job.id}</span>{" "}
                <span className="tag">{t(job.parked ? "jobs.parked" : "jobs.retrying")}</span>
              </p>
              <dl className="facts">
                <dt>{t("jobs.attempts")}</dt>
                <dd>{t("jobs.attemptsValue", { attempts: job.attempts, max: job.maxAttempts })}</dd>
                <dt>{t("jobs.lastError")}</dt>
                <dd className="mono">{job.lastError ?? t("jobs.noError")}</dd>
                <dt>{t("jobs.created")}</dt>
                <dd>
                  <DateTime value={job.createdAt} withUtc />
                </dd>
                {job.parked ? null : (
                  <>
                    <dt>{t("jobs.nextRun")}</dt>
                    <dd>
                      <DateTime value={job.runAt} withUtc />
                    </dd>
                  </>
                )}
              </dl>
              {job.parked ? (
                <Form noValidate method="post">
                  <input type="hidden" name="intent" value="retry" />
                  <input type="hidden" name="jobId" value={job.id} />
                  <button type="submit" className="button button--secondary">
                    {t("jobs.retry")}
                    <span className="visually-hidden"> {t("jobs.retryWhich", { id: job.id, task: t(taskKey(job.task), { defaultValue: job.task }) })}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="messages-heading">
        <h2 id="messages-heading">{t("messages.heading")}</h2>
        <p className="muted">{t("messages.intro")}</p>
        {messages.length === 0 ? <p>{t("messages.empty")}</p> : null}
        <ul className="list-plain">
          {messages.map((message) => (
            <li key={message.id} data-testid="mail-row">
              <p>
                <strong className="mono">{message.template}</strong> <span className="tag">{t(`states.${message.state}`)}</span>
              </p>
              <dl className="facts">
                <dt>{t("messages.participant")}</dt>
                <dd className={message.participantPseudonym ? "mono" : undefined}>{message.participantPseudonym ?? t("messages.noParticipant")}</dd>
                <dt>{t("messages.language")}</dt>
                <dd>{t(`common:language.names.${message.language}`, { defaultValue: message.language })}</dd>
                <dt>{t("jobs.attempts")}</dt>
                <dd>{message.attempts}</dd>
                <dt>{t("jobs.lastError")}</dt>
                <dd className="mono">{message.lastError ?? t("jobs.noError")}</dd>
                <dt>{t("messages.updated")}</dt>
                <dd>
                  <DateTime value={message.updatedAt} withUtc />
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
