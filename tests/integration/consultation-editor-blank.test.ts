// Issue 55 defect 1: the new-consultation page saved blank answered 500 without JavaScript ("問題が発生しました" with
// it): Conform's reply holds a blank question's option slots as nulls, and the editor read `option.id` on them. Through
// the real app server, as a browser without JavaScript posts the page's own blank form, in each language: the page
// comes back with each required field's message in that language, and no consultation is written.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { translator } from "../../app/i18n/i18n";
import { supportedLanguages } from "../../app/i18n/languages";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { cookieFor } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

/** Every field of the blank page as the browser posts it: empty texts, the empty question slot, its two empty options. */
function blankForm(): URLSearchParams {
  const body = new URLSearchParams();
  const languages = ["ja", "ja-easy", "en"];
  for (const base of ["title", "summary"]) for (const language of languages) body.append(`${base}.${language}`, "");
  body.append("opensAt", "");
  body.append("closesAt", "");
  body.append("questions[0].kind", "");
  for (const language of languages) body.append(`questions[0].prompt.${language}`, "");
  for (const option of [0, 1]) {
    body.append(`questions[0].options[${option}].id`, "");
    for (const language of languages) body.append(`questions[0].options[${option}].label.${language}`, "");
  }
  body.append("questions[0].maxLength", "");
  body.append("intent", "save");
  return body;
}

const decode = (html: string) => html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

/** The words of a field's message as a reader sees them (やさしい日本語 pages carry furigana: the readings left out). */
function messageOf(html: string, field: string): string | undefined {
  const inner = new RegExp(`id="f-${field}-error" role="alert">(.*?)</p>`).exec(html)?.[1];
  return inner === undefined ? undefined : decode(inner.replace(/<rt[^>]*>.*?<\/rt>|<rp[^>]*>.*?<\/rp>/g, "").replace(/<[^>]+>/g, ""));
}

describe("the new consultation saved blank", () => {
  it.each(supportedLanguages)("[elsi_staff] in %s: the page again, each required field's message, nothing written", async (language) => {
    const cookie = await cookieFor(await createUser({ role: "elsi_staff" }), language);
    const before = await getDatabase().consultation.count();
    const response = await fetch(`${app.origin}/staff/consultations/new`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin", Cookie: cookie },
      body: blankForm(),
      redirect: "manual",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    const t = translator(language, "errors");
    // Who it asks, and when it opens and closes: the three things a draft cannot be saved without.
    expect(messageOf(html, "audiences")).toBe(t("field.chooseAtLeast", { min: 1 }));
    expect(messageOf(html, "opensAt")).toBe(t("field.required"));
    expect(messageOf(html, "closesAt")).toBe(t("field.required"));
    // One empty question slot is shown, as on the blank page, not the posted one and another.
    expect(html.match(/data-testid="question-\d+"/g)).toEqual(['data-testid="question-1"']);
    expect(await getDatabase().consultation.count()).toBe(before);
  });
});
