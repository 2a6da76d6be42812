// The accessibility check every browser test calls (fixtures.ts: expectNoAxeViolations) runs axe.run inside the page
// instead of @axe-core/playwright's AxeBuilder, which is four times dearer (issue 26). This file holds the two to the
// same verdicts: on a page built to break several WCAG rules, and with the options tests pass (include, exclude,
// disabled rules), the in-page scan reports exactly the rules and elements AxeBuilder reports; and a page that breaks
// a rule fails the check with a message that names it.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { axeTags, contrastRule, expect, expectNoAxeViolations, scanInPage, test, type AxeCheckOptions } from "./fixtures";

// A page without a language, with an image without text, an unlabelled input, a button without a name, pale text,
// a list holding a paragraph and links too small to tap: seven rules, none of them from the same family.
const brokenPage = `<!doctype html><html><head><title>t</title></head><body>
  <div id="gallery"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10"></div>
  <form id="form"><input type="text" name="q"><button type="submit"></button></form>
  <p id="pale" style="color:#bbb;background:#fff">Pale words on white.</p>
  <ul id="list"><p>Not a list item.</p></ul>
  <a href="#a">one</a><a href="#b">two</a>
</body></html>`;

async function builderVerdicts(page: Page, options: AxeCheckOptions = {}) {
  let builder = new AxeBuilder({ page }).withTags([...axeTags]);
  for (const selector of options.include ?? []) builder = builder.include(selector);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  const { violations } = await builder.analyze();
  return violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).sort().join(", ")}`).sort();
}

async function inPageVerdicts(page: Page, options: AxeCheckOptions = {}) {
  const violations = await scanInPage(page, options);
  return violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).sort().join(", ")}`).sort();
}

test("the in-page scan reports what AxeBuilder reports, with and without options", async ({ page }) => {
  await page.setContent(brokenPage);
  const all = await builderVerdicts(page);
  // The page really breaks several rules, so agreeing is not agreeing on nothing.
  expect(all.length).toBeGreaterThanOrEqual(5);
  expect(all.join("\n")).toMatch(/image-alt: img\b/);
  expect(all.join("\n")).toMatch(/color-contrast: #pale/);
  expect(await inPageVerdicts(page)).toEqual(all);
  for (const options of [{ include: ["#form"] }, { exclude: ["#gallery", "#pale"] }, { disableRules: ["color-contrast", "list"] }] satisfies AxeCheckOptions[]) {
    const expected = await builderVerdicts(page, options);
    expect(expected, JSON.stringify(options)).not.toEqual(all);
    expect(await inPageVerdicts(page, options), JSON.stringify(options)).toEqual(expected);
  }
  // A second scan of the same page reuses the axe it injected and still agrees.
  expect(await inPageVerdicts(page)).toEqual(all);
});

test("a page that breaks a rule fails the check, naming the rule and the element", async ({ page }) => {
  await page.setContent(brokenPage);
  const failure = await expectNoAxeViolations(page).then(
    () => null,
    (error: Error) => error.message,
  );
  expect(failure).toMatch(/axe found accessibility violations/);
  expect(failure).toMatch(/\[critical\] image-alt: Images must have alternative text/);
  expect(failure).toMatch(/\n {6}img\n/);
  // Without the broken parts the same check passes.
  await expectNoAxeViolations(page, { include: ["#pale"], disableRules: ["color-contrast"] });
});

// The contrast rule is left out of a scan only when every text on the page wears a style an earlier scan judged and
// passed (ADR 135). Colours no other test uses, so what this worker learnt before does not decide here.
const styledPage = (extra = "") => `<!doctype html><html lang="en"><head><title>t</title></head><body style="background:#fff">
  <main><h1 style="color:rgb(17, 34, 51)">A heading</h1><p style="color:rgb(18, 35, 52)">Words in a dark colour.</p>${extra}</main>
</body></html>`;

test("the contrast rule is left out only where every text's style has passed it, and a new or overlaid style is judged", async ({ page }) => {
  await page.setContent(styledPage());
  const before = { ...contrastRule };
  await expectNoAxeViolations(page);
  expect(contrastRule.sampled, "styles never judged: the rule judges a text of each").toBe(before.sampled + 1);
  await expectNoAxeViolations(page);
  expect(contrastRule.leftOut, "the same styles again: the rule is left out").toBe(before.leftOut + 1);

  // A pale style no scan has passed: the rule judges it and fails it.
  await page.setContent(styledPage(`<p id="pale" style="color:#bbb">Pale words.</p>`));
  const pale = await expectNoAxeViolations(page).then(() => "", (error: Error) => error.message);
  expect(pale).toMatch(/color-contrast:[\s\S]*\n {6}#pale\n/);

  // Furigana are aria-hidden, and judged all the same (contrast is what a sighted reader sees): a pale reading fails,
  // a readable one is learnt, and the next scan of the page leaves the rule out (ADR 172).
  const ruby = (colour: string) => `<p style="color:rgb(19, 36, 53)">Words <ruby>漢字<rt id="reading" aria-hidden="true" style="color:${colour}">かんじ</rt></ruby> and more.</p>`;
  await page.setContent(styledPage(ruby("#c4c4c4")));
  const paleReading = await expectNoAxeViolations(page).then(() => "", (error: Error) => error.message);
  expect(paleReading).toMatch(/color-contrast:[\s\S]*#reading/);
  await page.setContent(styledPage(ruby("rgb(20, 37, 54)")));
  await expectNoAxeViolations(page);
  const leftOutBefore = contrastRule.leftOut;
  await expectNoAxeViolations(page);
  expect(contrastRule.leftOut, "a page of readings passed before: the rule is left out").toBe(leftOutBefore + 1);

  // One text of a style is judged for all of it: forty paragraphs of a new style, then one of them made pale (a style
  // of its own, so judged and failed wherever it stands among them).
  const many = (pale: number) =>
    Array.from({ length: 40 }, (_, index) => `<p ${index === pale ? 'id="late" style="color:#bdbdbd"' : 'style="color:rgb(21, 38, 55)"'}>Paragraph ${index}.</p>`).join("");
  const sampledBefore = contrastRule.sampled;
  await page.setContent(styledPage(many(-1)));
  await expectNoAxeViolations(page);
  expect(contrastRule.sampled).toBe(sampledBefore + 1);
  await page.setContent(styledPage(many(33)));
  const late = await expectNoAxeViolations(page).then(() => "", (error: Error) => error.message);
  expect(late).toMatch(/color-contrast:[\s\S]*\n {6}#late\n/);

  // Passed styles, but a positioned dark box behind the text: what shows behind it is not the page's white, so the rule
  // runs, and fails the text it makes unreadable.
  await page.setContent(styledPage(`<div id="box" style="position:absolute;z-index:-1;top:0;left:0;width:100%;height:20rem;background:rgb(20, 20, 20)"></div>`));
  const runsBefore = contrastRule.run;
  const overlaid = await expectNoAxeViolations(page).then(() => "", (error: Error) => error.message);
  expect(contrastRule.run).toBe(runsBefore + 1);
  expect(overlaid).toMatch(/color-contrast/);
});
