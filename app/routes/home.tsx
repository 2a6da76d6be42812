import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../auth/guards.server";
import { homeCardsFor } from "../domain/authz/destinations";
import { pageTitle } from "../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:home.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  // Only pages this role can open now (app/domain/authz/destinations.ts): nothing promised, nothing out of reach.
  const cards = homeCardsFor(session.user.roles).map(({ id, path, card }) => ({ id, path, ...card! }));
  return json({ displayName: session.user.displayName, roles: session.user.roles, cards });
}

export default function Home() {
  const { t } = useTranslation(["account", "common"]);
  const data = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("home.greeting", { name: data.displayName })}</h1>
      <p>
        {t("home.role")} {data.roles.map((role) => (
          <span key={role} className="tag">
            {t(`roles.${role}`)}
          </span>
        ))}
      </p>
      <h2 id="cards-heading">{t("home.nextHeading")}</h2>
      <ul className="home-cards" aria-labelledby="cards-heading">
        {data.cards.map((card) => (
          <li key={card.id} className="panel home-card">
            <h3 id={`card-${card.id}`}>
              {card.link ? (
                t(card.title)
              ) : (
                <a href={card.path}>{t(card.title)}</a>
              )}
            </h3>
            {card.body ? <p>{t(card.body)}</p> : null}
            {card.link ? (
              <a className="button button--block" href={card.path}>
                {t(card.link)}
              </a>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
