import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PanelMeetingView } from "../../components/panel-meeting-view";
import { listPanelMeetings } from "../../domain/panel-meetings/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning:meetings.title");

/** The participant panel's meetings, public (issue 28 item 7; ADR 065): the next ones with their agendas, then those held with their minutes. */
export async function loader({ request }: LoaderFunctionArgs) {
  return json(await listPanelMeetings({ language: await getLanguage(request) }));
}

export default function PanelMeetings() {
  const { t } = useTranslation("learning");
  const { upcoming, past } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("meetings.title")}</h1>
      <p>{t("meetings.intro")}</p>
      <section className="stack" aria-labelledby="upcoming">
        <h2 id="upcoming">{t("meetings.upcoming")}</h2>
        {upcoming.length === 0 ? <p>{t("meetings.noneUpcoming")}</p> : null}
        {upcoming.map((meeting) => (
          <PanelMeetingSummary key={meeting.id} meeting={meeting} />
        ))}
      </section>
      <section className="stack" aria-labelledby="past">
        <h2 id="past">{t("meetings.past")}</h2>
        {past.length === 0 ? <p>{t("meetings.nonePast")}</p> : null}
        {past.map((meeting) => (
          <PanelMeetingSummary key={meeting.id} meeting={meeting} />
        ))}
      </section>
    </div>
  );
}

/** In the list: the meeting without its minutes' text (on its own page), so the list stays short. */
function PanelMeetingSummary({ meeting }: { meeting: Parameters<typeof PanelMeetingView>[0]["meeting"] }) {
  return <PanelMeetingView meeting={{ ...meeting, minutes: null }} linkTitle />;
}
