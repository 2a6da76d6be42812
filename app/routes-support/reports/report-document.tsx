import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "../../components/date-time";
import { FigureView } from "../../components/transparency/figure-view";
import { UpdateMarkdown } from "../../components/update-markdown";
import type { Figure, FigureId } from "../../domain/transparency/index";
import { supportedLanguages } from "../../i18n/languages";

/** A published version as the loader serialises it (dates as ISO strings). */
export interface ReportDocumentData {
  slug: string;
  version: number;
  latestVersion: number;
  title: string;
  sections: { heading: string; body: string; figures: FigureId[] }[];
  changeNote: string | null;
  publishedAt: string;
  snapshot: { id: string; computedAt: string; throughMonth: string; chainHead: { checkpointSeq: string | null }; figures: Figure[] };
  checkpointSeq: string | null;
  versions: { version: number; publishedAt: string; changeNote: string | null }[];
}

/**
 * One published version of a report (ADR 048), the same with or without JavaScript: its sections, each followed by
 * its figures as published in the frozen snapshot (chart, table, downloads of that snapshot), what changed, where the
 * numbers come from, its PDFs, and every version. An earlier version says a newer one exists and links to it.
 */
export function ReportDocument({ report }: { report: ReportDocumentData }) {
  const { t } = useTranslation(["reports", "figures", "transparency", "common"]);
  const figures = new Map(report.snapshot.figures.map((figure) => [figure.id, figure]));
  const shown = new Set<FigureId>();
  const base = `/transparency/reports/${report.slug}`;
  return (
    <article className="stack updates-page transparency-page" aria-labelledby="report-title">
      <p>
        <a href="/transparency/reports">{t("public.back")}</a>
      </p>
      {report.version < report.latestVersion ? (
        <div className="alert" role="note" data-testid="newer-version">
          <p>{t("public.newerExists", { version: report.latestVersion })}</p>
          <p>
            <a href={`${base}/v/${report.latestVersion}`}>{t("public.readNewer", { version: report.latestVersion })}</a>
          </p>
        </div>
      ) : null}
      <h1 id="report-title">{report.title}</h1>
      <p className="update-item__meta" data-testid="report-version">
        {t("public.versionLine", { version: report.version })} · {t("public.publishedOn")} <DateTime value={report.publishedAt} />
      </p>
      {report.changeNote ? (
        <section className="panel update-change" aria-labelledby="report-change" data-testid="change-note">
          <h2 id="report-change">{t("public.changeHeading")}</h2>
          <Paragraphs text={report.changeNote} />
        </section>
      ) : null}
      <nav className="panel" aria-labelledby="report-contents">
        <h2 id="report-contents">{t("public.contents")}</h2>
        <ol>
          {report.sections.map((section, index) => (
            <li key={index}>
              <a href={`#report-section-${index + 1}`}>{section.heading}</a>
            </li>
          ))}
        </ol>
      </nav>
      {report.sections.map((section, index) => (
        <section className="stack" key={index} aria-labelledby={`report-section-${index + 1}`} data-testid="report-section">
          <h2 id={`report-section-${index + 1}`}>{section.heading}</h2>
          <UpdateMarkdown markdown={section.body} />
          {section.figures.map((id) => {
            const figure = figures.get(id);
            const title = t(`figures:${id}.title`);
            if (!figure) return <p key={id}>{t("public.figureMissing", { title })}</p>;
            // A figure is drawn once (ids on the page stay unique); a later section that names it again points up to it.
            if (shown.has(id)) {
              return (
                <p key={id}>
                  <a href={`#${id}`}>{t("public.figureAbove", { title })}</a>
                </p>
              );
            }
            shown.add(id);
            return <FigureView key={id} figure={figure} snapshotId={report.snapshot.id} headingLevel={3} />;
          })}
        </section>
      ))}
      <section className="panel stack" aria-labelledby="report-numbers">
        <h2 id="report-numbers">{t("reports:pdf.provenance")}</h2>
        <p data-testid="snapshot-time">
          {t("public.figuresFrom")} <DateTime value={report.snapshot.computedAt} withUtc />
        </p>
        <p className="hint">
          <a href="/transparency/checkpoints.json">{t("public.chainHead", { checkpoint: report.checkpointSeq ?? report.snapshot.chainHead.checkpointSeq ?? "—" })}</a>
        </p>
        <p>{t("public.frozen")}</p>
        <p>
          <a href="/transparency">{t("public.dashboard")}</a>
        </p>
      </section>
      <section className="stack" aria-labelledby="report-pdfs">
        <h2 id="report-pdfs">{t("public.pdfHeading")}</h2>
        <ul>
          {supportedLanguages.map((language) => (
            <li key={language}>
              <a href={`${base}/v/${report.version}/${language}.pdf`} type="application/pdf" hrefLang={language === "ja-easy" ? "ja" : language} data-testid={`pdf-${language}`}>
                {t("public.pdfLink", { language: t(`common:language.names.${language}`) })}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section className="stack" aria-labelledby="report-versions">
        <h2 id="report-versions">{t("public.versionsHeading")}</h2>
        <ol reversed data-testid="report-versions">
          {report.versions.map((version) => (
            <li key={version.version}>
              {version.version === report.version ? (
                <span aria-current="page">
                  {t("public.versionItem", { version: version.version })} {t("public.thisVersion")}
                </span>
              ) : (
                <a href={`${base}/v/${version.version}`}>{t("public.versionItem", { version: version.version })}</a>
              )}{" "}
              (<DateTime value={version.publishedAt} />){version.changeNote ? <span> — {version.changeNote}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

/** A plain text typed with line breaks, one paragraph a line (no markup, no inline style under the CSP). */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\r?\n/)
        .filter((line) => line.trim() !== "")
        .map((line, index) => (
          <p key={index}>{line}</p>
        ))}
    </>
  );
}

/** A report address that names nothing (404) or could not (400), as a page in the reader's language. */
export function ReportErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation("reports");
  if (!isRouteErrorResponse(error) || (error.status !== 404 && error.status !== 400)) {
    return (
      <section className="panel" aria-labelledby="error-title">
        <h1 id="error-title">{t("common:errorPage.unexpected.title")}</h1>
        <p>{t("common:errorPage.unexpected.body")}</p>
      </section>
    );
  }
  const kind = error.status === 404 ? "notFound" : "badRequest";
  return (
    <section className="panel" aria-labelledby="error-title" data-testid="report-error">
      <h1 id="error-title">{t(`errors.${kind}Title`)}</h1>
      <p>{t(`errors.${kind}Body`)}</p>
      <p>
        <a href="/transparency/reports">{t("errors.backToList")}</a>
      </p>
    </section>
  );
}
