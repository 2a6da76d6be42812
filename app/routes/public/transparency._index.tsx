import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { DateTime } from "../../components/date-time";
import { ReleaseLogTable } from "../../components/transparency/release-log-table";
import { FigureView, useFigureLabels } from "../../components/transparency/figure-view";
import { listOpenedPublicConsultations } from "../../domain/consultations/index.server";
import { listPublishedReports } from "../../domain/consultations/index.server";
import { loadLatestSnapshot } from "../../domain/transparency/index.server";
import type { SnapshotContent } from "../../domain/transparency/index";
import { enquiryAnswerDays } from "../../domain/enquiries";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import transparencyStyles from "../../styles/transparency.css?url";
import { badRequest } from "../../forms/refusals.server";
import { withoutAppScripts } from "../../rendering/page-scripts";

/** Nothing here runs in the browser: the charts are SVG drawn on the server, the months a plain GET form (issue 60 item 2). */
export const handle = withoutAppScripts;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: transparencyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "transparency:title");

/** `?months=` how many of the newest months the time series show: 1–120, or `all`; 12 by default. */
const QuerySchema = z.object({
  months: z.union([z.literal("all"), z.coerce.number().int().min(1).max(120)]).default(12),
});
const monthChoices = [12, 24, 60, "all"] as const;

