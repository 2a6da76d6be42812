// @vitest-environment node
// A participant who reads やさしい日本語 gets every mail wholly in it (issue 11, defect 14): the invitation used to end
// with footer paragraphs written as standard Japanese. Each template is rendered in ja-easy as the app sends it, and
// every piece of Japanese text in it must be a ja-easy locale string (or what the sender passed: a name, a code),
// never a standard-Japanese one, and read as やさしい日本語 reads: short phrases with a space between them.
import { describe, expect, it } from "vitest";
import { translator } from "../app/i18n/i18n";
import { resources } from "../app/i18n/resources";
import { formatOccurredAt } from "./components/format-time";
import { renderEmail, type EmailPropsMap, type EmailTemplateName } from "./render.server";
import { secondFactorChanges } from "./templates/second-factor-changed";
import { consentNoticeKinds } from "./templates/consent-notice";

const appUrl = "https://tsunagi.example.jp";
const url = `${appUrl}/invitation/0f6c?t=abc123`;
const occurredAt = new Date("2026-11-22T04:04:00Z");
const name = "山田 花子";
const code = "482913";

type Tree = { [key: string]: string | Tree };
const leaves = (tree: Tree): string[] => Object.values(tree).flatMap((value) => (typeof value === "string" ? [value] : leaves(value)));
const japanese = /[\u3040-\u30ff\u3400-\u9fff]/;

/** Every string of a language, every namespace: a mail may carry a label from another namespace (enrolment's expiry). */
const valuesOf = (language: "ja" | "ja-easy") => new Set(Object.values(resources[language]).flatMap((namespace) => leaves(namespace as Tree)));
const easyValues = valuesOf("ja-easy");
const standardOnly = [...valuesOf("ja")].filter((value) => !easyValues.has(value) && japanese.test(value));

/** A locale string with its {{placeholders}} as a pattern that matches the text i18next makes of it. */
const patternOf = (value: string) => new RegExp(`^${value.split(/\{\{[^}]+\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^]+?")}$`);
/**
 * Patterns for the strings whose own words are Japanese (one made only of placeholders would match anything); a
 * mail body's paragraphs, split on blank lines (consent-notice.tsx), each count as one.
 */
const patternsOf = (values: Iterable<string>) =>
  [...values].flatMap((value) => value.split(/\n\s*\n/)).filter((value) => japanese.test(value.replace(/\{\{[^}]+\}\}/g, ""))).map(patternOf);
const easyPatterns = patternsOf(easyValues);
const standardPatterns = patternsOf(standardOnly);

/** The text nodes of a rendered mail, as a reader sees them (tags, comments and the hidden preview padding gone). */
function textNodes(html: string): string[] {
  const body = html.replace(/<head>[^]*?<\/head>/, "").replace(/<!--[^]*?-->/g, "<c>");
  return body
    .split(/<[^>]+>/)
    .map((text) => text.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/[\u200c\u00a0\u2007\u00ad\u200b\ufeff]/g, " ").replace(/\u034f/g, " ").trim())
    .filter((text) => japanese.test(text));
}

