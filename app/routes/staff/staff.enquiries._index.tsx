import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import { enquiryAnswerDays } from "../../domain/enquiries/index";
import { listEnquiries, type StaffEnquiryRow } from "../../domain/enquiries/index.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enquiries:staff.title");

/** The consultation desk's queue (issue 59 item 1; ADR 145): due first, overdue marked, then the recently answered. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "enquiries:answer");
  return json(await listEnquiries());
}

export default function EnquiryQueue() {
  const { t } = useTranslation("enquiries");
  const { open, done } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("staff.title")}</h1>
      <p>{t("staff.intro", { days: enquiryAnswerDays })}</p>
      <p>
        <a href="/staff/enquiries/places">{t("places.link")}</a>
      </p>
      <h2>{t("staff.openHeading", { count: open.length })}</h2>
      {open.length === 0 ? <p>{t("staff.none")}</p> : <EnquiryList rows={open} testId="enquiries-open" />}
      {done.length > 0 ? (
        <>
          <h2>{t("staff.doneHeading")}</h2>
          <EnquiryList rows={done} testId="enquiries-done" />
        </>
      ) : null}
    </div>
  );
}

function EnquiryList({ rows, testId }: { rows: StaffEnquiryRow[]; testId: string }) {
  const { t } = useTranslation("enquiries");
  return (
    <ul className="list-plain stack" data-testid={testId}>
      {rows.map((row) => (
        <li key={row.id} className="panel" data-overdue={row.overdue ? "yes" : "no"}>
          <p>
            <a href={`/staff/enquiries/${row.id}`}>{row.reference}</a> · {t(`askers.${row.asker}`)} · {t(`states.${row.state}`)}
          </p>
          <p>
            <UserText text={row.excerpt} />
          </p>
          {row.state === "received" ? (
            <p className={row.overdue ? "alert alert--error" : "muted"}>
              {t("staff.due")} <DateTime value={row.dueAt} withUtc />
              {row.overdue ? ` · ${t("staff.overdue")}` : null}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
