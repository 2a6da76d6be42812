import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors, FormField, TextAreaField } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { StaffBriefingFormSchema } from "../../domain/briefings/index";
import { cancelBriefing, loadStaffBriefing, publishBriefingMinutes, recordAttendance } from "../../domain/briefings/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { messagesOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "briefings:staff.sessionTitle");

/** One session for staff (ADR 148): who registered, in order; who came; the minutes after; calling it off before. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "briefings:manage");
  return json({ briefing: await loadStaffBriefing({ briefingId: params.briefingId ?? "", language: await getLanguage(request) }) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "briefings:manage");
  const { submission } = await parseForm(request, StaffBriefingFormSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const briefingId = params.briefingId ?? "";
  const base = { briefingId, actorUserId: session.userId, request: await requestContextOf(request, context) };
  const form = submission.value;
  if (form.intent === "attendance") await recordAttendance({ ...base, attended: form.attended });
  else if (form.intent === "minutes") {
    const { intent: _intent, ...input } = form;
    await publishBriefingMinutes({ ...base, input });
  } else await cancelBriefing(base);
  throw redirect(`/staff/briefings/${briefingId}?saved=${form.intent}`);
}

export default function StaffBriefing() {
  const { t } = useTranslation("briefings");
  const { briefing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = params.get("saved") ?? (params.get("published") ? "published" : null);
  const [form, fields] = useForm<{ minutesJa: string; minutesJaEasy: string; minutesEn: string; recordingUrl: string }>({ id: "minutes", lastResult: actionData?.result });
  const started = briefing.state === "started" || briefing.state === "held" || briefing.state === "minuted";
  const ended = briefing.state === "held" || briefing.state === "minuted";
  return (
    <div className="stack">
      <p>
        <a href="/staff/briefings">{t("staff.back")}</a>
      </p>
      <h1>
        <UserText text={briefing.title} />
      </h1>
      {saved === "attendance" || saved === "minutes" || saved === "cancel" || saved === "published" ? (
        <p className="alert alert--success" role="status">
          {t(`staff.saved.${saved}`)}
        </p>
      ) : null}
      <FormErrors id="briefing-step" errors={actionData && "result" in actionData ? messagesOf(actionData.result) : undefined} />
      <p>
        <DateTime value={briefing.startsAt} /> – <DateTime value={briefing.endsAt} /> · {t(`states.${briefing.state}`)} · {t("staff.counts", { registered: briefing.registered, capacity: briefing.capacity, waitlisted: briefing.waitlisted })}
      </p>
      <p>
        <a href={`/briefings/${briefing.id}`}>{t("staff.publicPage")}</a>
      </p>
      <section className="panel stack" aria-labelledby="registrations-heading">
        <h2 id="registrations-heading">{t("staff.registrations")}</h2>
        {briefing.registrations.length === 0 ? <p>{t("staff.noRegistrations")}</p> : null}
        <Form method="post" noValidate className="stack">
          <input type="hidden" name="intent" value="attendance" />
          <ul className="list-plain stack" data-testid="registrations">
            {briefing.registrations.map((registration) => (
              <li key={registration.id} data-state={registration.state}>
                {started && registration.state === "registered" ? (
                  <span className="checkbox">
                    <input type="checkbox" id={`attended-${registration.id}`} name="attended" value={registration.id} defaultChecked={registration.attended} />
                    <label htmlFor={`attended-${registration.id}`}>
                      <UserText text={registration.name} /> ({registration.email})
                    </label>
                  </span>
                ) : (
                  <span>
                    <UserText text={registration.name} /> ({registration.email})
                  </span>
                )}{" "}
                · {t(`registrationStates.${registration.state}`)}
              </li>
            ))}
          </ul>
          {started && briefing.state !== "cancelled" ? (
            <div>
              <button type="submit" className="button button--secondary">
                {t("staff.saveAttendance")}
              </button>
            </div>
          ) : null}
        </Form>
      </section>
      {ended ? (
        <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
          <h2>{t("staff.minutesHeading")}</h2>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="minutes" />
          <TextAreaField field={fields.minutesJa} label={t("staff.minutesJa")} lang="ja" />
          <TextAreaField field={fields.minutesJaEasy} label={t("staff.minutesJaEasy")} lang="ja" />
          <TextAreaField field={fields.minutesEn} label={t("staff.minutesEn")} lang="en" />
          <FormField field={fields.recordingUrl} label={t("staff.recordingUrl")} hint={t("staff.joinUrlHint")} />
          <div>
            <button type="submit" className="button">
              {t("staff.publishMinutes")}
            </button>
          </div>
        </Form>
      ) : null}
      {briefing.state === "open" || briefing.state === "full" ? (
        <Form method="post" noValidate className="panel stack">
          <h2>{t("staff.cancelHeading")}</h2>
          <p>{t("staff.cancelIntro")}</p>
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="confirm" value="yes" />
          <div>
            <button type="submit" className="button button--danger">
              {t("staff.cancel")}
            </button>
          </div>
        </Form>
      ) : null}
    </div>
  );
}
