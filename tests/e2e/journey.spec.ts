// The participant's e-consent journey end to end, in 日本語, やさしい日本語 and English: accept the clinic's invitation, read every section
// (and the shareable full text), ask the clinic a question, answer a check question wrongly then rightly, choose
// every option, review and change one, sign (a wrong name first), download the PDF and read it, and verify the
// record by its code. axe checks every page. The same walk passes with JavaScript turned off.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { getDatabase } from "../../app/db.server";
import { choiceCatalogue } from "@tsunagi/consent-rules/choice-catalogue";
import { extractPdfText } from "../../app/domain/consent/records/documents/extract-pdf-text.server";
import { offeredChoices } from "@tsunagi/consent-rules/form-content";
import { choiceGroupOf, choiceScreenOf, outlineOf, totalSteps } from "../../app/domain/consent/journey/journey-steps";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { createParticipant } from "../factories/participant-factory";
import { answerAsCoordinator, enrolByClinic, signableVersion } from "./journey-support";
import { createUser, signInAs } from "./support/accounts";
import { onPage, readingsPattern, type Words } from "./support/words";
import { expect, test, type Axe } from "./fixtures";
import { budget } from "./support/budget";
import { textWithoutReadings } from "./support/readings";

type Namespace = "journey" | "common" | "errors" | "documents" | "enrolment";
const strings = Object.fromEntries(
  (["ja", "ja-easy", "en"] as const).map((language) => [
    language,
    Object.fromEntries((["journey", "common", "errors", "documents", "enrolment"] as const).map((namespace) => [namespace, JSON.parse(readFileSync(`locales/${language}/${namespace}.json`, "utf8")) as unknown])),
  ]),
) as Record<SupportedLanguage, Record<Namespace, unknown>>;

