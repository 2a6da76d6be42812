import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaffAccess } from "../../auth/participant-access.server";
import { DateTime } from "../../components/date-time";
import { NoFacilityNotice } from "../../components/no-facility-notice";
import { scopeIsEmpty } from "../../domain/facilities/index";
import { listReportsToExplain } from "../../domain/results/index.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "results:staff.list.title");

/** The analysis reports at the counsellor's facilities waiting to be explained (issue 57 item 2; ADR 137), oldest first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { session, access } = await requireStaffAccess(request, context, "results:explain");
  const reports = await listReportsToExplain({ userId: session.userId });
  return json({ reports: reports.map((report) => ({ ...report, submittedAt: report.submittedAt.toISOString() })), noFacility: scopeIsEmpty(access.scope) });
}

export default function ReportsToExplain() {
  const { t } = useTranslation("results");
  const { reports, noFacility } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("staff.list.title")}</h1>
      <p>{t("staff.list.intro")}</p>
      {noFacility ? <NoFacilityNotice /> : null}
      {reports.length === 0 ? (
        <p>{t("staff.list.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("staff.list.pseudonym")}</th>
                <th scope="col">{t("staff.list.area")}</th>
                <th scope="col">{t("staff.list.version")}</th>
                <th scope="col">{t("staff.list.submitted")}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((report) => (
                <tr key={report.reportId} data-testid="report-to-explain">
                  <td>
                    <a href={`/staff/results/${report.reportId}`} className="mono">
                      {report.pseudonym}
                    </a>
                  </td>
                  <td>{t(`staff.areaName.${report.area}`)}</td>
                  <td>
                    {report.version}
                    {report.amended ? <> ({t("staff.list.amended")})</> : null}
                  </td>
                  <td>
                    <DateTime value={report.submittedAt} withUtc />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
