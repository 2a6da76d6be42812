import { I18nextProvider } from "react-i18next";
import { renderToStaticMarkup } from "react-dom/server";
import { FuriganaReaderProvider, FuriganaScope } from "@tsunagi/furigana-jsx/furigana";
import { beforeAll, describe, expect, it } from "vitest";
import { loadReadingAnalyser } from "../../domain/text/furigana/reading-analyser.server";
import { createServerPageReadings } from "../../rendering/page-readings.server";
import type { Figure } from "../../domain/transparency/snapshot/snapshot-figures";
import { createI18n } from "../../i18n/i18n";
import { supportedLanguages } from "../../i18n/languages";
import { FigureView } from "./figure-view";

/**
 * Issue 29 item 4, a transparency figure on a phone. What a reader notices, rendered as the server sends it:
 * - a figure whose every count is "<10" or withheld draws no empty frame: it says in words that there is nothing to draw;
 * - otherwise the bars in HTML are there beside the wide SVG chart (CSS shows one per width), each column's label and
 *   each count written as text, "<10" included, and no bar drawn for a count the table does not print;
 * - on a やさしい日本語 page only the HTML bars are drawn, so their labels can carry furigana (SVG text cannot);
 * - nothing carries a style attribute, which the strict CSP would refuse.
 */
function figure(cells: Figure["table"]["cells"]): Figure {
  return {
    id: "consent-choices",
    unit: "participants",
    rowDimension: "answer",
    columnDimension: "choice",
    chart: "grouped-bars",
    table: { rows: ["yes", "no"], columns: ["return.primary", "share.academia"], cells, rowTotals: null, columnTotals: null, total: null },
    disclosure: "protected",
  };
}
const someCounts = figure([
  [{ kind: "count", value: 120 }, { kind: "small" }],
  [{ kind: "count", value: 30 }, { kind: "withheld" }],
]);
const nothingPublishable = figure([
  [{ kind: "small" }, { kind: "small" }],
  [{ kind: "withheld" }, { kind: "count", value: 0 }],
]);

beforeAll(async () => {
  await loadReadingAnalyser();
}, 30_000);

/** As a page renders it: furigana drawn on やさしい日本語 pages only (entry.server.tsx). */
function render(language: string, shown: Figure): string {
  return renderToStaticMarkup(
    <FuriganaReaderProvider value={createServerPageReadings().reader}>
      <FuriganaScope annotate={language === "ja-easy"}>
        <I18nextProvider i18n={createI18n(language as never)}>
          <FigureView figure={shown} />
        </I18nextProvider>
      </FuriganaScope>
    </FuriganaReaderProvider>,
  );
}
const text = (html: string) => html.replace(/<rt[^>]*>[^<]*<\/rt>/g, "").replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

describe.each(supportedLanguages)("a transparency figure in %s", (language) => {
  const i18n = createI18n(language as never);
  beforeAll(() => i18n.loadNamespaces(["figures", "transparency"]));
  const t = (key: string) => i18n.t(key);

  it("says in words that there is nothing to draw when every count is below 10 or withheld", () => {
    const html = render(language, nothingPublishable);
    expect(html).toContain('data-chart="none"');
    expect(text(html)).toContain(text(t("transparency:figure.nothingToDraw")));
    expect(html).not.toContain('role="img"');
    expect(html).not.toContain("<svg");
  });

  it("writes every label and count of the bars as text, and draws no bar for a count it does not print", () => {
    const html = render(language, someCounts);
    const bars = html.slice(html.indexOf('data-chart="bars"'), html.indexOf("<table"));
    for (const column of ["return.primary", "share.academia"]) expect(text(bars)).toContain(text(t(`figures:dimensions.choice.${column}`)));
    for (const row of ["yes", "no"]) expect(text(bars)).toContain(text(t(`figures:dimensions.answer.${row}`)));
    expect(text(bars)).toContain("120");
    expect(text(bars)).toContain("<10");
    expect(text(bars)).toContain(text(t("transparency:figure.withheld")));
    // Two counts are drawn (120, 30); the track under each of the four is drawn too.
    expect(bars.match(/<rect/g)).toHaveLength(4 + 2);
    expect(bars).toContain('width="100.00"');
    expect(bars).toContain('width="25.00"');
    expect(html).not.toMatch(/\sstyle=/);
  });

  it(language === "ja-easy" ? "draws only the HTML bars, whose labels carry furigana" : "draws the wide SVG chart for wide screens beside the bars for phones", () => {
    const html = render(language, someCounts);
    if (language === "ja-easy") {
      expect(html).not.toContain("figure-chart__svg");
      expect(html).toContain("figure-bars--always");
      expect(html.slice(html.indexOf('data-chart="bars"'), html.indexOf("<table"))).toContain("<ruby");
    } else {
      expect(html).toContain("figure-chart__svg");
      expect(html).toContain("figure-bars--narrow");
    }
  });
});

describe("a figure with a goal (issue 57: cases registered in studies)", () => {
  const registration: Figure = {
    id: "study-registration",
    unit: "participants",
    rowDimension: "registration",
    columnDimension: "cohort",
    chart: "stacked-bars",
    table: {
      rows: ["registered", "not_registered"],
      columns: ["cancer", "rare_disease"],
      cells: [
        [{ kind: "count", value: 30 }, { kind: "small" }],
        [{ kind: "count", value: 90 }, { kind: "count", value: 40 }],
      ],
      rowTotals: null,
      columnTotals: null,
      total: null,
    },
    disclosure: "protected",
    target: { row: "registered", share: 0.5 },
  };

  it("says each programme's share beside the goal, and where a count under 10 hides it, that it cannot be worked out", () => {
    const said = text(render("en", registration));
    expect(said).toContain("Cancer: 25% registered in studies, against the programme's goal of 50%.");
    expect(said).toContain("Rare disease: the share registered in studies cannot be worked out from counts under 10 (the programme's goal is 50%).");
    expect(text(render("ja", registration))).toContain("がん：研究に登録された症例は25%です（計画の目標は50%）。");
  });
});

describe("every figure's words", () => {
  it("name each figure's row dimension in the table's header, in every language: no key shows through", async () => {
    const { dimensions } = await import("../../domain/transparency/snapshot/snapshot-figures");
    for (const language of supportedLanguages) {
      const i18n = createI18n(language as never);
      await i18n.loadNamespaces(["transparency"]);
      for (const dimension of dimensions) expect(i18n.exists(`transparency:dimension.${dimension}`), `${language}: transparency:dimension.${dimension}`).toBe(true);
    }
  });

  it("name a facility's statement by the facility's name in the reader's language and the statement's words", () => {
    const experience: Figure = {
      id: "consent-experience",
      unit: "answers",
      rowDimension: "surveyBand",
      columnDimension: "facilityQuestion",
      chart: "stacked-bars",
      table: { rows: ["agree", "neither", "disagree"], columns: ["H01:freeToDecline"], cells: [[{ kind: "count", value: 14 }], [{ kind: "small" }], [{ kind: "small" }]], rowTotals: null, columnTotals: [{ kind: "count", value: 17 }], total: null },
      disclosure: "protected",
      keyNames: { H01: { ja: "つなぎ病院", en: "Tsunagi Hospital" } },
    };
    const en = text(render("en", experience));
    expect(en).toContain("Tsunagi Hospital: felt free to say no");
    expect(en).not.toContain("dimension.");
    expect(text(render("ja", experience))).toContain("つなぎ病院：断ってもよいと感じられた");
  });
});
