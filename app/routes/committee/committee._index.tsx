import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAnyPermission } from "../../auth/guards.server";
import { PersonName } from "../../components/person-name";
import { InLanguage } from "../../components/access/names";
import { listReviewQueue } from "../../domain/access/index.server";
import { hasPermission } from "../../domain/authz/index";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "access:committee.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireAnyPermission(request, context, ["applications:manage", "committee:review"]);
  const secretariat = hasPermission(session.user.roles, "applications:manage");
  return json({ secretariat, items: await listReviewQueue({ userId: session.userId, roles: session.user.roles }) });
}

export default function Committee() {
  const { t } = useTranslation("access");
  const { secretariat, items } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("committee.title")}</h1>
      <p>{secretariat ? t("committee.introSecretariat") : t("committee.intro")}</p>
      {secretariat ? (
        <p>
          <a href="/committee/members">{t("members.title")}</a> · <a href="/committee/applicants">{t("committee.applicants")}</a>
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="alert">{secretariat ? t("committee.emptySecretariat") : t("committee.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("applications.reference")}</th>
                <th scope="col">{t("applications.titleColumn")}</th>
                <th scope="col">{t("committee.institution")}</th>
                <th scope="col">{t("applications.state")}</th>
                <th scope="col">{t("committee.yourStep")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <a href={`/committee/applications/${item.id}`}>{item.reference}</a>
                  </td>
                  <td>
                    <InLanguage text={item.title} />
                  </td>
                  <td>
                    <PersonName name={item.institution} />
                  </td>
                  <td>{t(`states.${item.state}`)}</td>
                  <td>{t(`committee.steps.${item.standing === "reviewing" && item.voted ? "voted" : item.standing}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
