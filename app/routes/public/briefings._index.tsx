import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import type { BriefingView } from "../../domain/briefings/index.server";
import { listBriefings } from "../../domain/briefings/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "briefings:list.title");

/** 説明会 and seminars (issue 59 item 5; ADR 148): anyone reads what is coming and what was held, with its minutes. */
export async function loader({ request }: LoaderFunctionArgs) {
  return json(await listBriefings({ language: await getLanguage(request) }));
}

function BriefingItem({ briefing }: { briefing: BriefingView }) {
  const { t } = useTranslation("briefings");
  return (
    <li className="panel stack" data-testid="briefing">
      <h3>
        <a href={`/briefings/${briefing.id}`}>
          <UserText text={briefing.title} />
        </a>
      </h3>
      <p>
        <span className="update-badge">{t(`kinds.${briefing.kind}`)}</span> <span className="update-badge">{t(`states.${briefing.state}`)}</span>
      </p>
      <p>
        <DateTime value={briefing.startsAt} /> · {briefing.format === "online" ? t("formats.online") : <UserText text={briefing.place ?? ""} />}
      </p>
    </li>
  );
}

export default function Briefings() {
  const { t } = useTranslation("briefings");
  const { upcoming, past } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("list.title")}</h1>
      <p>{t("list.intro")}</p>
      <section aria-labelledby="upcoming-heading" className="stack">
        <h2 id="upcoming-heading">{t("list.upcoming")}</h2>
        {upcoming.length === 0 ? <p>{t("list.none")}</p> : null}
        <ul className="list-plain stack">
          {upcoming.map((briefing) => (
            <BriefingItem key={briefing.id} briefing={briefing} />
          ))}
        </ul>
      </section>
      <p>
        <a href="/learn">{t("list.learn")}</a>
      </p>
      <section aria-labelledby="past-heading" className="stack">
        <h2 id="past-heading">{t("list.past")}</h2>
        {past.length === 0 ? <p>{t("list.nonePast")}</p> : null}
        <ul className="list-plain stack">
          {past.map((briefing) => (
            <BriefingItem key={briefing.id} briefing={briefing} />
          ))}
        </ul>
      </section>
    </div>
  );
}
