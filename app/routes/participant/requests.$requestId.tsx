import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { participantQuery, SubjectNote } from "../../components/consent-dashboard";
import { DateTime } from "../../components/date-time";
import { RightsRequestSteps } from "../../components/rights/rights-request-steps";
import { UserText } from "../../components/user-text";
import { loadOwnRightsRequest } from "../../domain/rights/index.server";
import { pageTitle } from "../../i18n/page-title";
import { withoutAppScripts } from "../../rendering/page-scripts";
import dashboardStyles from "../../styles/consent-dashboard.css?url";

export const handle = withoutAppScripts;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:rights.receipt.title");

/** The receipt of one request and every step of its answer (ADR 142); another person's request is not found. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const participant = new URL(request.url).searchParams.get("participant");
  const loaded = await loadOwnRightsRequest({ userId: session.userId, requestId: params.requestId ?? "" });
  return json({ ...loaded, query: participantQuery(participant) });
}

export default function RightsRequestReceipt() {
  const { t } = useTranslation("dashboard");
  const { request: made, steps, fullName, as, query } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="stack">
      <h1>{t("rights.receipt.title")}</h1>
      <SubjectNote subject={{ fullName, as, relationship: null }} />
      {params.get("made") === "1" ? (
        <div className="alert alert--success" role="status">
          <p>{t("rights.receipt.made")}</p>
        </div>
      ) : null}
      <section className="panel stack" aria-labelledby="receipt-heading" data-testid="rights-receipt" data-state={made.state}>
        <h2 id="receipt-heading">{t(`rights.kinds.${made.kind}.title`)}</h2>
        <dl className="dash-facts">
          <div>
            <dt>{t("rights.receipt.reference")}</dt>
            <dd data-testid="rights-reference">{made.reference}</dd>
          </div>
          <div>
            <dt>{t("rights.receipt.received")}</dt>
            <dd>
              <DateTime value={made.receivedAt} />
            </dd>
          </div>
          <div>
            <dt>{t("rights.receipt.due")}</dt>
            <dd>
              <DateTime value={made.dueAt} />
              {made.overdue ? ` · ${t("rights.list.overdue")}` : null}
            </dd>
          </div>
          <div>
            <dt>{t("rights.receipt.standing")}</dt>
            <dd>
              {t(`rights.states.${made.state}`)}
              {made.outcome ? ` · ${t(`rights.outcomes.${made.outcome}`)}` : null}
            </dd>
          </div>
        </dl>
        {made.details ? (
          <>
            <h3>{t("rights.receipt.details")}</h3>
            <p>
              <UserText text={made.details} />
            </p>
          </>
        ) : null}
        <p>{t("rights.receipt.keep")}</p>
      </section>
      <section className="panel stack" aria-labelledby="steps-heading">
        <h2 id="steps-heading">{t("rights.receipt.steps")}</h2>
        <RightsRequestSteps steps={steps} />
      </section>
      <p>
        <a href={`/requests${query}`}>{t("rights.back")}</a>
      </p>
    </div>
  );
}
