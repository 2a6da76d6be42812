// @vitest-environment node
import { describe, expect, it } from "vitest";
import { supportedLanguages } from "../../app/i18n/languages";
import { renderEmail } from "../render.server";
import { consentNoticeKindsAboutAPerson } from "./consent-notice";

const appUrl = "https://tsunagi.example.jp";
const url = `${appUrl}/consent`;

/**
 * ADR 119: a proxy (代諾者) is told about the person they act for, by name — "Consent for Sakura has been recorded" —
 * never "your consent"; the participant's own copy still speaks to them. Greeting and footer address the reader.
 */
describe.each(supportedLanguages)("the consent notice a proxy receives (%s)", (language) => {
  const child = language === "en" ? "Sakura Yamada" : "山田 さくら";
  const secondPerson = language === "en" ? /\b(your|yours|yourself)\b/i : /あなたの|あなた自身/;

  it.each(consentNoticeKindsAboutAPerson)("%s names the child and never says 'your' of them", async (kind) => {
    const email = await renderEmail("consent-notice", { kind, name: "山田 花子", about: child, url }, { language, appUrl });
    const own = await renderEmail("consent-notice", { kind, name: "山田 さくら", url }, { language, appUrl });
    expect(email.subject).toContain(child);
    expect(email.text).toContain(child);
    expect(email.subject).not.toMatch(secondPerson);
    // What the rule words (subject, preview, heading, reason, body, button) is what differs from the participant's own copy.
    const own_lines = new Set(own.text.split("\n"));
    const ruled = email.text.split("\n").filter((line) => !own_lines.has(line));
    expect(ruled.length).toBeGreaterThan(0);
    expect(ruled.filter((line) => secondPerson.test(line))).toEqual([]);
    expect(email.text).not.toMatch(/consentNotice\.|_person|\{\{/);
  });

  it("the participant's own notice is unchanged: no name of anyone else", async () => {
    const email = await renderEmail("consent-notice", { kind: "consent_recorded", name: "山田 花子", url }, { language, appUrl });
    expect(email.text).not.toContain(child);
  });
});
