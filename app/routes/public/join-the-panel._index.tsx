import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import type { PanelCallView } from "../../domain/panel-recruitment/index.server";
import { listPanelCalls } from "../../domain/panel-recruitment/index.server";
import { passPageHeaders } from "../../forms/route-headers.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { withoutAppScripts } from "../../rendering/page-scripts";

// Links only: sent without the app's scripts (ADR 085).
export const handle = withoutAppScripts;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "panel-calls:list.title");
export const headers = passPageHeaders;

/** The participant panel, open to join (issue 59 item 3; ADR 151): what members do, and the calls open and past. */
export async function loader({ request }: LoaderFunctionArgs) {
  return json({ calls: await listPanelCalls({ language: await getLanguage(request) }) });
}

function CallItem({ call }: { call: PanelCallView }) {
  const { t } = useTranslation("panel-calls");
  return (
    <li className="panel stack" data-testid="panel-call">
      <h3>
        <a href={`/join-the-panel/${call.id}`}>
          <UserText text={call.title} />
        </a>
      </h3>
      <p>
        <span className="update-badge">{t(`states.${call.state}`)}</span> {t("list.seats", { count: call.seats })}
      </p>
      <p>
        {t("list.closes")} <DateTime value={call.closesAt} />
      </p>
    </li>
  );
}

export default function JoinThePanel() {
  const { t } = useTranslation("panel-calls");
  const { calls } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("list.title")}</h1>
      <p>{t("list.intro")}</p>
      <ul className="stack">
        {(["who", "what", "paid", "first"] as const).map((point) => (
          <li key={point}>{t(`list.points.${point}`)}</li>
        ))}
      </ul>
      <p>
        <a href="/learn">{t("list.learn")}</a> · <a href="/join-the-panel/glossary">{t("list.glossary")}</a>
      </p>
      <section aria-labelledby="open-calls" className="stack">
        <h2 id="open-calls">{t("list.open")}</h2>
        {calls.open.length === 0 ? <p>{t("list.noneOpen")}</p> : null}
        <ul className="stack list-plain">
          {calls.open.map((call) => (
            <CallItem key={call.id} call={call} />
          ))}
        </ul>
      </section>
      {calls.closed.length > 0 ? (
        <section aria-labelledby="closed-calls" className="stack">
          <h2 id="closed-calls">{t("list.closed")}</h2>
          <ul className="stack list-plain">
            {calls.closed.map((call) => (
              <CallItem key={call.id} call={call} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
