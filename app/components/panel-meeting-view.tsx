import { useTranslation } from "react-i18next";
import { DateTime } from "./date-time";
import { PersonName } from "./person-name";
import { UserText } from "./user-text";

interface Meeting {
  id: string;
  scheduledAt: string;
  place: string;
  title: string;
  agenda: string[];
  state: "upcoming" | "awaiting_minutes" | "minuted" | "cancelled";
  minutes: { text: string; attendees: number; publishedAt: string } | null;
}

/** One panel meeting as anyone reads it (ADR 065): when and where, its state, its agenda, and its minutes once published. */
export function PanelMeetingView({ meeting, headingLevel = 2, linkTitle = false }: { meeting: Meeting; headingLevel?: 1 | 2; linkTitle?: boolean }) {
  const { t } = useTranslation("learning");
  const Heading = headingLevel === 1 ? "h1" : "h2";
  const Sub = headingLevel === 1 ? "h2" : "h3";
  return (
    <article className="panel stack" data-testid="panel-meeting" aria-labelledby={`meeting-${meeting.id}`}>
      <Heading id={`meeting-${meeting.id}`}>{linkTitle ? <a href={`/panel-meetings/${meeting.id}`}><UserText text={meeting.title} /></a> : <UserText text={meeting.title} />}</Heading>
      <p>
        <DateTime value={meeting.scheduledAt} /> · <PersonName name={meeting.place} />
      </p>
      <p className={meeting.state === "cancelled" ? "alert" : "hint"} data-testid="meeting-state">
        {t(`meetings.state.${meeting.state}`)}
      </p>
      <section className="stack" aria-labelledby={`agenda-${meeting.id}`}>
        <Sub id={`agenda-${meeting.id}`}>{t("meetings.agenda")}</Sub>
        <ol data-testid="meeting-agenda">
          {meeting.agenda.map((item, index) => (
            <li key={index}>
              <UserText text={item} />
            </li>
          ))}
        </ol>
      </section>
      {meeting.minutes ? (
        <section className="stack" aria-labelledby={`minutes-${meeting.id}`} data-testid="meeting-minutes">
          <Sub id={`minutes-${meeting.id}`}>{t("meetings.minutes")}</Sub>
          <p className="hint">
            {t("meetings.attendees", { count: meeting.minutes.attendees })} · {t("meetings.minutesPublished")} <DateTime value={meeting.minutes.publishedAt} />
          </p>
          {meeting.minutes.text
            .split(/\r?\n\s*\r?\n/)
            .filter((paragraph) => paragraph.trim() !== "")
            .map((paragraph, index) => (
              <p key={index} className="preserve-lines">
                <UserText text={paragraph} />
              </p>
            ))}
        </section>
      ) : null}
    </article>
  );
}
