import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "../../components/date-time";
import { listConsultations } from "../../domain/consultations/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { consultationViewerOf, readResponderToken } from "./+support/responder.server";
import updateStyles from "../../styles/updates.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: updateStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consultations:list.title");

/** Open to anyone (ADR 059): the public sees what asks the public; a signed-in account also what asks its capacities. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const [viewer, language, browserToken] = await Promise.all([consultationViewerOf(request, context), getLanguage(request), readResponderToken(request)]);
  return json({ consultations: await listConsultations({ viewer, language, browserToken }) });
}

export default function ConsultationList() {
  const { t } = useTranslation("consultations");
  const { consultations } = useLoaderData<typeof loader>();
  return (
    <div className="stack updates-page">
      <h1>{t("list.title")}</h1>
      <p>{t("list.intro")}</p>
      <p>
        <a href="/consultations/results">{t("list.results")}</a>
      </p>
      {consultations.length === 0 ? (
        <p data-testid="consultations-empty">{t("list.empty")}</p>
      ) : (
        <ul className="update-list" aria-label={t("list.title")}>
          {consultations.map((consultation) => (
            <li key={consultation.id} className="update-item" data-testid="consultation-item">
              <a href={`/consultations/${consultation.id}`} className="update-item__title">
                {consultation.title}
              </a>
              <span className="update-item__meta">
                <span className="update-badge">{t(`status.${consultation.status}`)}</span>
                {consultation.answered ? (
                  <span className="update-badge" data-testid="answered-badge">
                    {t("list.answered")}
                  </span>
                ) : null}
                {consultation.status === "open" ? (
                  <span>
                    {t("list.openUntil")} <DateTime value={consultation.closesAt} />
                  </span>
                ) : consultation.status === "scheduled" ? (
                  <span>
                    {t("list.opensOn")} <DateTime value={consultation.opensAt} />
                  </span>
                ) : (
                  <span>
                    {t("list.closedOn")} <DateTime value={consultation.closesAt} />
                  </span>
                )}
              </span>
              {consultation.reportVersion !== null ? (
                <span className="update-item__meta">
                  <a href={`/consultations/${consultation.id}/report`} data-testid="report-link">
                    {t("list.readReport")}
                  </a>
                </span>
              ) : null}
              <span className="update-item__meta">
                {t("list.asks")} {consultation.audiences.map((audience) => t(`audiences.${audience}`)).join(t("list.separator"))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
