import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import { hasPermission } from "../../domain/authz/index";
import { listRecontactCampaigns } from "../../domain/recontact/index.server";
import { formatShownCount, showCount } from "../../domain/recontact/index";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "recontact:list.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "recontact:read");
  const manages = hasPermission(session.user.roles, "recontact:manage");
  const campaigns = await listRecontactCampaigns();
  return json({
    manages,
    campaigns: campaigns.map(({ recipients, ...campaign }) => ({ ...campaign, recipients: formatShownCount(showCount(recipients, { seesExactCounts: manages })) })),
  });
}

export default function RecontactCampaigns() {
  const { t } = useTranslation("recontact");
  const { manages, campaigns } = useLoaderData<typeof loader>();
  return (
    <div className="stack forms-page">
      <h1>{t("list.title")}</h1>
      <p>{t("list.intro")}</p>
      {manages ? (
        <p>
          <a className="button" href="/staff/recontact/new">
            {t("list.new")}
          </a>
        </p>
      ) : (
        <p className="hint">{t("list.readOnly")}</p>
      )}
      {campaigns.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("fields.title")}</th>
                <th scope="col">{t("fields.kind")}</th>
                <th scope="col">{t("fields.state")}</th>
                <th scope="col">{t("fields.createdAt")}</th>
                <th scope="col">{t("fields.sentAt")}</th>
                <th scope="col">{t("fields.recipients")}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((campaign) => (
                <tr key={campaign.id}>
                  <th scope="row">
                    <a href={`/staff/recontact/${campaign.id}`}>
                      <UserText text={campaign.title} />
                    </a>
                  </th>
                  <td>{t(`kinds.${campaign.kind}`)}</td>
                  <td>{t(`states.${campaign.state}`)}</td>
                  <td>
                    <DateTime value={campaign.createdAt} />
                  </td>
                  <td>{campaign.sentAt ? <DateTime value={campaign.sentAt} /> : "—"}</td>
                  <td>{campaign.recipients}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