/** What the app sends, per template: the invitation as issue-invitation.server.ts builds it, and every other kind. */
function examples(): { label: string; template: EmailTemplateName; props: EmailPropsMap[EmailTemplateName] }[] {
  const enrolment = translator("ja-easy", "enrolment");
  const expiry = { label: enrolment("mail.expiresLabel"), value: formatOccurredAt(occurredAt, "ja-easy", translator("ja-easy", "email")) };
  return [
    ...consentNoticeKinds.map((kind) => ({
      label: `consent-notice ${kind}`,
      template: "consent-notice" as const,
      props: { kind, name, url, ...(kind === "invitation_code" ? { code } : {}), details: kind === "invitation" ? [expiry] : [] },
    })),
    ...secondFactorChanges.map((change) => ({ label: `second-factor-changed ${change}`, template: "second-factor-changed" as const, props: { change, occurredAt } })),
    { label: "sign-in-link", template: "sign-in-link", props: { url, expiresInMinutes: 15 } },
    { label: "new-device-sign-in", template: "new-device-sign-in", props: { occurredAt, userAgent: "Mozilla/5.0 (iPhone)", ipAddress: "203.0.113.7" } },
    ...(["approved", "rejected", "deferred"] as const).map((outcome) => ({
      label: `application-decision ${outcome}`,
      template: "application-decision" as const,
      props: { reference: "DA-2026-0001", title: "がんの 研究", outcome, conditions: outcome === "approved" ? "公表の 前に 知らせる こと" : "", applicationPath: "/applications/0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a11" },
    })),
    { label: "account-created", template: "account-created", props: { name, url, expiresInHours: 72, secondFactorRequired: true } },
    ...[true, false].map((secondFactorRequired) => ({ label: `second-factor-reset ${secondFactorRequired ? "staff" : "member"}`, template: "second-factor-reset" as const, props: { occurredAt, secondFactorRequired } })),
    ...(["first", "second"] as const).map((kind) => ({
      label: `vote-reminder ${kind}`,
      template: "vote-reminder" as const,
      props: { reference: "DA-2026-0001", kind, days: kind === "first" ? 3 : 7, reviewPath: "/committee/applications/0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a11" },
    })),
    ...[1, 2].map((version) => ({
      label: `consultation-report version ${version}`,
      template: "consultation-report" as const,
      props: { title: "ゲノムの データを 会社が 使う こと", version, reportPath: "/consultations/0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a11/report" },
    })),
  ];
}

/**
 * The longest phrase: a stretch of Japanese with no space or punctuation in it. やさしい日本語 puts a space between
 * phrases ("病院から、がんと 難しい 病気の…"); standard Japanese runs a whole clause together
 * ("メールでパスワードやコードを聞くことはありません", 24 characters, from the footer issue 11 found).
 */
const longestPhrase = (text: string) =>
  Math.max(0, ...text.replace(/\{\{[^}]+\}\}/g, " ").split(/[\s\u3000、。！？「」『』【】（）()・：:]+/).map((word) => [...word.replace(/[\x21-\x7e…〜~]+/g, "")].length));
// Every ja-easy string in the locales keeps to 11 or fewer ("確かめられませんでした").
const phraseLimit = 12;

describe("mail in やさしい日本語", () => {
  for (const example of examples()) {
    it(`${example.label}: every Japanese text is a ja-easy string or the sender's own data, none standard Japanese`, async () => {
      const email = await renderEmail(example.template, example.props, { language: "ja-easy", appUrl });
      // The sender's own data: the names, codes and texts people typed (an application's title, the chair's conditions).
      const data = new Set([name, code, "Tsunagi / つなぎ", ...Object.values(example.props).filter((value): value is string => typeof value === "string")]);
      const nodes = [email.subject, ...textNodes(email.html)];
      expect(nodes.length).toBeGreaterThan(5);
      for (const text of nodes) {
        if (data.has(text)) continue;
        expect(
          standardPatterns.find((pattern) => pattern.test(text)),
          `standard Japanese in the ja-easy ${example.label} mail: ${text}`,
        ).toBeUndefined();
        expect(
          easyPatterns.some((pattern) => pattern.test(text)),
          `text in the ja-easy ${example.label} mail that is no ja-easy string: ${text}`,
        ).toBe(true);
        expect(longestPhrase(text), `not written as やさしい日本語 (phrases apart): ${text}`).toBeLessThanOrEqual(phraseLimit);
      }
    });
  }

  it("every ja-easy string, in every namespace, is written with a space between phrases", () => {
    for (const [namespace, tree] of Object.entries(resources["ja-easy"])) {
      for (const value of leaves(tree as Tree)) expect(longestPhrase(value), `${namespace}: ${value}`).toBeLessThanOrEqual(phraseLimit);
    }
  });
});
