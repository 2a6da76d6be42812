import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import { listProgrammeUpdates } from "../../domain/updates/index.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "updates:staff.list.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "updates:manage");
  return json({ updates: await listProgrammeUpdates() });
}

export default function StaffUpdates() {
  const { t } = useTranslation("updates");
  const { updates } = useLoaderData<typeof loader>();
  return (
    <div className="stack forms-page">
      <h1>{t("staff.list.title")}</h1>
      <p>{t("staff.list.intro")}</p>
      <p>
        <a className="button" href="/staff/updates/new">
          {t("staff.list.new")}
        </a>
      </p>
      {updates.length === 0 ? (
        <p>{t("staff.list.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("staff.list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staff.fields.title")}</th>
                <th scope="col">{t("staff.fields.audiences")}</th>
                <th scope="col">{t("staff.fields.state")}</th>
                <th scope="col">{t("staff.fields.publishAt")}</th>
              </tr>
            </thead>
            <tbody>
              {updates.map((update) => (
                <tr key={update.id}>
                  <th scope="row">
                    <a href={`/staff/updates/${update.id}`}>{update.title ? <UserText text={update.title} /> : t("staff.list.untitled")}</a>
                  </th>
                  <td>
                    {update.audiences.map((audience) => t(`audiences.${audience}`)).join("、")}
                    {update.programmeArea ? ` (${t(`areas.${update.programmeArea}`)})` : ""}
                  </td>
                  <td>{t(`states.${update.state}`)}</td>
                  <td>{update.publishAt ? <DateTime value={update.publishAt} withUtc /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
