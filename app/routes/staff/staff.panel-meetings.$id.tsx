import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { MeetingFields, MinutesFields } from "../../components/panel-meeting-fields";
import { PersonName } from "../../components/person-name";
import { UserText } from "../../components/user-text";
import { cancelPanelMeeting } from "../../domain/panel-meetings/index.server";
import { loadPanelMeetingRecord } from "../../domain/panel-meetings/index.server";
import { StaffMeetingFormSchema } from "../../domain/panel-meetings/index";
import { publishPanelMeetingMinutes } from "../../domain/panel-meetings/index.server";
import { savePanelMeeting } from "../../domain/panel-meetings/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { pageTitle } from "../../i18n/page-title";
import { invalidForm } from "../../forms/refusals.server";
import { fieldErrorsOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning:meetings.staff.heading");

const notices = ["scheduled", "saved", "cancelled", "minutes_published"] as const;

/** One panel meeting for ELSI/PPI staff (ADR 065): change it until it is held, cancel it, publish its minutes after. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "consultations:manage");
  return json({ meeting: await loadPanelMeetingRecord(params.id ?? "") });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consultations:manage");
  const meetingId = params.id ?? "";
  const { submission } = await parseForm(request, StaffMeetingFormSchema);
  const form = String((submission.payload as Record<string, unknown>).intent ?? "");
  // A refusal's words go on the form that was sent (the page has three).
  answerRefusals({ extra: { form } });
  if (submission.status !== "success") return invalidForm(submission, { form });
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const actor = { meetingId, actorUserId: session.userId, request: { ipAddress, userAgent } };
  const back = (notice: (typeof notices)[number]) => redirect(`/staff/panel-meetings/${meetingId}?notice=${notice}&at=${Date.now()}`);
  const value = submission.value;
  if (value.intent === "save") {
    const { intent: _intent, ...fields } = value;
    await savePanelMeeting({ ...actor, fields });
    return back("saved");
  }
  if (value.intent === "cancel") {
    await cancelPanelMeeting(actor);
    return back("cancelled");
  }
  const { intent: _intent, confirm: _confirm, ...minutes } = value;
  await publishPanelMeetingMinutes({ ...actor, minutes });
  return back("minutes_published");
}

type Errors = Record<string, string[] | null | undefined>;

export default function StaffPanelMeeting() {
  const { t, i18n } = useTranslation("learning");
  const { meeting } = useLoaderData<typeof loader>();
  const title = i18n.language === "en" ? meeting.titleEn : i18n.language === "ja-easy" ? meeting.titleJaEasy : meeting.titleJa;
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = notices.find((name) => name === params.get("notice"));
  const errorsOf = (form: string): Errors => (actionData?.form === form ? fieldErrorsOf(actionData.result) : {});
  const open = meeting.state === "upcoming" || meeting.state === "awaiting_minutes";
  return (
    <div className="stack">
      <p>
        <a href="/staff/panel-meetings">{t("meetings.staff.back")}</a>
      </p>
      <h1>
        <UserText text={title} />
      </h1>
      <p>
        <DateTime value={meeting.scheduledAt} /> · <PersonName name={meeting.place} /> · <span data-testid="meeting-state">{t(`meetings.state.${meeting.state}`)}</span> ·{" "}
        <a href={`/panel-meetings/${meeting.id}`}>{t("meetings.staff.publicPage")}</a>
      </p>
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`meetings.staff.notices.${notice}`)}</p>
        </div>
      ) : null}

      {meeting.state === "awaiting_minutes" ? (
        <Form noValidate method="post" className="panel stack" aria-labelledby="minutes-heading">
          <h2 id="minutes-heading">{t("meetings.staff.minutesHeading")}</h2>
          <p>{t("meetings.staff.minutesIntro")}</p>
          <input type="hidden" name="intent" value="publish_minutes" />
          <FormErrors id="minutes-errors" errors={errorsOf("publish_minutes")[""] ?? undefined} />
          <MinutesFields errors={errorsOf("publish_minutes")} />
          <div className="choice-option">
            <input type="checkbox" id="minutes-confirm" name="confirm" value="yes" required />
            <label htmlFor="minutes-confirm">{t("meetings.staff.minutesConfirm")}</label>
          </div>
          <button type="submit" className="button">
            {t("meetings.staff.publishMinutes")}
          </button>
        </Form>
      ) : null}

      {open ? (
        <Form noValidate method="post" className="panel stack" aria-labelledby="edit-heading">
          <h2 id="edit-heading">{t("meetings.staff.editHeading")}</h2>
          <input type="hidden" name="intent" value="save" />
          <FormErrors id="save-errors" errors={errorsOf("save")[""] ?? undefined} />
          <MeetingFields values={meeting} errors={errorsOf("save")} />
          <button type="submit" className="button">
            {t("meetings.staff.save")}
          </button>
        </Form>
      ) : (
        <p>{t(meeting.state === "cancelled" ? "meetings.staff.cancelledNote" : "meetings.staff.minutedNote")}</p>
      )}

      {open ? (
        <Form noValidate method="post" className="panel stack" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t("meetings.staff.cancelHeading")}</h2>
          <input type="hidden" name="intent" value="cancel" />
          <FormErrors id="cancel-errors" errors={errorsOf("cancel")[""] ?? undefined} />
          <div className="choice-option">
            <input type="checkbox" id="cancel-confirm" name="confirm" value="yes" required />
            <label htmlFor="cancel-confirm">{t("meetings.staff.cancelConfirm")}</label>
          </div>
          <button type="submit" className="button button--secondary">
            {t("meetings.staff.cancel")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
