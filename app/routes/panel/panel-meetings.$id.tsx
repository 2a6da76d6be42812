import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PanelMeetingView } from "../../components/panel-meeting-view";
import { loadPanelMeeting } from "../../domain/panel-meetings/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning:meetings.title");

/** One panel meeting, public (ADR 065): its agenda, and its minutes once published. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return json({ meeting: await loadPanelMeeting({ meetingId: params.id ?? "", language: await getLanguage(request) }) });
}

export default function PanelMeeting() {
  const { t } = useTranslation("learning");
  const { meeting } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <a href="/panel-meetings">{t("meetings.back")}</a>
      </p>
      <PanelMeetingView meeting={meeting} headingLevel={1} />
      {meeting.state === "awaiting_minutes" ? <p>{t("meetings.minutesToFollow")}</p> : null}
    </div>
  );
}
