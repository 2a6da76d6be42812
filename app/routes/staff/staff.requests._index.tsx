import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaffAccess } from "../../auth/participant-access.server";
import { DateTime } from "../../components/date-time";
import { NoFacilityNotice } from "../../components/no-facility-notice";
import { scopeIsEmpty } from "../../domain/facilities/index";
import { rightsAnswerDays } from "../../domain/rights/index";
import { listRightsQueue, type QueuedRightsRequest } from "../../domain/rights/index.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:rights.staff.title");

/** The coordinator's queue of requests about people's data at their facilities (ADR 142): due first on top, overdue marked. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { access } = await requireStaffAccess(request, context, "requests:answer");
  return json({ ...(await listRightsQueue({ scope: access.scope })), noFacility: scopeIsEmpty(access.scope) });
}

export default function RightsQueue() {
  const { t } = useTranslation("dashboard");
  const { open, answered, noFacility } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("rights.staff.title")}</h1>
      <p>{t("rights.staff.intro", { days: rightsAnswerDays })}</p>
      {noFacility ? <NoFacilityNotice /> : null}
      <h2>{t("rights.staff.openHeading", { count: open.length })}</h2>
      {open.length === 0 ? <p>{t("rights.staff.none")}</p> : <RequestList requests={open} testId="rights-open" />}
      {answered.length > 0 ? (
        <>
          <h2>{t("rights.staff.answeredHeading")}</h2>
          <RequestList requests={answered} testId="rights-answered" />
        </>
      ) : null}
    </div>
  );
}

function RequestList({ requests, testId }: { requests: (Omit<QueuedRightsRequest, "receivedAt" | "dueAt" | "answeredAt"> & { dueAt: string })[]; testId: string }) {
  const { t } = useTranslation("dashboard");
  return (
    <ul className="list-plain stack" data-testid={testId}>
      {requests.map((made) => (
        <li key={made.id} className="panel" data-overdue={made.overdue ? "yes" : "no"}>
          <p>
            <a href={`/staff/requests/${made.id}`}>
              {made.reference} · {t(`rights.kinds.${made.kind}.title`)}
            </a>{" "}
            · <span className="mono">{made.pseudonym}</span>
          </p>
          <p className={made.overdue ? "alert alert--error" : "muted"}>
            {t(`rights.states.${made.state}`)} · {t("rights.receipt.due")} <DateTime value={made.dueAt} withUtc />
            {made.overdue ? ` · ${t("rights.list.overdue")}` : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
