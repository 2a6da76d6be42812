// The layout check's own test (layout-check.ts; issue 55 Deliver 4): on small pages made for it, it catches the fault
// it was written for — a やさしい日本語 title whose <ruby> became flex items, one character a line — and sideways
// overflow, and it passes the same words laid out as a block, a table that scrolls inside its wrapper, a visually
// hidden label and a short number in a narrow cell.
import { expect, test } from "./fixtures";
import { layoutProblems } from "./layout-check";
import { phone } from "./support/viewports";

test.use({ viewport: phone });

const title = "<ruby>説明<rt>せつめい</rt></ruby>を<ruby>全部<rt>ぜんぶ</rt></ruby>1つの ページで <ruby>読<rt>よ</rt></ruby>む";
const page = (body: string) => `<!doctype html><html lang="ja"><head><title>t</title><style>
  body { margin: 0; font-size: 18px; } main { padding: 1rem; }
  .flex-title { display: inline-flex; align-items: center; min-height: 44px; }
  .block-title { display: block; align-content: center; min-height: 44px; }
  .wrapper { overflow-x: auto; } table { border-collapse: collapse; } td { padding: 0.25rem; white-space: nowrap; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style></head><body><main>${body}</main></body></html>`;

test("a ruby title laid out as a flex container falls into one-character columns, and the check says where", async ({ page: tab }) => {
  // Many titles side by side, as in a list that squeezes them (the collapse on /updates in やさしい日本語).
  await tab.setContent(page(`<p><a class="flex-title" href="#a">${title}${title}${title}${title}</a></p>`));
  const problems = await layoutProblems(tab);
  expect(problems.map((problem) => problem.kind)).toContain("collapsed-text");
  expect(problems.find((problem) => problem.kind === "collapsed-text")?.element).toMatch(/a\.flex-title/);
});

test("the same title as a block, a table scrolling in its wrapper, a hidden label and a short number pass", async ({ page: tab }) => {
  await tab.setContent(
    page(`<p><a class="block-title" href="#a">${title}${title}${title}${title}</a></p>
      <div class="wrapper"><table><tr><td>wgs-demo-2026-11-28-release-with-a-long-name</td><td>2026-11-28 06:47 UTC</td></tr></table></div>
      <span class="visually-hidden">言語を選ぶ</span>
      <table><tr><td style="width: 1.2em">12</td><td>件</td></tr></table>`),
  );
  expect(await layoutProblems(tab)).toEqual([]);
});

test("a box wider than the phone, outside a scrolling wrapper, overflows the page", async ({ page: tab }) => {
  await tab.setContent(page(`<table><tr><td>wgs-demo-2026-11-28-release-with-a-long-name</td><td>2026-11-28 06:47 UTC</td></tr></table>`));
  const problems = await layoutProblems(tab);
  expect(problems.map((problem) => problem.kind).sort()).toEqual(["document-overflow", "element-overflow"]);
  expect(problems.find((problem) => problem.kind === "element-overflow")?.element).toMatch(/^main > table/);
});
