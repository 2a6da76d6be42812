import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AnalysisReleaseNotes, ReleaseLine } from "../../components/consultations/analysis-release-notes";
import { AnalysisTableView } from "../../components/consultations/analysis-table-view";
import { useAnswerLabel } from "../../components/consultations/use-answer-label";
import { DecisionHistory } from "../../components/consultations/decision-history";
import { DateTime } from "../../components/date-time";
import { UpdateMarkdown } from "../../components/update-markdown";
import { UserText } from "../../components/user-text";
import { RELEASE_STEP } from "../../domain/consultations/index";
import type { DecisionView, ReportDocument } from "../../domain/consultations/index";
import { isSafeLink } from "../../domain/kernel/index";
import { loadPublishedReport } from "../../domain/consultations/index.server";
import { SMALL_COUNT_THRESHOLD } from "../../domain/transparency/index";
import type { SupportedLanguage } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import transparencyStyles from "../../styles/transparency.css?url";
import updateStyles from "../../styles/updates.css?url";
import { notFound } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consultations:report.title");
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: updateStyles },
  { rel: "stylesheet", href: transparencyStyles },
];

/** `?version=N`: a whole number from 1; absent is the newest; anything else names no version. */
function versionOf(request: Request): number | null | undefined {
  const raw = new URL(request.url).searchParams.get("version");
  if (raw === null || raw === "") return null;
  const version = Number(raw);
  return Number.isSafeInteger(version) && version >= 1 ? version : undefined;
}

