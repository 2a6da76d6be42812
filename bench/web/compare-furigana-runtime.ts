/**
 * What the furigana JSX runtime (ADR 037) costs a page, side by side in one process: the same page-like tree built
 * and rendered to HTML (a) with React's own JSX runtime, (b) with @tsunagi/furigana-jsx on a 日本語 page (no reader:
 * each kanji-bearing string becomes a <Furigana> that returns it), and (c) on a やさしい日本語 page (reader and scope:
 * ruby from the analyser's cached readings, every text recorded for the page's map). Rounds alternate so the
 * machine's noise falls on all three alike. The tree: 60 rows, each a heading, a paragraph, a link, a date and a
 * button — 300 host elements with text, 240 of them holding kanji, about what /consent renders.
 */
import { renderToString } from "react-dom/server";
import type { ReactElement } from "react";
import * as reactRuntime from "react/jsx-runtime";
import * as furiganaRuntime from "@tsunagi/furigana-jsx/jsx-runtime";
import { FuriganaReaderProvider, FuriganaScope } from "@tsunagi/furigana-jsx/furigana";
import { loadReadingAnalyser } from "../../app/domain/text/furigana/reading-analyser.server";
import { createServerPageReadings } from "../../app/rendering/page-readings.server";
import { line, ms } from "../bridge/figures";
import { sized } from "../smoke";

type Runtime = { jsx: (type: never, props: unknown, key?: string) => ReactElement; jsxs: (type: never, props: unknown, key?: string) => ReactElement };

const ROWS = 60;
const WARM_UP = sized(200, 5);
const ROUNDS = sized(10, 1);
const PER_ROUND = sized(100, 5);

function page(runtime: Runtime): ReactElement {
  const { jsx, jsxs } = runtime as unknown as { jsx: (type: unknown, props: unknown, key?: string) => ReactElement; jsxs: (type: unknown, props: unknown, key?: string) => ReactElement };
  const rows = Array.from({ length: ROWS }, (_, index) =>
    jsxs(
      "section",
      {
        children: [
          jsx("h2", { children: `選んだ ことを 変える (${index})` }),
          jsx("p", { children: "あなたの 同意は 今も 有効です。いつでも 変える ことが できます。" }),
          jsx("a", { href: `/consent/change/${index}`, children: "同意の ページを 開く" }),
          jsx("time", { dateTime: "2026-11-23T12:05:00Z", children: "2026年11月23日 21:05" }),
          jsx("button", { type: "submit", children: index % 4 === 0 ? "Next" : "決める" }),
        ],
      },
      String(index),
    ),
  );
  return jsx("main", { children: rows });
}

function renderPlain(runtime: Runtime): number {
  return renderToString(page(runtime)).length;
}

function renderEasy(): number {
  const readings = createServerPageReadings();
  const html = renderToString(
    reactRuntime.jsx(FuriganaReaderProvider, { value: readings.reader, children: reactRuntime.jsx(FuriganaScope, { annotate: true, children: page(furiganaRuntime as unknown as Runtime) }) }),
  );
  return html.length + readings.scriptTag("").length;
}

function timeRound(run: () => number, iterations: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function compareFuriganaRuntime(): Promise<void> {
  await loadReadingAnalyser();
  const candidates = [
    { label: "React's JSX runtime", run: () => renderPlain(reactRuntime as unknown as Runtime) },
    { label: "furigana runtime, 日本語 page", run: () => renderPlain(furiganaRuntime as unknown as Runtime) },
    { label: "furigana runtime, やさしい日本語 page", run: renderEasy },
  ];
  for (const candidate of candidates) timeRound(candidate.run, WARM_UP); // warm-up: JIT, and the analyser's cache for (c)
  const samples = candidates.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    candidates.forEach((candidate, index) => samples[index]!.push(...timeRound(candidate.run, PER_ROUND)));
  }
  const base = median(samples[0]!);
  console.log(`\nThe furigana JSX runtime (ADR 037): one page-like tree (${ROWS * 5} host elements with text, ${ROWS * 4} with kanji) built and rendered to HTML, ${ROUNDS} alternating rounds of ${PER_ROUND}`);
  candidates.forEach((candidate, index) => {
    const value = median(samples[index]!);
    const bytes = candidate.run();
    const ratio = index === 0 ? "" : `  ratio to React's ${(value / base).toFixed(2)}`;
    console.log(line(`   ${candidate.label}`, `${ms(value, 3)} a page (median), ${bytes.toLocaleString("en-US")} bytes${ratio}`));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await compareFuriganaRuntime();
