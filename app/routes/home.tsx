import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../auth/guards.server";
import { hasPermission } from "../domain/authz/permissions";
import { pageTitle } from "../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:home.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  return json({
    displayName: session.user.displayName,
    role: session.user.role,
    staff: hasPermission(session.user.role, "staff:portal"),
    admin: hasPermission(session.user.role, "users:manage"),
    consent: hasPermission(session.user.role, "consent:own"),
  });
}

export default function Home() {
  const { t } = useTranslation(["account", "dashboard"]);
  const data = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("home.greeting", { name: data.displayName })}</h1>
      <p>
        {t("home.role")} <span className="tag">{t(`roles.${data.role}`)}</span>
      </p>
      {data.consent ? (
        <section className="panel" aria-labelledby="consent-heading">
          <h2 id="consent-heading">{t("dashboard:homeLink.heading")}</h2>
          <p>{t("dashboard:homeLink.body")}</p>
          <a className="button button--block" href="/consent">
            {t("dashboard:homeLink.link")}
          </a>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="next-heading">
        <h2 id="next-heading">{t("home.nextHeading")}</h2>
        <p>{t(`home.next.${data.staff ? "staff" : "participant"}`)}</p>
        <ul>
          <li>
            <a href="/account">{t("home.links.security")}</a>
          </li>
          <li>
            <a href="/account/sessions">{t("home.links.sessions")}</a>
          </li>
          {data.admin ? (
            <li>
              <a href="/admin">{t("home.links.admin")}</a>
            </li>
          ) : null}
        </ul>
      </section>
    </div>
  );
}
