import { useTranslation } from "react-i18next";
import type { PublishedCount } from "../../domain/transparency/index";
import { figureKeyLabel, targetShares, type Figure } from "../../domain/transparency/index";
import { FigureBars, hasDrawableCount } from "./figure-bars";
import { FigureChart } from "./figure-chart";
import { TableScroll } from "../table-scroll";

/**
 * One published figure: heading, the chart (SVG, server-rendered), the table with every value, and its CSV and JSON
 * downloads. Used by the public dashboard and by reports, which pass their frozen snapshot's id so the downloads
 * are of the numbers the report printed.
 */
export interface FigureViewProps {
  figure: Figure;
  /** How many of the newest columns to show for a time series (all when undefined). */
  lastColumns?: number;
  /** Set for a report's frozen snapshot: the downloads then name it. */
  snapshotId?: string;
  headingLevel?: 2 | 3;
}

// Building an Intl formatter costs far more than using one (ADR 028): one per language, kept.
const monthFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
function formatsFor(language: string) {
  const locale = language === "en" ? "en-GB" : "ja-JP";
  let month = monthFormats.get(locale);
  if (!month) monthFormats.set(locale, (month = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", timeZone: "UTC" })));
  let number = numberFormats.get(locale);
  if (!number) numberFormats.set(locale, (number = new Intl.NumberFormat(locale)));
  return { month, number };
}

/**
 * The labels of figures' rows and columns — the programme's own dimension keys (months, versions, choices, areas), never
 * a person's — kept on the server per translator instance and language, at most `keptLabels` each: the uncached /transparency page
 * names each of them in every figure's chart, bars, target line and table, and looked them up in i18next every time
 * (a sixth of its CPU). A label with names from the figure's data (a facility's, ADR 150) is looked up once per render.
 */
const keptLabels = 2_000;
const labelsOfTranslators = new WeakMap<object, Map<string, string>>();

export function useFigureLabels() {
  const { t, i18n } = useTranslation(["figures", "transparency"]);
  const language = i18n.language;
  const { month: monthFormat, number: numberFormat } = formatsFor(language);
  // Kept across pages on the server only, whose texts are all there from the start: a browser's arrive per route (ADR 156),
  // and a label asked before its namespace came would be kept as its key.
  let kept = typeof document === "undefined" ? labelsOfTranslators.get(i18n) : undefined;
  if (!kept) {
    kept = new Map();
    if (typeof document === "undefined") labelsOfTranslators.set(i18n, kept);
  }
  const labels = kept;
  const named = new Map<Figure["keyNames"], Map<string, string>>();
  /** `names`: a figure's names for keys that are data (a facility's, ADR 150), in the reader's language. */
  const label = (dimension: string, key: string, names?: Figure["keyNames"]): string => {
    let known = labels;
    if (names) {
      let ofNames = named.get(names);
      if (!ofNames) named.set(names, (ofNames = new Map()));
      known = ofNames;
    }
    const id = `${language}\u0000${dimension}\u0000${key}`;
    let text = known.get(id);
    if (text === undefined) {
      text = figureKeyLabel({ dimension, key, names, language, t: t as never, formatMonth: (month) => monthFormat.format(month) });
      if (known !== labels || labels.size < keptLabels) known.set(id, text);
    }
    return text;
  };
  const count = (value: PublishedCount): string =>
    value.kind === "count" ? numberFormat.format(value.value) : value.kind === "small" ? "<10" : t("transparency:figure.withheld");
  return { t, label, count, language };
}

export function FigureView({ figure, lastColumns, snapshotId, headingLevel = 2 }: FigureViewProps) {
  const { t, label, count, language } = useFigureLabels();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const allColumns = figure.table.columns.map((_, index) => index);
  const columnIndices = lastColumns && figure.columnDimension === "month" ? allColumns.slice(-lastColumns) : allColumns;
  const title = t(`figures:${figure.id}.title`);
  const idPrefix = `figure-${figure.id}`;
  const query = snapshotId ? `?snapshot=${encodeURIComponent(snapshotId)}` : "";
  const { table } = figure;
  const hasRowTotals = table.rowTotals !== null;
  const hasColumnTotals = table.columnTotals !== null;
  // What both drawings of the figure share; each adds its own description (and the bars their counts).
  const chart = {
    figure,
    columnIndices,
    title,
    rowLabel: (key: string) => label(figure.rowDimension, key),
    columnLabel: (key: string) => label(figure.columnDimension, key, figure.keyNames),
    idPrefix,
  };
  return (
    <section className="figure panel" aria-labelledby={`${idPrefix}-heading`} id={figure.id} data-figure={figure.id}>
      <Heading id={`${idPrefix}-heading`}>{title}</Heading>
      <p>{t(`figures:${figure.id}.description`)}</p>
      {figure.target ? (
        <ul className="figure__target" data-testid={`${idPrefix}-target`}>
          {targetShares(figure).map((share) => (
            <li key={share.column}>
              {share.percent === null
                ? t("transparency:figure.targetUnknown", { column: label(figure.columnDimension, share.column), target: Math.round(figure.target!.share * 100) })
                : t("transparency:figure.target", { column: label(figure.columnDimension, share.column), share: share.percent, target: Math.round(figure.target!.share * 100) })}
            </li>
          ))}
        </ul>
      ) : null}
      {columnIndices.length === 0 ? (
        <p className="figure__empty">{t("transparency:figure.empty")}</p>
      ) : (
        <>
          {hasDrawableCount(figure, columnIndices) ? (
            <>
              {/* A wide screen gets the SVG chart; a phone, and a やさしい日本語 page at any width, the bars in HTML
                  (their labels stay legible and take furigana). CSS shows one; the hidden one is out of the
                  accessibility tree. */}
              {language === "ja-easy" ? null : (
                <div className="figure-wide">
                  <FigureChart {...chart} description={t("transparency:figure.chartDescription")} />
                </div>
              )}
              <FigureBars {...chart} description={t("transparency:figure.barsDescription")} count={count} shown={language === "ja-easy" ? "always" : "narrow"} />
            </>
          ) : (
            <p className="figure__nothing" data-chart="none">
              {t("transparency:figure.nothingToDraw")}
            </p>
          )}
          <TableScroll labelledBy={`${idPrefix}-caption`}>
            <table className="figure-table">
              <caption id={`${idPrefix}-caption`}>{t("transparency:figure.tableCaption", { title })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`transparency:dimension.${figure.rowDimension}`)}</th>
                  {columnIndices.map((index) => (
                    <th scope="col" key={table.columns[index]}>
                      {label(figure.columnDimension, table.columns[index]!, figure.keyNames)}
                    </th>
                  ))}
                  {hasRowTotals ? <th scope="col">{t("transparency:figure.rowTotal")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, rowIndex) => (
                  <tr key={row}>
                    <th scope="row">{label(figure.rowDimension, row)}</th>
                    {columnIndices.map((index) => (
                      <td key={table.columns[index]} className="numeric">
                        {count(table.cells[rowIndex]![index]!)}
                      </td>
                    ))}
                    {hasRowTotals ? <td className="numeric">{count(table.rowTotals![rowIndex]!)}</td> : null}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                {hasColumnTotals ? (
                  <tr>
                    <th scope="row">{t("transparency:figure.columnTotal")}</th>
                    {columnIndices.map((index) => (
                      <td key={table.columns[index]} className="numeric">
                        {count(table.columnTotals![index]!)}
                      </td>
                    ))}
                    {hasRowTotals && table.total ? <td className="numeric">{count(table.total)}</td> : null}
                  </tr>
                ) : table.total ? (
                  <tr>
                    <th scope="row">{t("transparency:figure.total")}</th>
                    <td className="numeric" colSpan={columnIndices.length}>
                      {count(table.total)}
                    </td>
                  </tr>
                ) : null}
              </tfoot>
            </table>
          </TableScroll>
          {columnIndices.length < allColumns.length ? <p className="hint">{t("transparency:figure.sliced", { shown: columnIndices.length, all: allColumns.length })}</p> : null}
        </>
      )}
      <p className="hint">{t(figure.disclosure === "public" ? "transparency:figure.publicNote" : "transparency:figure.disclosureNote")}</p>
      <ul className="list-inline figure-downloads">
        <li>
          <a href={`/transparency/figures/${figure.id}.csv${query}`} download>
            {t("transparency:figure.downloadCsv", { title })}
          </a>
        </li>
        <li>
          <a href={`/transparency/figures/${figure.id}.json${query}`}>{t("transparency:figure.downloadJson", { title })}</a>
        </li>
      </ul>
    </section>
  );
}
