import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "../../components/date-time";
import { decisionStates } from "../../domain/consultations/index";
import { listConsultationOutcomes } from "../../domain/consultations/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import updateStyles from "../../styles/updates.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: updateStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consultations:results.title");

/** Public (ADR 063): every consultation, where it stands, and what became of it. */
export async function loader({ request }: LoaderFunctionArgs) {
  return json({ outcomes: await listConsultationOutcomes({ language: await getLanguage(request) }) });
}

export default function ConsultationOutcomes() {
  const { t } = useTranslation(["consultations", "consultation-admin"]);
  const { outcomes } = useLoaderData<typeof loader>();
  return (
    <div className="stack updates-page">
      <p>
        <a href="/consultations">{t("results.back")}</a>
      </p>
      <h1>{t("results.title")}</h1>
      <p>{t("results.intro")}</p>
      {outcomes.length === 0 ? (
        <p>{t("results.empty")}</p>
      ) : (
        <ul className="update-list" aria-label={t("results.title")}>
          {outcomes.map((outcome) => {
            const decided = decisionStates.filter((state) => outcome.decisions[state] > 0);
            return (
              <li key={outcome.id} className="update-item" data-testid="consultation-outcome">
                <span className="update-item__title">{outcome.title}</span>
                <span className="update-item__meta">
                  <span className="update-badge">{t(`status.${outcome.status}`)}</span>
                  <span>
                    {t(outcome.status === "closed" ? "list.closedOn" : "results.closesOn")} <DateTime value={outcome.closesAt} />
                  </span>
                </span>
                <span className="update-item__meta">
                  {t("list.asks")} {outcome.audiences.map((audience) => t(`audiences.${audience}`)).join(t("list.separator"))}
                </span>
                {outcome.report ? (
                  <span className="update-item__meta">
                    <a href={`/consultations/${outcome.id}/report`} data-testid="outcome-report">
                      {t("results.readReport", { version: outcome.report.version })}
                    </a>
                    <span>
                      {t("report.publishedOn")} <DateTime value={outcome.report.publishedAt} />
                    </span>
                  </span>
                ) : outcome.status === "closed" ? (
                  <span className="update-item__meta" data-testid="outcome-awaited">
                    {t("results.reportAwaited")}
                  </span>
                ) : null}
                {decided.length > 0 ? (
                  <span className="update-item__meta" data-testid="outcome-decisions">
                    {t("results.decisions")} {decided.map((state) => t("results.stateCount", { state: t(`consultation-admin:report.states.${state}`), count: outcome.decisions[state] })).join(t("list.separator"))}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
