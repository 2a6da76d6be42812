// The consent journey on a phone (issue 11, "also deliver"): a participant walks the whole journey on a 390 × 844
// screen in 日本語, やさしい日本語 and English, and the walk records how many screens it took and how tall they were
// altogether (printed as annotations: figures, never a timed assertion). Every section title, check question and
// choice of the form must have appeared on some screen, and the journey must take fewer than 25 screens. axe runs
// on every screen with JavaScript on; the same walk runs with JavaScript off.
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { getDatabase } from "../../app/db.server";
import { choiceCatalogue, type ChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import { offeredChoices } from "@tsunagi/consent-rules/form-content";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { languageCookie } from "../../app/i18n/language.server";
import { createParticipant } from "../factories/participant-factory";
import { signableVersion } from "./journey-support";
import { signInAs } from "./support/accounts";
import { e2eBaseUrl } from "./support/e2e-env";
import { onPage, readingsPattern } from "./support/words";
import { textWithoutReadings } from "./support/readings";
import { expect, test, type Axe } from "./fixtures";
import { budget } from "./support/budget";
import { phone } from "./support/viewports";

test.use({ viewport: phone });

const journeyStrings = Object.fromEntries(
  (["ja", "ja-easy", "en"] as const).map((language) => [language, JSON.parse(readFileSync(`locales/${language}/journey.json`, "utf8")) as Record<string, Record<string, string>>]),
) as Record<SupportedLanguage, Record<string, Record<string, string>>>;

/** The answer each kind of choice gets on this walk: decline where declining is allowed, so both answers are tried. */
function answerFor(id: ChoiceId, index: number): string {
  if (id === "core.wgs") return "yes";
  const options = choiceCatalogue[id].options as readonly string[];
  return options[index % options.length]!;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface Measured {
  screens: number;
  scrollHeight: number;
  /** The height of the page's main content alone, leaving out the site's header and footer. */
  mainHeight: number;
  perScreen: { path: string; height: number; main: number }[];
}

async function setLanguage(page: Page, language: SupportedLanguage) {
  const [pair] = (await languageCookie.serialize(language)).split(";");
  const separator = pair!.indexOf("=");
  await page.context().addCookies([{ name: pair!.slice(0, separator), value: pair!.slice(separator + 1), url: e2eBaseUrl, httpOnly: true, sameSite: "Lax" }]);
}

/**
 * Walks from the first screen after "Start" to the signature, answering whatever each screen asks: the correct
 * answer to a check question, an answer for every choice, the typed name on the sign screen. Knows nothing of how
 * the screens are grouped, so it measures any layout of the journey.
 */
async function walkAndMeasure(page: Page, axe: Axe | null, language: SupportedLanguage, fullName: string, participantId: string): Promise<Measured> {
  const version = await signableVersion();
  const text = version.content.languages[language];
  const choices = offeredChoices(version.content);
  const seen: string[] = [];
  const perScreen: Measured["perScreen"] = [];
  const axeDone = new Set<string>();

  await page.goto("/consent/journey");
  await page.locator("form.panel").getByRole("radio", { name: new RegExp(language === "ja-easy" ? "やさしい" : language === "en" ? "English" : "^日本語") }).check();
  await page.locator("form.panel button[type=submit]").click();

  for (let guard = 0; guard < 60; guard++) {
    // Measured once the whole page has arrived (it is streamed: the heading shows before the rest).
    await page.waitForLoadState("load");
    await expect(page.locator("h1")).toBeVisible();
    const path = new URL(page.url()).pathname;
    if (/\/done\//.test(path) || /\/assent\//.test(path)) break;
    await expect(page.locator(".journey-nav").first()).toBeAttached();
    expect(path, "the walk stays on the journey's numbered screens").toMatch(/\/consent\/journey\/(section|check|choice|review|sign)/);
    const [height, main] = await page.evaluate(() => [document.documentElement.scrollHeight, Math.round(document.querySelector("main")!.getBoundingClientRect().height)]);
    perScreen.push({ path, height: height!, main: main! });
    seen.push(await textWithoutReadings(page.locator("main")));
    const kind = path.split("/")[3]!;
    // Each kind of screen once: a section alone or several together, a choice alone or a group of them.
    const screenType = `${kind} ${await page.locator("main h2").count() > 0 ? "grouped" : "single"} ${await page.locator("main fieldset").count() > 1 ? "rows" : "one"}`;
    if (axe && !axeDone.has(screenType)) {
      await axe.expectNoAxeViolations(page);
      axeDone.add(screenType);
    }

    if (kind === "check") {
      const prompt = await textWithoutReadings(page.locator("fieldset legend").first());
      const question = version.content.questions.find((candidate) => text.questions[candidate.id]!.prompt.replace(/\s+/g, " ").trim() === prompt)!;
      await page.getByRole("radio", { name: onPage(language, text.questions[question.id]!.options[question.correctOption]!, { exact: true }), exact: true }).check();
    } else if (kind === "choice") {
      // Every choice on the screen is a group named by its title; answer each one.
      for (const [index, id] of choices.entries()) {
        const group = page.getByRole("group", { name: new RegExp(`(^|[:：] ?)${language === "ja-easy" ? readingsPattern(text.choices[id]!.title) : escapeRegExp(text.choices[id]!.title)}\\s*$`) });
        if ((await group.count()) === 0) continue;
        await group.first().getByRole("radio", { name: onPage(language, text.choices[id]!.options[answerFor(id, index)]!, { exact: true }), exact: true }).check();
      }
    } else if (kind === "sign") {
      await page.getByLabel(onPage(language, journeyStrings[language].sign!.nameLabel!, { exact: true }), { exact: true }).fill(fullName);
    }
    await page.locator(".journey-nav .button").first().click();
    // Every answer given here is right, so each screen leads on to another.
    await page.waitForURL((url) => url.pathname !== path);
  }

  const all = seen.join("\n");
  for (const section of text.sections) expect(all, `section "${section.heading}" shown`).toContain(section.heading);
  for (const question of version.content.questions) expect(all, `question ${question.id} shown`).toContain(text.questions[question.id]!.prompt);
  for (const id of choices) {
    expect(all, `choice ${id} shown`).toContain(text.choices[id]!.title);
    for (const label of Object.values(text.choices[id]!.options)) expect(all, `option ${label} of ${id} shown`).toContain(label);
  }
  const event = await getDatabase().consentEvent.findFirstOrThrow({ where: { participantId } });
  expect(event.choices).toEqual(Object.fromEntries(choices.map((id, index) => [id, answerFor(id, index)])));
  // Screens are the distinct numbered steps (a check answered wrongly and again is still one screen).
  const screens = new Set(perScreen.map((screen) => screen.path)).size;
  const distinct = [...new Map(perScreen.map((screen) => [screen.path, screen])).values()];
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return { screens, scrollHeight: sum(distinct.map((screen) => screen.height)), mainHeight: sum(distinct.map((screen) => screen.main)), perScreen };
}

function report(language: SupportedLanguage, javaScript: boolean, measured: Measured) {
  const line = `${language}${javaScript ? "" : " (JavaScript off)"}: ${measured.screens} screens, total scroll height ${measured.scrollHeight} px (main content ${measured.mainHeight} px) at 390 × 844`;
  test.info().annotations.push({ type: "journey-measure", description: line });
  test.info().annotations.push({ type: "journey-screens", description: measured.perScreen.map((screen) => `${screen.path.replace("/consent/journey/", "")} ${screen.height}`).join(", ") });
  console.log(`[journey-measure] ${line}`);
}

for (const language of ["ja", "ja-easy", "en"] as const) {
  test(`[participant] walks the whole journey on a phone and every part of the form appears (${language})`, async ({ page, context, axe }) => {
    test.setTimeout(budget(240_000));
    const participant = await createParticipant({ fullName: language === "en" ? "Aki Mori" : "森 秋子" });
    await signInAs(context, participant.user!);
    await setLanguage(page, language);
    const measured = await walkAndMeasure(page, axe, language, participant.fullName, participant.id);
    report(language, true, measured);
    expect(measured.screens).toBeLessThan(25);
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("[participant] walks the whole journey on a phone with JavaScript off (en)", async ({ page, context }) => {
    test.setTimeout(budget(240_000));
    const participant = await createParticipant({ fullName: "Ren Sato" });
    await signInAs(context, participant.user!);
    await setLanguage(page, "en");
    const measured = await walkAndMeasure(page, null, "en", participant.fullName, participant.id);
    report("en", false, measured);
    expect(measured.screens).toBeLessThan(25);
  });
});
