import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { getSession, secondFactorPending } from "../../auth/guards.server";
import { publicMenu } from "../../domain/authz/index";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "landing:title");

/**
 * The front door (issue 29 item 1). A signed-in person goes home; someone half-way through signing in goes back to
 * finish it; a visitor reads what the programme is, what taking part means, how to stop, where the public pages are
 * and how to sign in. The page holds nobody's data and asks nothing of the database beyond the session.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await getSession(request, context);
  if (session) throw redirect(secondFactorPending(session) ? "/sign-in" : "/home");
  return null;
}

const joiningPoints = ["invited", "read", "choose", "change"] as const;

export default function Landing() {
  const { t } = useTranslation("landing");
  return (
    <div className="stack landing">
      <h1>{t("title")}</h1>
      <p className="landing__intro">{t("intro")}</p>

      <section className="panel" aria-labelledby="landing-sign-in">
        <h2 id="landing-sign-in">{t("signIn.heading")}</h2>
        <p>{t("signIn.body")}</p>
        <a className="button" href="/sign-in">
          {t("signIn.link")}
        </a>
      </section>

      <section aria-labelledby="landing-joining">
        <h2 id="landing-joining">{t("joining.heading")}</h2>
        <ul>
          {joiningPoints.map((point) => (
            <li key={point}>{t(`joining.${point}`)}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="landing-withdraw">
        <h2 id="landing-withdraw">{t("withdraw.heading")}</h2>
        <p>{t("withdraw.body")}</p>
        <p>{t("withdraw.honest")}</p>
      </section>

      <section aria-labelledby="landing-public">
        <h2 id="landing-public">{t("public.heading")}</h2>
        <p>{t("public.body")}</p>
        <ul className="landing__links">
          {publicMenu.map((entry) => (
            <li key={entry.id}>
              <a href={entry.path}>{t(`public.${entry.id}`)}</a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="landing-researchers">
        <h2 id="landing-researchers">{t("researchers.heading")}</h2>
        <p>{t("researchers.body")}</p>
        <p>
          <a href="/applications/sign-up">{t("researchers.link")}</a>
        </p>
      </section>
    </div>
  );
}
