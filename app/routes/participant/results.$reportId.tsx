import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser, requireRecentAuthentication } from "../../auth/guards.server";
import { participantQuery, sentenceSubjectOf, SubjectNote } from "../../components/consent-dashboard";
import { calendarDayText } from "../../components/date-time";
import { TrialLinks } from "../../components/results/trial-links";
import type { PlainReport } from "../../domain/results/index";
import { loadOwnReport } from "../../domain/results/index.server";
import { pageTitle } from "../../i18n/page-title";
import { subjectSentence, type SentenceSubject } from "../../i18n/sentence-subject";
import { withoutAppScripts } from "../../rendering/page-scripts";
import resultsStyles from "../../styles/results.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resultsStyles }];

// A document and two links: sent without the app's scripts (ADR 085).
export const handle = withoutAppScripts;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "results:report.title");

/**
 * One analysis report in plain words (issue 57 item 3; ADR 137): for its participant or their current proxy, once a
 * version has been explained. Anyone else — a family member, another participant, staff — and a report still sealed
 * read the same 404.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requireUser(request, context);
  // A fresh proof before what matters (issue 58 item 5, ADR 141): asked before the page, so nothing typed is lost to it.
  requireRecentAuthentication(session, request);
  const report = await loadOwnReport({ userId: session.userId, reportId: params.reportId ?? "" });
  return { report, query: report.subject.as === "proxy" ? participantQuery(report.subject.participantId) : "" };
}

function Findings({ plain }: { plain: PlainReport }) {
  const { t } = useTranslation("results");
  if (plain.primaryFindings.length === 0) return <p>{t("noPrimaryFindings")}</p>;
  return (
    <ul className="results-findings">
      {plain.primaryFindings.map((finding, index) => (
        <li key={`${finding.gene}-${index}`} data-testid="results-primary-finding">
          <dl className="results-facts">
            <dt>{t("finding.gene")}</dt>
            <dd>{finding.gene}</dd>
            <dt>{t("finding.meaning")}</dt>
            <dd>{t(`actionability.${finding.actionability}`)}</dd>
            <dt>{t("finding.classification")}</dt>
            <dd>{t(`classification.${finding.classification}`)}</dd>
            <dt>{t("finding.origin")}</dt>
            <dd>{t(`origin.${finding.origin}`)}</dd>
            <dt>{t("finding.variant")}</dt>
            <dd className="mono" lang="en">
              {finding.variant}
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

function Secondary({ plain, about }: { plain: PlainReport; about: SentenceSubject }) {
  const { t } = useTranslation("results");
  return (
    <>
      {plain.secondary.map((section) => {
        const category = t(`secondaryCategory.${section.category}`);
        if (!section.shown) return <p key={section.category} data-testid="results-secondary-not-shown">{subjectSentence(t, "secondary.notShown", about, { category })}</p>;
        if (section.findings.length === 0) return <p key={section.category}>{t("secondary.shownNone", { category })}</p>;
        return (
          <ul key={section.category} className="results-findings" aria-label={category}>
            {section.findings.map((finding, index) => (
              <li key={`${finding.gene}-${index}`} data-testid="results-secondary-finding">
                <dl className="results-facts">
                  <dt>{t("finding.gene")}</dt>
                  <dd>{finding.gene}</dd>
                  <dt>{t("finding.classification")}</dt>
                  <dd>{t(`classification.${finding.classification === "P" ? "pathogenic" : "likely_pathogenic"}`)}</dd>
                  <dt>{t("finding.variant")}</dt>
                  <dd className="mono" lang="en">
                    {finding.variant}
                  </dd>
                </dl>
              </li>
            ))}
          </ul>
        );
      })}
    </>
  );
}

export default function ReportPage() {
  const { t, i18n } = useTranslation("results");
  const { report, query } = useLoaderData<typeof loader>();
  const { plain } = report;
  const about = sentenceSubjectOf(report.subject);
  const day = (value: string) => calendarDayText(value, i18n.language);
  return (
    <article className="stack" aria-labelledby="report-title">
      <p>
        <a href={`/results${query}`}>{t("back")}</a>
      </p>
      <h1 id="report-title">{subjectSentence(t, "report.title", about)}</h1>
      <SubjectNote subject={report.subject} />
      <p>{subjectSentence(t, "report.explained", about, { date: day(report.explainedOn), mode: t(`mode.${report.explanationMode}`) })}</p>
      <p>{t("report.panelDate", { date: day(plain.expertPanelDate) })}</p>
      {report.amendmentPending ? <p className="alert">{subjectSentence(t, "amendmentPending", about)}</p> : null}

      <section className="results-section stack" aria-labelledby="looked-for">
        <h2 id="looked-for">{t("report.lookedForHeading")}</h2>
        <p>{subjectSentence(t, `area.${plain.area}`, about)}</p>
      </section>

      <section className="results-section stack" aria-labelledby="found">
        <h2 id="found">{t("report.foundHeading")}</h2>
        <p data-testid="results-conclusion">{t(`conclusion.${plain.conclusion}`)}</p>
        <Findings plain={plain} />
      </section>

      <section className="results-section stack" aria-labelledby="care-now">
        <h2 id="care-now">{subjectSentence(t, "report.careNowHeading", about)}</h2>
        {plain.careNow.length === 0 ? <p>{subjectSentence(t, "careNow.none", about)}</p> : plain.careNow.map((implication) => <p key={implication}>{subjectSentence(t, `careNow.${implication}`, about)}</p>)}
      </section>

      <section className="results-section stack" aria-labelledby="secondary">
        <h2 id="secondary">{subjectSentence(t, "report.secondaryHeading", about)}</h2>
        <Secondary plain={plain} about={about} />
      </section>

      <section className="results-section stack" aria-labelledby="relatives">
        <h2 id="relatives">{subjectSentence(t, "report.relativesHeading", about)}</h2>
        <p data-testid="results-relatives">{plain.concernsRelatives ? subjectSentence(t, "relatives.yes", about) : t("relatives.no")}</p>
        {report.relativesLetter ? (
          <p>
            <a href={`/results/${report.reportId}/letter`} data-testid="results-letter-link">
              {subjectSentence(t, "letterLink", about)}
            </a>{" "}
            <span>{t("letterLinkHint")}</span>
          </p>
        ) : null}
      </section>

      <section className="results-section stack" aria-labelledby="trials">
        <h2 id="trials">{subjectSentence(t, "report.trialsHeading", about)}</h2>
        {plain.trials.length === 0 ? (
          <p>{t("trials.none")}</p>
        ) : (
          <>
            <p>{subjectSentence(t, "trials.intro", about)}</p>
            <TrialLinks trials={plain.trials} />
          </>
        )}
      </section>

      <section className="results-section stack" aria-labelledby="next">
        <h2 id="next">{t("report.nextHeading")}</h2>
        <p>{subjectSentence(t, "next", about)}</p>
        <ul className="results-files">
          <li>
            <a href={`/results/${report.reportId}/plain.pdf`} data-testid="results-plain-pdf">
              {t("plainPdf")}
            </a>
          </li>
          {report.clinicalPdf ? (
            <li>
              <a href={`/results/${report.reportId}/clinical.pdf`} data-testid="results-clinical-pdf">
                {t("clinicalPdf")}
              </a>{" "}
              <span>{t("clinicalPdfHint")}</span>
            </li>
          ) : null}
        </ul>
        {report.clinicalPdf ? null : <p data-testid="results-clinical-pdf-withheld">{subjectSentence(t, "clinicalPdfWithheld", about)}</p>}
      </section>

      <section className="results-section stack" aria-labelledby="ask">
        <h2 id="ask">{t("report.askHeading")}</h2>
        <p>{subjectSentence(t, "ask", about)}</p>
        <p>
          <a href={`/consent/questions${query}`}>{t("askLink")}</a>
        </p>
      </section>

      {plain.genes.length > 0 ? (
        <section className="results-section stack" aria-labelledby="glossary">
          <h2 id="glossary">{t("report.glossaryHeading")}</h2>
          <ul>
            {plain.genes.map((gene) => (
              <li key={gene}>{t(`genes.${gene}`, { defaultValue: "" }) || `${gene}: ${t("glossaryMissing")}`}</li>
            ))}
          </ul>
          <p>{t("glossaryReviewed")}</p>
        </section>
      ) : null}

      {report.earlier.length > 0 ? (
        <section className="results-section stack" aria-labelledby="history">
          <h2 id="history">{t("report.historyHeading")}</h2>
          <ul>
            {report.earlier.map((earlier) => (
              <li key={earlier.version}>{t("earlierVersion", { version: earlier.version, date: day(earlier.explainedOn) })}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
