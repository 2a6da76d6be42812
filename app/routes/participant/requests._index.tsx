import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { participantQuery, SubjectNote } from "../../components/consent-dashboard";
import { DateTime } from "../../components/date-time";
import { rightsAnswerDays, rightsRequestKinds } from "../../domain/rights/index";
import { listOwnRightsRequests } from "../../domain/rights/index.server";
import { pageTitle } from "../../i18n/page-title";
import { withoutAppScripts } from "../../rendering/page-scripts";
import dashboardStyles from "../../styles/consent-dashboard.css?url";

// Links and a list: no app scripts (ADR 085).
export const handle = withoutAppScripts;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:rights.title");

/**
 * A person's requests about their data (issue 58 items 2 and 6, ADR 142): the three kinds they can make, and those
 * made, each with its reference, where it stands and the day it is due. For the person or their current proxy.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const participant = new URL(request.url).searchParams.get("participant");
  const { subject, requests } = await listOwnRightsRequests({ userId: session.userId, participantId: participant });
  return json({ subject, requests, query: participantQuery(participant) });
}

export default function RightsRequests() {
  const { t } = useTranslation("dashboard");
  const { subject, requests, query } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("rights.title")}</h1>
      <SubjectNote subject={subject} />
      <p>{t("rights.intro", { days: rightsAnswerDays })}</p>
      <ul className="list-plain stack">
        {rightsRequestKinds.map((kind) => (
          <li key={kind} className="panel stack" data-kind={kind}>
            <h2>{t(`rights.kinds.${kind}.title`)}</h2>
            <p>{t(`rights.kinds.${kind}.body`)}</p>
            <p>
              <a className="dash-link-button" href={`/requests/new/${kind}${query}`}>
                {t(`rights.kinds.${kind}.link`)}
              </a>
            </p>
          </li>
        ))}
      </ul>
      <p>{t("rights.disclosure")} <a href={`/consent/data-use${query}`}>{t("rights.disclosureLink")}</a></p>

      <section className="panel stack" aria-labelledby="made-heading">
        <h2 id="made-heading">{t("rights.list.heading")}</h2>
        {requests.length === 0 ? (
          <p>{t("rights.list.empty")}</p>
        ) : (
          <ul className="list-plain stack" data-testid="rights-requests">
            {requests.map((made) => (
              <li key={made.id} data-state={made.state} data-overdue={made.overdue ? "yes" : "no"}>
                <a href={`/requests/${made.id}${query}`}>
                  {t(`rights.kinds.${made.kind}.title`)} ({made.reference})
                </a>
                <p>
                  {t(`rights.states.${made.state}`)}
                  {made.state === "answered" && made.outcome ? ` · ${t(`rights.outcomes.${made.outcome}`)}` : null}
                  {made.overdue ? ` · ${t("rights.list.overdue")}` : null}
                </p>
                <p>
                  {t("rights.receipt.due")} <DateTime value={made.dueAt} />
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
