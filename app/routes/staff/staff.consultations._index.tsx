import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import { listStaffConsultations } from "../../domain/consultations/index.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consultation-admin:list.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "consultations:manage");
  return json({ consultations: await listStaffConsultations() });
}

export default function StaffConsultations() {
  const { t } = useTranslation("consultation-admin");
  const { consultations } = useLoaderData<typeof loader>();
  return (
    <div className="stack forms-page">
      <h1>{t("list.title")}</h1>
      <p>{t("list.intro")}</p>
      <p>
        <a className="button" href="/staff/consultations/new">
          {t("list.new")}
        </a>
      </p>
      {consultations.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("fields.title")}</th>
                <th scope="col">{t("fields.status")}</th>
                <th scope="col">{t("fields.window")}</th>
                <th scope="col">{t("fields.responses")}</th>
                <th scope="col">{t("fields.pendingTexts")}</th>
              </tr>
            </thead>
            <tbody>
              {consultations.map((consultation) => (
                <tr key={consultation.id} data-testid="consultation-row">
                  <th scope="row">
                    <a href={`/staff/consultations/${consultation.id}`}>{consultation.title.ja ? <UserText text={consultation.title.ja} /> : t("list.untitled")}</a>
                  </th>
                  <td>{t(`status.${consultation.status}`)}</td>
                  <td>
                    <DateTime value={consultation.opensAt} /> – <DateTime value={consultation.closesAt} />
                  </td>
                  <td>{consultation.responses}</td>
                  <td>
                    {consultation.status === "draft" ? (
                      "—"
                    ) : (
                      <a href={`/staff/consultations/${consultation.id}/moderation`}>{t("list.pendingLink", { count: consultation.pendingTexts })}</a>
                    )}
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
