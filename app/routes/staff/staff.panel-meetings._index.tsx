import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { MeetingFields } from "../../components/panel-meeting-fields";
import { UserText } from "../../components/user-text";
import { listPanelMeetings } from "../../domain/panel-meetings/index.server";
import { ScheduleMeetingFormSchema } from "../../domain/panel-meetings/index";
import { schedulePanelMeeting } from "../../domain/panel-meetings/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { fieldErrorsOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning:meetings.staff.heading");

/** ELSI/PPI staff: the panel's meetings, and announcing the next one with its agenda (issue 28 item 7; ADR 065). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "consultations:manage");
  return json(await listPanelMeetings({ language: await getLanguage(request) }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consultations:manage");
  const { submission } = await parseForm(request, ScheduleMeetingFormSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const { intent: _intent, ...fields } = submission.value;
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const { meetingId } = await schedulePanelMeeting({ fields, actorUserId: session.userId, request: { ipAddress, userAgent } });
  return redirect(`/staff/panel-meetings/${meetingId}?notice=scheduled&at=${Date.now()}`);
}

export default function StaffPanelMeetings() {
  const { t } = useTranslation("learning");
  const { upcoming, past } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = fieldErrorsOf(actionData?.result);
  return (
    <div className="stack">
      <h1>{t("meetings.staff.heading")}</h1>
      <p>
        {t("meetings.staff.intro")} <a href="/panel-meetings">{t("meetings.staff.publicPage")}</a>
      </p>
      <ul className="stack" data-testid="staff-meetings">
        {[...upcoming, ...past].map((meeting) => (
          <li key={meeting.id}>
            <a href={`/staff/panel-meetings/${meeting.id}`}>
              <UserText text={meeting.title} />
            </a>{" "}
            · <DateTime value={meeting.scheduledAt} /> · {t(`meetings.state.${meeting.state}`)}
          </li>
        ))}
      </ul>
      {upcoming.length + past.length === 0 ? <p>{t("meetings.staff.none")}</p> : null}
      <Form noValidate method="post" className="panel stack" aria-labelledby="schedule-heading">
        <h2 id="schedule-heading">{t("meetings.staff.scheduleHeading")}</h2>
        <input type="hidden" name="intent" value="schedule" />
        <FormErrors id="schedule-errors" errors={errors[""] ?? undefined} />
        <MeetingFields values={null} errors={errors} />
        <button type="submit" className="button">
          {t("meetings.staff.schedule")}
        </button>
      </Form>
    </div>
  );
}