/** Public (ADR 063): a consultation's "you said, we did" report, whoever the consultation asked. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const version = versionOf(request);
  if (version === undefined) throw notFound();
  return json({ report: await loadPublishedReport({ consultationId: params.id ?? "", version }) });
}

type FrozenDecision = ReportDocument["general"]["decisions"][number];

export default function ConsultationReport() {
  const { t, i18n } = useTranslation(["consultations", "consultation-admin"]);
  const language = i18n.language as SupportedLanguage;
  const { report } = useLoaderData<typeof loader>();
  const document = report.document;
  const newest = report.versions[0]!.version;
  const now = new Map(report.decisionsNow.map((decision) => [decision.id, decision]));
  const analysis = document.analysis;
  const themeLabel = (id: string) => document.themes.find((theme) => theme.id === id)?.label[language] ?? id;
  const optionLabel = useAnswerLabel();
  return (
    <article className="stack updates-page" aria-labelledby="report-title">
      <p>
        <a href="/consultations/results">{t("report.back")}</a>
      </p>
      <p className="update-item__meta">{t("report.kicker")}</p>
      <h1 id="report-title">
        <UserText text={document.title[language]} />
      </h1>
      <p className="update-item__meta">
        <span className="update-badge" data-testid="report-version">
          {t("report.version", { version: report.version })}
        </span>
        <span>
          {t("report.publishedOn")} <DateTime value={report.publishedAt} />
        </span>
        <span>
          {t("report.window")} <DateTime value={document.opensAt} /> – <DateTime value={document.closesAt} />
        </span>
      </p>
      {report.version !== newest ? (
        <p className="alert" role="note" data-testid="newer-version">
          {t("report.newerExists")} <a href={`/consultations/${report.consultationId}/report`}>{t("report.readNewest", { version: newest })}</a>
        </p>
      ) : null}
      {document.changeNote ? (
        <section className="panel stack" aria-labelledby="report-change-note">
          <h2 id="report-change-note">{t("report.changeNote")}</h2>
          <p>
            <UserText text={document.changeNote[language]} />
          </p>
        </section>
      ) : null}
      <UpdateMarkdown markdown={document.summary[language]} />

      <section className="stack" aria-labelledby="report-responses">
        <h2 id="report-responses">{t("report.responsesHeading")}</h2>
        <p>{t("report.disclosure", { threshold: SMALL_COUNT_THRESHOLD })}</p>
        {document.release ? <ReleaseLine release={document.release} step={RELEASE_STEP} /> : null}
        <AnalysisReleaseNotes analysis={analysis} kind={document.release?.kind ?? null} />
        <AnalysisTableView table={analysis.responses} title={t("consultation-admin:analysis.responsesCaption")} categoryLabel={() => t("consultation-admin:analysis.responsesRow")} idPrefix="responses" />
      </section>

      {document.themes.length > 0 ? (
        <section className="stack" aria-labelledby="report-themes">
          <h2 id="report-themes">{t("report.themesHeading")}</h2>
          {analysis.themes ? <AnalysisTableView table={analysis.themes} title={t("consultation-admin:analysis.themesCaption")} categoryLabel={themeLabel} idPrefix="themes" /> : null}
          {document.themes.map((theme) => (
            <section className="panel stack" key={theme.id} aria-labelledby={`theme-${theme.id}`} data-testid="report-theme">
              <h3 id={`theme-${theme.id}`}>
                <UserText text={theme.label[language]} />
              </h3>
              <Said said={theme.said[language]} quotations={theme.quotations} />
              <Decisions decisions={theme.decisions} now={now} headingLevel="h4" consultationId={report.consultationId} />
            </section>
          ))}
        </section>
      ) : null}

      {document.general.quotations.length > 0 || document.general.decisions.length > 0 ? (
        <section className="panel stack" aria-labelledby="report-general">
          <h2 id="report-general">{t("report.generalHeading")}</h2>
          <Said said="" quotations={document.general.quotations} />
          <Decisions decisions={document.general.decisions} now={now} headingLevel="h3" consultationId={report.consultationId} />
        </section>
      ) : null}

      <section className="stack" aria-labelledby="report-questions">
        <h2 id="report-questions">{t("report.questionsHeading")}</h2>
        {analysis.questions.map(({ question, answers, answered }) => {
          const heading = `question-${question.position}`;
          return (
            <section className="stack" aria-labelledby={heading} key={question.id}>
              <h3 id={heading}>
                {t("consultation-admin:moderation.question", { number: question.position })} <UserText text={question.prompt[language]} />
              </h3>
              {answers ? (
                <AnalysisTableView
                  table={answers}
                  title={t("consultation-admin:analysis.answersCaption", { number: question.position })}
                  categoryLabel={optionLabel(question)}
                  idPrefix={`${heading}-answers`}
                />
              ) : null}
              {answered ? (
                <AnalysisTableView
                  table={answered}
                  title={t("consultation-admin:analysis.answeredCaption", { number: question.position })}
                  categoryLabel={() => t("consultation-admin:analysis.answeredRow")}
                  idPrefix={`${heading}-answered`}
                />
              ) : null}
            </section>
          );
        })}
      </section>

      {report.versions.length > 1 ? (
        <section className="stack" aria-labelledby="report-versions">
          <h2 id="report-versions">{t("report.versionsHeading")}</h2>
          <ul>
            {report.versions.map((version) => (
              <li key={version.version}>
                {version.version === report.version ? (
                  <span aria-current="page">{t("report.version", { version: version.version })}</span>
                ) : (
                  <a href={`/consultations/${report.consultationId}/report?version=${version.version}`}>{t("report.version", { version: version.version })}</a>
                )}{" "}
                — <DateTime value={version.publishedAt} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

function Said({ said, quotations }: { said: string; quotations: ReportDocument["general"]["quotations"] }) {
  const { t } = useTranslation(["consultations", "consultation-admin"]);
  if (!said && quotations.length === 0) return null;
  return (
    <>
      {said ? (
        <p>
          <strong>{t("report.youSaid")}</strong> <UserText text={said} />
        </p>
      ) : null}
      {quotations.map((quotation, index) => (
        <figure key={index} className="report-quotation" data-testid="report-quotation">
          <blockquote>
            <UserText text={quotation.text} />
          </blockquote>
          <figcaption className="hint">{t("report.quotedFrom", { capacity: t(`consultation-admin:audiences.${quotation.capacity}`) })}</figcaption>
        </figure>
      ))}
    </>
  );
}

function Decisions({ decisions, now, headingLevel, consultationId }: { decisions: FrozenDecision[]; now: Map<string, DecisionView>; headingLevel: "h3" | "h4"; consultationId: string }) {
  const { t, i18n } = useTranslation(["consultations", "consultation-admin"]);
  const language = i18n.language as SupportedLanguage;
  if (decisions.length === 0) return null;
  const Heading = headingLevel;
  return (
    <>
      <Heading>{t("report.weDid")}</Heading>
      <ul className="stack">
        {decisions.map((decision) => {
          const current = now.get(decision.id);
          const movedOn = current && current.history.length > decision.history.length ? current : null;
          return (
            <li key={decision.id} data-testid="report-decision">
              <p>
                <span className="update-badge" data-testid="report-decision-state">
                  {t(`consultation-admin:report.states.${decision.state}`)}
                </span>{" "}
                <UserText text={decision.text[language]} />
              </p>
              <p>
                <strong>{t("report.why")}</strong> <UserText text={decision.reason[language]} />
              </p>
              {decision.links.length > 0 ? (
                <ul>
                  {decision.links.map((link) => (
                    <li key={link.url}>
                      {/* A link stored before the one link rule (ADR 116) that breaks it is shown as its words, never followed. */}
                      {isSafeLink(link.url) ? (
                        <a href={link.url}>
                          <UserText text={link.label[language]} />
                        </a>
                      ) : (
                        <UserText text={link.label[language]} />
                      )}
                    </li>
                  ))}
                </ul>
              ) : null}
              <p>
                <a href={`/consultations/${consultationId}/decisions/${decision.id}/follow`} data-testid="follow-decision">
                  {t("follow.link")}
                </a>
              </p>
              {movedOn ? (
                <div className="alert" data-testid="report-decision-since">
                  <p>{t("report.since")}</p>
                  <DecisionHistory steps={movedOn.history.slice(decision.history.length)} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
