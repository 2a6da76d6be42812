import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { listAuditEvents } from "../../domain/audit/index.server";
import { pageTitle } from "../../i18n/page-title";
import { UserText } from "../../components/user-text";
import { TableScroll } from "../../components/table-scroll";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:admin.audit.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "audit:read");
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  return json({ events: await listAuditEvents({ limit: 200, reader: { actorUserId: session.userId, ipAddress, userAgent } }) });
}

export default function AuditLog() {
  const { t } = useTranslation("account");
  const { events } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1 id="audit-heading">{t("admin.audit.title")}</h1>
      <p>{t("admin.audit.intro")}</p>
      <TableScroll labelledBy="audit-heading">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.audit.when")}</th>
              <th scope="col">{t("admin.audit.event")}</th>
              <th scope="col">{t("admin.audit.outcome")}</th>
              <th scope="col">{t("admin.audit.actor")}</th>
              <th scope="col">{t("admin.audit.origin")}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>
                  <DateTime value={event.occurredAt} withUtc />
                </td>
                <td>
                  <span className="mono">{event.type}</span>
                  <br />
                  <UserText className="mono" text={JSON.stringify(event.detail)} />
                </td>
                <td>{event.outcome}</td>
                <td className="mono">{event.actorUserId ?? event.subjectUserId ?? "—"}</td>
                <td>
                  <span className="mono">{event.ipAddress ?? "—"}</span>
                  <br />
                  <UserText text={event.userAgent ?? ""} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
