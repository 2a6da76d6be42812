import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import { listOpenReviewRounds } from "../../domain/consent/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forms:reviewer.listTitle");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

/** The participant panel's open review rounds of the explanatory documents (issue 28 item 6; ADR 061). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "documents:review");
  return json({ rounds: await listOpenReviewRounds({ reviewerUserId: session.userId, language: await getLanguage(request) }) });
}

export default function PanelReviews() {
  const { t } = useTranslation("forms");
  const { rounds } = useLoaderData<typeof loader>();
  return (
    <div className="stack forms-page">
      <h1>{t("reviewer.listTitle")}</h1>
      <p>{t("reviewer.listIntro")}</p>
      {rounds.length === 0 ? (
        <p data-testid="no-open-rounds">{t("reviewer.noneOpen")}</p>
      ) : (
        <ul className="action-list">
          {rounds.map((round) => (
            <li key={round.roundId} data-testid="open-round">
              <a href={`/panel/reviews/${round.roundId}`}>
                <UserText text={round.title} /> — {t("review.versionLabel", { version: round.version })}
              </a>
              <span className="hint">
                {" "}
                {t("reviewer.openedOn")} <DateTime value={round.openedAt} /> · {t("reviewer.mine", { count: round.mine })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