/** The public dashboard (issue 16 item 1; ADR 045): read from the newest snapshot, never computed per view. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = QuerySchema.safeParse({ months: url.searchParams.get("months") ?? undefined });
  if (!query.success || url.searchParams.getAll("months").length > 1) throw badRequest();
  const language = await getLanguage(request);
  const [snapshot, consultations, consultationReports] = await Promise.all([
    loadLatestSnapshot(),
    listOpenedPublicConsultations({ language, limit: 10 }),
    listPublishedReports({ language, limit: 10 }),
  ]);
  return {
    consultations,
    consultationReports,
    months: query.data.months,
    snapshot: snapshot
      ? {
          id: snapshot.id,
          computedAt: snapshot.computedAt.toISOString(),
          chainHead: snapshot.chainHead,
          throughMonth: snapshot.content.throughMonth,
          figures: snapshot.content.figures,
          approvedUses: snapshot.content.approvedUses,
          answerTimes: snapshot.content.enquiryAnswerTimes,
          releases: snapshot.content.releaseLog.slice(0, 10),
          releaseCount: snapshot.content.releaseLog.length,
        }
      : null,
  };
}

export default function Transparency() {
  const { t } = useTranslation(["transparency", "figures", "common"]);
  const { label } = useFigureLabels();
  const { snapshot, months, consultations, consultationReports } = useLoaderData<typeof loader>();
  return (
    <div className="stack transparency-page">
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <section className="panel" aria-labelledby="how-heading">
        <h2 id="how-heading">{t("how.heading")}</h2>
        <ul>
          <li>{t("how.snapshot")}</li>
          <li>{t("how.small")}</li>
          <li>{t("how.rounding")}</li>
          <li>{t("how.noPerson")}</li>
        </ul>
      </section>
      {snapshot === null ? (
        <p className="alert alert--info">{t("noSnapshot")}</p>
      ) : (
        <>
          <p data-testid="snapshot-time">
            {t("computedAt")} <DateTime value={snapshot.computedAt} withUtc />
            {" · "}
            {t("throughMonth", { month: label("month", snapshot.throughMonth) })}
          </p>
          <p className="hint">
            <a href="/transparency/checkpoints.json">{t("chainHead", { checkpoint: snapshot.chainHead.checkpointSeq ?? "—" })}</a>
          </p>
          <nav aria-labelledby="contents-heading" className="panel">
            <h2 id="contents-heading">{t("contents")}</h2>
            <ol>
              {snapshot.figures.map((figure) => (
                <li key={figure.id}>
                  <a href={`#${figure.id}`}>{t(`figures:${figure.id}.title`)}</a>
                </li>
              ))}
              <li>
                <a href="#answer-times">{t("answerTimes.heading")}</a>
              </li>
              <li>
                <a href="#approved-uses">{t("approvedUses.heading")}</a>
              </li>
              <li>
                <a href="#release-log">{t("releaseLog.heading")}</a>
              </li>
              <li>
                <a href="#reports-heading">{t("reports.heading")}</a>
              </li>
              <li>
                <a href="#checkpoints">{t("checkpoints.heading")}</a>
              </li>
            </ol>
          </nav>
          <form noValidate method="get" className="panel transparency-range">
            <fieldset>
              <legend>{t("range.legend")}</legend>
              <div className="choice-row">
                {monthChoices.map((choice) => (
                  <label key={choice}>
                    <input type="radio" name="months" value={choice} defaultChecked={String(months) === String(choice)} />{" "}
                    {choice === "all" ? t("range.all") : t("range.months", { count: choice })}
                  </label>
                ))}
              </div>
              <button type="submit" className="button button--secondary">
                {t("range.show")}
              </button>
            </fieldset>
          </form>
          {snapshot.figures.map((figure) => (
            <FigureView key={figure.id} figure={figure} lastColumns={months === "all" ? undefined : months} />
          ))}
          <AnswerTimes answerTimes={snapshot.answerTimes} lastMonths={months === "all" ? undefined : months} />
          <section className="panel" aria-labelledby="approved-uses" id="approved-uses-section">
            <h2 id="approved-uses">{t("approvedUses.heading")}</h2>
            <p>{t("approvedUses.body")}</p>
            <dl className="summary-list">
              {(["active", "upcoming", "expired", "suspended", "revoked"] as const).map((status) => (
                <div key={status}>
                  <dt>{t(`approvedUses.${status}`)}</dt>
                  <dd>{snapshot.approvedUses[status]}</dd>
                </div>
              ))}
            </dl>
            <p>
              <a href="/register">{t("approvedUses.register")}</a>
            </p>
          </section>
          <section className="panel" aria-labelledby="release-log">
            <h2 id="release-log">{t("releaseLog.heading")}</h2>
            <p>{t("releaseLog.body")}</p>
            {snapshot.releases.length === 0 ? (
              <p>{t("releaseLog.empty")}</p>
            ) : (
              <ReleaseLogTable releases={snapshot.releases} caption={t("releaseLog.caption", { shown: snapshot.releases.length, all: snapshot.releaseCount })} />
            )}
            <ul className="list-inline">
              <li>
                <a href="/transparency/releases">{t("releaseLog.all")}</a>
              </li>
              <li>
                <a href="/transparency/releases.csv" download>
                  {t("releaseLog.csv")}
                </a>
              </li>
              <li>
                <a href="/transparency/releases.json">{t("releaseLog.json")}</a>
              </li>
            </ul>
          </section>
        </>
      )}
      <section className="panel" aria-labelledby="consultations-heading" data-testid="transparency-consultations">
        <h2 id="consultations-heading">{t("consultations.heading")}</h2>
        <p>{t("consultations.body")}</p>
        {consultations.length > 0 ? (
          <ul>
            {consultations.map((consultation) => (
              <li key={consultation.id}>
                <a href={`/consultations/${consultation.id}`}>{consultation.title}</a> — {t(`consultations.status.${consultation.status}`)} (
                <DateTime value={consultation.opensAt} /> – <DateTime value={consultation.closesAt} />)
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("consultations.empty")}</p>
        )}
        <h3>{t("consultations.reportsHeading")}</h3>
        {consultationReports.length > 0 ? (
          <ul data-testid="transparency-consultation-reports">
            {consultationReports.map((report) => (
              <li key={`${report.consultationId}-${report.version}`}>
                <a href={`/consultations/${report.consultationId}/report?version=${report.version}`}>{report.title}</a> — {t("consultations.reportVersion", { version: report.version })} (
                <DateTime value={report.publishedAt} />)
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("consultations.noReports")}</p>
        )}
        <p>
          <a href="/consultations">{t("consultations.link")}</a> · <a href="/consultations/results">{t("consultations.resultsLink")}</a> ·{" "}
          <a href="/panel-meetings">{t("consultations.panelMeetingsLink")}</a>
        </p>
      </section>
      <section className="panel" aria-labelledby="reports-heading">
        <h2 id="reports-heading">{t("reports.heading")}</h2>
        <p>{t("reports.body")}</p>
        <p>
          <a href="/transparency/reports">{t("reports.link")}</a>
        </p>
      </section>
      <section className="panel" aria-labelledby="checkpoints">
        <h2 id="checkpoints">{t("checkpoints.heading")}</h2>
        <p>{t("checkpoints.body")}</p>
        <ul>
          <li>
            <a href="/transparency/checkpoints.json">{t("checkpoints.json")}</a>
          </li>
          <li>
            <a href="/transparency/checkpoints.atom">{t("checkpoints.feed")}</a>
          </li>
          <li>
            <a href="/transparency/jwks.json">{t("checkpoints.keys")}</a>
          </li>
        </ul>
      </section>
    </div>
  );
}

/** The consultation desk's median days to answer (issue 59 item 1; ADR 146): medians the snapshot published, or "fewer than 10". */
function AnswerTimes({ answerTimes, lastMonths }: { answerTimes: SnapshotContent["enquiryAnswerTimes"]; lastMonths: number | undefined }) {
  const { t } = useTranslation(["transparency", "figures"]);
  const { label } = useFigureLabels();
  const shown = lastMonths === undefined ? answerTimes.months : answerTimes.months.slice(-lastMonths);
  return (
    <section className="panel" aria-labelledby="answer-times" data-testid="answer-times">
      <h2 id="answer-times">{t("answerTimes.heading")}</h2>
      <p>{t("answerTimes.body", { days: enquiryAnswerDays })}</p>
      <p>
        <strong>{answerTimes.lastTwelveMonths === null ? t("answerTimes.lastYearFew") : t("answerTimes.lastYear", { days: answerTimes.lastTwelveMonths })}</strong>
      </p>
      {shown.length > 0 ? (
        <table className="answer-times-table">
          <caption>{t("answerTimes.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("answerTimes.month")}</th>
              <th scope="col">{t("answerTimes.median")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.month}>
                <th scope="row">{label("month", row.month)}</th>
                <td className="numeric">{row.medianDays === null ? t("answerTimes.few") : t("answerTimes.days", { days: row.medianDays })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        <a href="/ask">{t("answerTimes.ask")}</a>
      </p>
    </section>
  );
}
