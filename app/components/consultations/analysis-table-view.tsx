import { useTranslation } from "react-i18next";
import type { AnalysisTable } from "../../domain/consultations/index";
import { publishedCountText, SMALL_COUNT_LABEL, type PublishedCount } from "../../domain/transparency/index";
import { CountChart } from "./count-chart";
import { TableScroll } from "../table-scroll";

/**
 * What a column of a release's tables is called (ADR 115): an audience, audiences counted together, or all of them.
 * The public's column says that it holds the responses given without an account.
 */
export function useColumnLabel(): (column: string) => string {
  const { t } = useTranslation("consultation-admin");
  return (column) =>
    column === "all"
      ? t("analysis.allAudiences")
      : column === "public"
        ? t("analysis.publicColumn")
        : column
            .split("+")
            .map((audience) => t(`audiences.${audience}`))
            .join(t("analysis.audienceJoin"));
}

/**
 * A protected table of a consultation's analysis (ADR 062) with its chart: the chart draws each category across
 * audiences (or the one column there is); the table splits them by column of audiences. Shared by the staff analysis
 * and the published report, so both show the same numbers the same way.
 */
export function AnalysisTableView({ table, title, categoryLabel, idPrefix }: { table: AnalysisTable; title: string; categoryLabel: (category: string) => string; idPrefix: string }) {
  const { t } = useTranslation("consultation-admin");
  const columnLabel = useColumnLabel();
  const count = (value: PublishedCount) => (value.kind === "small" ? SMALL_COUNT_LABEL : value.kind === "withheld" ? t("analysis.withheld") : publishedCountText(value));
  const several = table.audiences.length > 1;
  const across = table.byCategory ?? (several ? null : table.cells.map((cells) => cells[0]!));
  const showTotalRow = table.byAudience !== null && table.categories.length > 1;
  // Each category across audiences: its own total, or for a table of one category the grand total.
  const rowTotal = (row: number) => table.byCategory?.[row] ?? (table.categories.length === 1 ? table.total : null);
  const totalColumn = several && (table.byCategory !== null || (table.categories.length === 1 && table.total !== null));
  return (
    <div className="stack">
      {across && table.categories.length > 1 ? (
        <CountChart
          bars={table.categories.map((category, index) => ({ key: category, label: categoryLabel(category), count: across[index]!, text: count(across[index]!) }))}
          title={title}
          description={t("analysis.chartDescription")}
          idPrefix={idPrefix}
        />
      ) : null}
      <TableScroll labelledBy={`${idPrefix}-caption`}>
        <table className="figure-table" data-testid={`${idPrefix}-table`}>
          <caption id={`${idPrefix}-caption`}>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t(`analysis.categoryHeading.${table.kind}`)}</th>
              {table.audiences.map((audience) => (
                <th scope="col" key={audience}>
                  {columnLabel(audience)}
                </th>
              ))}
              {totalColumn ? <th scope="col">{t("analysis.allAudiences")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {table.categories.map((category, row) => (
              <tr key={category}>
                <th scope="row">{categoryLabel(category)}</th>
                {table.audiences.map((audience, column) => (
                  <td key={audience} className="numeric">
                    {count(table.cells[row]![column]!)}
                  </td>
                ))}
                {totalColumn ? <td className="numeric">{count(rowTotal(row)!)}</td> : null}
              </tr>
            ))}
          </tbody>
          {showTotalRow ? (
            <tfoot>
              <tr>
                <th scope="row">{t("analysis.answeredRow")}</th>
                {table.audiences.map((audience, column) => (
                  <td key={audience} className="numeric">
                    {count(table.byAudience![column]!)}
                  </td>
                ))}
                {totalColumn ? <td className="numeric">{table.total ? count(table.total) : ""}</td> : null}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </TableScroll>
    </div>
  );
}
