import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { participantQuery, sentenceSubjectOf, SubjectNote } from "../../components/consent-dashboard";
import { calendarDayText } from "../../components/date-time";
import { loadOwnResults } from "../../domain/results/index.server";
import { pageTitle } from "../../i18n/page-title";
import { subjectSentence } from "../../i18n/sentence-subject";
import { withoutAppScripts } from "../../rendering/page-scripts";
import resultsStyles from "../../styles/results.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resultsStyles }];

// A list of links: sent without the app's scripts (ADR 085).
export const handle = withoutAppScripts;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "results:title");

/** The participant's results (issue 57 item 3; ADR 137), for themselves or, with `?participant=`, someone they represent. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const participant = new URL(request.url).searchParams.get("participant");
  const results = await loadOwnResults({ userId: session.userId, participantId: participant });
  return { results, query: participantQuery(participant) };
}

export default function ResultsPage() {
  const { t, i18n } = useTranslation("results");
  const { results, query } = useLoaderData<typeof loader>();
  const about = sentenceSubjectOf(results.subject);
  return (
    <div className="stack">
      <h1>{subjectSentence(t, "title", about)}</h1>
      <SubjectNote subject={results.subject} />
      <p>{subjectSentence(t, "intro", about)}</p>
      {results.reports.length === 0 ? (
        <p data-testid="results-none">{subjectSentence(t, "none", about)}</p>
      ) : (
        <section className="stack" aria-labelledby="results-list-heading">
          <h2 id="results-list-heading">{t("listHeading")}</h2>
          <ul className="results-list">
            {results.reports.map((report) => (
              <li key={report.reportId} data-testid="results-report">
                <h3>{t("reportHeading", { date: calendarDayText(report.expertPanelDate, i18n.language) })}</h3>
                <p>{t(`conclusion.${report.conclusion}`)}</p>
                <p>{subjectSentence(t, "explainedOn", about, { date: calendarDayText(report.explainedOn, i18n.language) })}</p>
                {report.amendmentPending ? <p className="alert">{subjectSentence(t, "amendmentPending", about)}</p> : null}
                <p>
                  <a href={`/results/${report.reportId}`}>{t("open")}</a>
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <a href={`/consent${query}`}>{t("backToConsent")}</a>
      </p>
    </div>
  );
}