/** A string from the locale files, with {{placeholders}} filled in: the test reads what the participant reads. */
function tr(language: SupportedLanguage, path: string, values: Record<string, string | number> = {}): string {
  const [namespace, key] = path.includes(":") ? (path.split(":") as [Namespace, string]) : (["journey", path] as const);
  let node: unknown = strings[language][namespace];
  for (const part of key.split(".")) node = (node as Record<string, unknown>)[part];
  if (typeof node !== "string") throw new Error(`no string ${language}:${path}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
}

/** A string from the locale files as a test finds it on a page in `language` (furigana in やさしい日本語: support/words). */
function seen(language: SupportedLanguage, path: string, values: Record<string, string | number> = {}, options: { exact?: boolean } = {}): Words {
  return onPage(language, tr(language, path, values), options);
}

interface Walk {
  page: Page;
  axe: Axe | null;
  language: SupportedLanguage;
}

async function check(walk: Walk) {
  if (walk.axe) await walk.axe.expectNoAxeViolations(walk.page);
}

/** A choice's fieldset, named by its title (alone on a screen, its legend reads "Your choice: <title>"). */
function choiceGroup(page: Page, language: SupportedLanguage, title: string) {
  const words = language === "ja-easy" ? readingsPattern(title) : title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return page.getByRole("group", { name: new RegExp(`(^|[:：] ?)${words}\\s*$`) });
}

async function expectStep(page: Page, language: SupportedLanguage, n: number, total: number) {
  await expect(page.getByTestId("journey-step")).toHaveText(seen(language, "step", { n, total }));
}

/**
 * The participant's way in: the clinic enrols and invites them; they open the mailed link, confirm the code handed
 * over at the clinic and their birth date, then the code mailed to them, and land on the journey, signed in.
 */
async function acceptInvitation(walk: Walk, person: { fullName: string; invitedIn: SupportedLanguage }): Promise<string> {
  const { page } = walk;
  const language = person.invitedIn;
  const coordinator = await createUser({ role: "coordinator" });
  const email = `invitee-${randomUUID().slice(0, 8)}@test.tsunagi.test`;
  const enrolled = await enrolByClinic({ coordinatorId: coordinator.id, fullName: person.fullName, email, language });
  await page.goto(enrolled.link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(seen(language, "enrolment:invitation.identity.title"));
  await check(walk);
  await page.getByLabel(seen(language, "enrolment:invitation.identity.code", {}, { exact: true }), { exact: true }).fill(enrolled.code);
  await page.getByLabel(seen(language, "enrolment:invitation.identity.year", {}, { exact: true }), { exact: true }).selectOption("1960");
  await page.getByLabel(seen(language, "enrolment:invitation.identity.month", {}, { exact: true }), { exact: true }).selectOption("4");
  await page.getByLabel(seen(language, "enrolment:invitation.identity.day", {}, { exact: true }), { exact: true }).selectOption("1");
  await page.getByRole("button", { name: seen(language, "enrolment:invitation.identity.submit") }).click();
  await expect(page.getByLabel(seen(language, "enrolment:invitation.emailCode.label", {}, { exact: true }), { exact: true })).toBeVisible();
  const [mail] = await listCapturedMail({ to: email, limit: 1 });
  const code = mail!.text.match(/\b(\d{6})\b/)![1]!;
  await page.getByLabel(seen(language, "enrolment:invitation.emailCode.label", {}, { exact: true }), { exact: true }).fill(code);
  await page.getByRole("button", { name: seen(language, "enrolment:invitation.emailCode.submit") }).click();
  await expect(page).toHaveURL(/\/consent\/journey$/);
  return enrolled.participantId;
}

async function walkTheJourney(walk: Walk, fullName: string, participantId: string) {
  const { page, language } = walk;
  const version = await signableVersion();
  const text = version.content.languages[language];
  const outline = outlineOf(version.content);
  const sections = outline.readings.length;
  const questions = version.content.questions;
  const choices = offeredChoices(version.content);
  const total = totalSteps(outline);

  // The form's language follows the page's (set from the invitation); a participant invited in Japanese picks
  // やさしい日本語 for the form on the start page, which switches the pages too.
  if (!page.url().endsWith("/consent/journey")) await page.goto("/consent/journey");
  const pageLanguage = language === "ja-easy" ? "ja" : language;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(seen(pageLanguage, "start.title"));
  await check(walk);
  const languageOption = page.getByRole("radio", { name: seen(language, `common:language.names.${language}`, {}, { exact: true }), exact: true });
  if (language === "ja-easy") await languageOption.check();
  await expect(languageOption).toBeChecked();
  await page.getByRole("button", { name: seen(pageLanguage, "start.begin") }).click();

  // Reading: a section per screen, or a few short ones together under their own headings; "step n of N" on each,
  // and the journey's parts named, with the one under way marked.
  await expect(page).toHaveURL(/\/consent\/journey\/section\/1$/);
  await expect(page.locator("html")).toHaveAttribute("data-language", language);
  for (let n = 1; n <= sections; n++) {
    const { first, last } = outline.readings[n - 1]!;
    if (first === last) await expect(page.getByRole("heading", { level: 1 })).toHaveText(onPage(language, text.sections[first - 1]!.heading, { exact: true }));
    else {
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(seen(language, "section.partsHeading", { first, last, total: text.sections.length }));
      for (const section of text.sections.slice(first - 1, last)) await expect(page.getByRole("heading", { level: 2, name: onPage(language, section.heading) })).toBeVisible();
    }
    await expectStep(page, language, n, total);
    const stages = page.getByTestId("journey-stages");
    for (const stage of ["reading", "check", "choices", "review", "sign"]) await expect(stages).toContainText(seen(language, `stages.${stage}`));
    await expect(stages.locator("[aria-current=step]")).toContainText(seen(language, "stages.reading"));
    await check(walk);
    if (n === 1) {
      // The whole form on one page, to print or send to family: no sign-in needed for it.
      await page.getByRole("link", { name: seen(language, "section.fullForm") }).click();
      await expect(page).toHaveURL(new RegExp(`/consent/form/${version.version.replace(".", "\\.")}\\?lang=${language}$`));
      // In やさしい日本語 the form carries furigana (ADR 037): its words are read without the readings.
      const form = page.locator("article.consent-form");
      await expect.poll(() => textWithoutReadings(form.getByRole("heading", { level: 2 }).first())).toBe(text.title);
      await expect.poll(() => textWithoutReadings(form)).toContain(text.signatureStatement.replace(/\s+/g, " ").trim());
      expect(await form.locator("ruby").count()).toBe(language === "ja-easy" ? await form.locator("rt").count() : 0);
      await expect(page.getByRole("link", { name: seen(language, "form.send") })).toHaveAttribute("href", /^mailto:\?subject=.+&body=.+consent%2Fform%2F/);
      await check(walk);
      await page.goBack();

      // A question for the clinic, asked from the journey; it is answered later.
      await page.getByRole("link", { name: seen(language, "section.ask") }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(seen(language, "questions.title"));
      await check(walk);
      await page.getByLabel(seen(language, "questions.bodyLabel", {}, { exact: true }), { exact: true }).fill("検体はどこに保管されますか？ Where are samples kept?");
      await page.getByRole("button", { name: seen(language, "questions.submit") }).click();
      await expect(page.getByRole("status")).toHaveText(seen(language, "questions.sent"));
      await expect(page.getByTestId("question-list")).toContainText(seen(language, "questions.waiting"));
      await check(walk);
      await page.getByRole("link", { name: seen(language, "questions.back") }).click();
      await expect(page).toHaveURL(/\/consent\/journey\/section\/1$/);
    }
    await page.getByRole("button", { name: seen(language, "section.next") }).click();
  }

  // The comprehension check: one question per screen; a wrong answer shows why and asks again.
  for (const [index, question] of questions.entries()) {
    const n = sections + index + 1;
    const questionText = text.questions[question.id]!;
    await expect(page).toHaveURL(new RegExp(`/consent/journey/check/${index + 1}$`));
    await expectStep(page, language, n, total);
    await expect(page.getByRole("group", { name: onPage(language, questionText.prompt) })).toBeVisible();
    await check(walk);
    if (index === 0) {
      const wrong = question.options.find((option) => option !== question.correctOption)!;
      await page.getByRole("radio", { name: onPage(language, questionText.options[wrong]!, { exact: true }), exact: true }).check();
      await page.getByRole("button", { name: seen(language, "question.answer", {}, { exact: true }), exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/consent/journey/check/1(#answer-again)?$`));
      const explanation = page.getByRole("alert");
      await expect(explanation).toContainText(seen(language, "question.wrong"));
      await expect(explanation).toContainText(onPage(language, questionText.explanation));
      await check(walk);
      await page.getByRole("radio", { name: onPage(language, questionText.options[question.correctOption]!, { exact: true }), exact: true }).check();
      await page.getByRole("button", { name: seen(language, "question.answerAgain") }).click();
    } else {
      await page.getByRole("radio", { name: onPage(language, questionText.options[question.correctOption]!, { exact: true }), exact: true }).check();
      await page.getByRole("button", { name: seen(language, "question.answer", {}, { exact: true }), exact: true }).click();
    }
  }

  // Choices: one screen per group of the catalogue (the four sharing rows together, the recontact topics with their
  // preferences), nothing preselected, every answer the same kind of control.
  const chosen: Record<string, string> = {};
  for (const [index, ids] of outline.choiceScreens.entries()) {
    const n = sections + questions.length + index + 1;
    await expect(page).toHaveURL(new RegExp(`/consent/journey/choice/${index + 1}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(ids.length === 1 ? onPage(language, text.choices[ids[0]!]!.title, { exact: true }) : seen(language, `choice.groups.${choiceGroupOf(ids[0]!)}`));
    await expectStep(page, language, n, total);
    await expect(page.getByTestId("journey-stages").locator("[aria-current=step]")).toContainText(seen(language, "stages.choices"));
    for (const id of ids) {
      const group = choiceGroup(page, language, text.choices[id]!.title);
      const options = choiceCatalogue[id].options as readonly string[];
      for (const option of options) await expect(group.getByRole("radio", { name: onPage(language, text.choices[id]!.options[option]!, { exact: true }), exact: true })).not.toBeChecked();
      // Declining is as easy as accepting: alternate, but core participation must be yes to go on.
      const value = id === "core.wgs" ? "yes" : options[choices.indexOf(id) % options.length]!;
      chosen[id] = value;
      await group.getByRole("radio", { name: onPage(language, text.choices[id]!.options[value]!, { exact: true }), exact: true }).check();
    }
    await check(walk);
    await page.getByRole("button", { name: seen(language, "choice.save") }).click();
  }

  // Review in plain words, with a change link for each choice.
  await expect(page).toHaveURL(/\/consent\/journey\/review$/);
  await expectStep(page, language, total - 1, total);
  const review = page.getByTestId("journey-review");
  for (const id of choices) await expect(review).toContainText(onPage(language, `${text.choices[id]!.title}${text.choices[id]!.options[chosen[id]!]}`));
  await check(walk);
  const changed = "share.industry";
  await page.getByRole("link", { name: seen(language, "review.changeLabel", { title: text.choices[changed]!.title }) }).click();
  // The change link opens the screen of the choice's group, with every saved answer shown as chosen.
  await expect(page).toHaveURL(new RegExp(`/consent/journey/choice/${choiceScreenOf(outline, changed)}\\?from=review$`));
  for (const id of outline.choiceScreens[choiceScreenOf(outline, changed) - 1]!) {
    await expect(choiceGroup(page, language, text.choices[id]!.title).getByRole("radio", { name: onPage(language, text.choices[id]!.options[chosen[id]!]!, { exact: true }), exact: true })).toBeChecked();
  }
  chosen[changed] = chosen[changed] === "yes" ? "no" : "yes";
  await choiceGroup(page, language, text.choices[changed]!.title).getByRole("radio", { name: onPage(language, text.choices[changed]!.options[chosen[changed]!]!, { exact: true }), exact: true }).check();
  await page.getByRole("button", { name: seen(language, "choice.saveReview") }).click();
  await expect(page).toHaveURL(/\/consent\/journey\/review$/);
  await expect(review).toContainText(onPage(language, `${text.choices[changed]!.title}${text.choices[changed]!.options[chosen[changed]!]}`));
  await page.getByRole("link", { name: seen(language, "review.continue") }).click();

  // Sign: the statement on screen; the question still waiting is pointed out, then answered.
  await expect(page).toHaveURL(/\/consent\/journey\/sign$/);
  await expectStep(page, language, total, total);
  await expect(page.getByTestId("signature-statement")).toHaveText(onPage(language, text.signatureStatement, { exact: true }));
  await expect(page.getByTestId("question-waiting")).toContainText(seen(language, "sign.questionWaiting"));
  await check(walk);
  const question = await getDatabase().participantQuestion.findFirstOrThrow({ where: { participantId } });
  const coordinator = await createUser({ role: "coordinator" });
  await answerAsCoordinator(question.id, coordinator.id, "国内のデータセンターで保管します。They are kept in Japan.");
  await page.getByRole("link", { name: seen(language, "sign.seeQuestions") }).click();
  await expect(page.getByTestId("question-answer")).toContainText("They are kept in Japan.");
  await check(walk);
  await page.getByRole("link", { name: seen(language, "questions.back") }).click();
  await expect(page).toHaveURL(/\/consent\/journey\/sign$/);
  await expect(page.getByTestId("question-waiting")).toHaveCount(0);

  await page.getByLabel(seen(language, "sign.nameLabel", {}, { exact: true }), { exact: true }).fill("別人 太郎");
  await page.getByRole("button", { name: seen(language, "sign.submit", {}, { exact: true }), exact: true }).click();
  await expect(page.getByRole("alert").first()).toContainText(seen(language, "errors:name_mismatch"));
  expect(await getDatabase().consentEvent.count({ where: { participantId } })).toBe(0);
  await check(walk);
  await page.getByLabel(seen(language, "sign.nameLabel", {}, { exact: true }), { exact: true }).fill(fullName.replace(" ", "　"));
  await page.getByRole("button", { name: seen(language, "sign.submit", {}, { exact: true }), exact: true }).click();

  // Done: the record's time, once, in Japan time (issue 11: no UTC beside it for a participant), its verification
  // code, the PDF copy.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(seen(language, "done.title"));
  const event = await getDatabase().consentEvent.findFirstOrThrow({ where: { participantId } });
  expect(event.choices).toEqual(chosen);
  await expect(page.getByTestId("verification-code")).toHaveText(event.verificationCode);
  await expect(page.getByTestId("signed-at").locator("time")).toHaveAttribute("datetime", event.occurredAt.toISOString());
  await expect(page.getByTestId("signed-at")).not.toContainText("UTC");
  await expect(page.getByText(seen(language, "done.emailed"))).toBeVisible();
  await check(walk);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: seen(language, "done.download") }).click()]);
  const pdf = await readFile((await download.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const pdfText = (await extractPdfText(new Uint8Array(pdf))).replace(/\s+/g, "");
  const squeeze = (value: string) => value.replace(/\s+/g, "");
  expect(pdfText).toContain(squeeze(fullName));
  expect(pdfText).toContain(event.verificationCode);
  expect(pdfText).toContain(version.contentHash!);
  // The signing time in Japan time only (issue 11), the zone named in the copy's language.
  const jst = new Date(event.occurredAt.getTime() + 9 * 3600_000).toISOString();
  expect(pdfText).toContain(squeeze(tr(language, "documents:labels.jst")));
  expect(pdfText).toContain(jst.slice(11, 19));
  expect(pdfText).not.toContain("UTC");
  for (const id of choices) expect(pdfText).toContain(squeeze(text.choices[id]!.options[chosen[id]!]!));

  // Anyone can check the record by its code.
  await page.getByRole("link", { name: seen(language, "done.verify") }).click();
  await expect(page).toHaveURL(new RegExp(`/verify\\?code=${event.verificationCode}`));
  await expect(page.getByTestId("verify-result")).toHaveAttribute("data-result", "intact");
  await check(walk);
}

for (const language of ["ja", "ja-easy", "en"] as const) {
  test(`[participant] accepts the invitation and gives consent online, to the PDF and its verification (${language})`, async ({ page, axe }) => {
    test.setTimeout(budget(240_000));
    const walk = { page, axe, language };
    const fullName = language === "en" ? "Hanako Yamada" : "招待 花子";
    const participantId = await acceptInvitation(walk, { fullName, invitedIn: language === "ja-easy" ? "ja" : language });
    await walkTheJourney(walk, fullName, participantId);
  });
}

test.describe("without JavaScript", () => {
  // axe runs inside the page, so it cannot run here; the same pages are scanned with JavaScript on above.
  test.use({ javaScriptEnabled: false });

  test("[participant] gives consent online with JavaScript disabled", async ({ page, context }) => {
    test.setTimeout(budget(240_000));
    const participant = await createParticipant({ fullName: "佐藤 優" });
    await signInAs(context, participant.user!);
    await walkTheJourney({ page, axe: null, language: "ja" }, participant.fullName, participant.id);
  });
});
