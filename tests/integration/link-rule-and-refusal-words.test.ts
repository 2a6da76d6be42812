// Issue 54 items 5 and 6 (ADR 116), as staff and readers see the pages through the real app server: a decision link a
// browser would read as another host is refused in the reader's language and nothing is written; a link stored before
// the rule is shown on the public report as words, never followed; a decision state or a consultation audience that
// is not one of the choices is refused with its sentence on the page, not a silent 400.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import type { LocalizedText } from "../../app/domain/consultations/consultation-model";
import { publishConsultationReport } from "../../app/domain/consultations/report/publish-consultation-report.server";
import { saveConsultationDecision } from "../../app/domain/consultations/report/save-consultation-decision.server";
import { saveConsultationReportDraft } from "../../app/domain/consultations/report/save-consultation-report-draft.server";
import { startConsultationReport } from "../../app/domain/consultations/report/start-consultation-report.server";
import { getEnv } from "../../app/env.server";
import { translator } from "../../app/i18n/i18n";
import { createPublishedConsultation } from "../factories/consultation-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { browserRequest, loopbackAddress, type BrowserResponse } from "../support/browser-requests";
import { useTestDatabase } from "../support/database";
import { cookieFor } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

const languages = ["ja", "ja-easy", "en"] as const;
const day = 24 * 3600_000;
const whole = (words: string): LocalizedText => ({ ja: words, "ja-easy": words, en: words });
const closedConsultation = () => createPublishedConsultation({ opensAt: new Date(Date.now() - 5 * day), closesAt: new Date(Date.now() - day) });

let visitor = 0;
function request(method: "GET" | "POST", path: string, cookie: string, form?: Record<string, string | string[]>): Promise<BrowserResponse> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form ?? {})) for (const item of [value].flat()) body.append(name, item);
  return browserRequest({
    server: app.origin,
    appOrigin: new URL(getEnv().APP_URL).origin,
    localAddress: loopbackAddress(20_000 + visitor++),
    method,
    path,
    cookie,
    body: method === "POST" ? { type: "form", content: body.toString() } : undefined,
  });
}

/** The page's text as a reader sees it: React's escapes undone. */
function pageText(response: BrowserResponse): string {
  return response.body
    .toString("utf8")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The text of the element with this id (a field's message, a form's alert), or null when the page has none. */
function elementText(html: string, id: string): string | null {
  const match = new RegExp(`<p[^>]*id="${id}"[^>]*>([\\s\\S]*?)</p>`).exec(html) ?? new RegExp(`<div[^>]*id="${id}"[^>]*>([\\s\\S]*?)</div>`).exec(html);
  // Furigana (やさしい日本語) is read as the words it sits on.
  return match ? match[1]!.replace(/<(rt|rp)\b[^>]*>[\s\S]*?<\/\1>/g, "").replace(/<[^>]+>/g, "") : null;
}

async function staffCookie(language: string) {
  const user = await createUser({ role: "elsi_staff", password: null });
  return cookieFor(user, language);
}

const decisionFields = {
  intent: "decision",
  themeId: "",
  "text.ja": "審査に市民委員を加えます。",
  "text.ja-easy": "しんさに 市民の 委員が 入ります。",
  "text.en": "Public members will join the review.",
  "reason.ja": "多くの意見が求めたためです。",
  "reason.ja-easy": "たくさんの 人が そう 答えたからです。",
  "reason.en": "Most answers asked for it.",
  "links[0].label.ja": "詳しく",
  "links[0].label.ja-easy": "くわしく",
  "links[0].label.en": "More",
};

describe("[ELSI staff] a decision link a browser would open on another site", () => {
  it.each(languages)("is refused beside the link's field in the reader's language (%s), and nothing is written", async (language) => {
    const consultation = await closedConsultation();
    const cookie = await staffCookie(language);
    const t = translator(language, "errors");
    const path = `/staff/consultations/${consultation.id}/report`;
    for (const url of ["/\\evil.example", "//evil.example", "/%2Fevil.example", "/%5Cevil.example", "/\t/evil.example", "\\\\evil.example", "http://example.jp/", "javascript:alert(1)"]) {
      const response = await request("POST", path, cookie, { ...decisionFields, "links[0].url": url });
      expect(response.status, url).toBe(400);
      expect(elementText(pageText(response), "new-decision-link-0-url-error"), url).toBe(t("field.linkTarget"));
    }
    expect(await getDatabase().consultationDecision.count({ where: { consultationId: consultation.id } })).toBe(0);
    const accepted = await request("POST", path, cookie, { ...decisionFields, "links[0].url": "/updates" });
    expect(accepted.status).toBe(302);
    const [stored] = await getDatabase().consultationDecision.findMany({ where: { consultationId: consultation.id } });
    expect(stored!.links).toEqual([{ url: "/updates", label: { ja: "詳しく", "ja-easy": "くわしく", en: "More" } }]);
  });
});

describe("[public] a link stored before the rule", () => {
  it("is shown on the public report as its words, not as a link; a link the rule allows still opens", async () => {
    const consultation = await closedConsultation();
    const actorUserId = randomUUID();
    // Written past the form, as decisions were saved before the rule: the domain stores what it is given.
    await startConsultationReport({ consultationId: consultation.id, actorUserId, request: requestFrom() });
    const draft = await getDatabase().consultationReportVersion.findFirstOrThrow({ where: { consultationId: consultation.id }, select: { updatedAt: true } });
    const saved = await saveConsultationReportDraft({
      consultationId: consultation.id,
      expectedUpdatedAt: draft.updatedAt,
      change: { kind: "summary", summary: whole("多くの方が監査を求めました。"), changeNote: whole("") },
      actorUserId,
      request: requestFrom(),
    });
    const stored = ["/\\evil.example", "//evil.example", "/%2Fevil.example", "javascript:alert(1)", "http://example.jp/"];
    await saveConsultationDecision({
      consultationId: consultation.id,
      decision: {
        themeId: null,
        text: whole("監査の結果を毎年公開します。"),
        reason: whole("多くの方が求めたためです。"),
        links: [...stored.map((url, index) => ({ url, label: whole(`古いリンク${index}`) })), { url: "/updates", label: whole("お知らせ") }],
      },
      actorUserId,
      request: requestFrom(),
    });
    await publishConsultationReport({ consultationId: consultation.id, expectedUpdatedAt: saved.updatedAt, actorUserId, request: requestFrom() });

    const page = await request("GET", `/consultations/${consultation.id}/report`, await cookieFor(null, "ja"));
    expect(page.status).toBe(200);
    const html = page.body.toString("utf8");
    const hrefs = [...html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map(([, href, words]) => [href, words!.replace(/<[^>]+>/g, "")]);
    expect(hrefs).toContainEqual(["/updates", "お知らせ"]);
    for (let index = 0; index < stored.length; index += 1) {
      expect(hrefs.filter(([, words]) => words === `古いリンク${index}`), stored[index]).toEqual([]);
      expect(pageText(page), stored[index]).toContain(`古いリンク${index}`);
    }
    expect(html).not.toMatch(/href="(?:\/\\|\/\/|\/%2F|javascript:|http:)/i);
  });
});

describe("[ELSI staff] a choice that is not one of the choices offered", () => {
  it.each(languages)("a decision state is refused in words beside its field, or above the page for a decision not on it (%s); nothing changes", async (language) => {
    const consultation = await closedConsultation();
    const cookie = await staffCookie(language);
    const t = translator(language, "errors");
    const decision = await saveConsultationDecision({ consultationId: consultation.id, decision: { themeId: null, text: whole("公開します。"), reason: whole("求められたため。"), links: [] }, actorUserId: randomUUID(), request: requestFrom() });
    const path = `/staff/consultations/${consultation.id}/report`;

    const bogus = await request("POST", path, cookie, { intent: "decision-state", decisionId: decision.id, version: String(decision.version), state: "maybe" });
    expect(bogus.status).toBe(400);
    expect(elementText(pageText(bogus), `decision-${decision.id}-state-error`)).toBe(t("field.choose"));

    const elsewhere = await request("POST", path, cookie, { intent: "decision-state", decisionId: randomUUID(), version: "1", state: "maybe" });
    expect(elsewhere.status).toBe(400);
    expect(elementText(pageText(elsewhere), "report-errors")).toContain(t("field.choose"));

    const tampered = await request("POST", path, cookie, { intent: "decision-state", decisionId: decision.id, version: "soon", state: "adopted" });
    expect(tampered.status).toBe(400);
    expect(elementText(pageText(tampered), `decision-${decision.id}-state-errors`)?.length).toBeGreaterThan(0);

    const stored = await getDatabase().consultationDecision.findUniqueOrThrow({ where: { id: decision.id } });
    expect([stored.state, stored.version]).toEqual(["considered", 1]);
    expect(await getDatabase().consultationDecisionChange.count({ where: { decisionId: decision.id } })).toBe(1);
  });

  it.each(languages)("a consultation's audience is refused in words beside the audience boxes (%s); no consultation is made", async (language) => {
    const cookie = await staffCookie(language);
    const t = translator(language, "errors");
    const before = await getDatabase().consultation.count();
    const response = await request("POST", "/staff/consultations/new", cookie, {
      intent: "save",
      "title.ja": "データの企業利用",
      "title.ja-easy": "データを 会社が 使う こと",
      "title.en": "Companies using data",
      "summary.ja": "ご意見をお聞かせください。",
      "summary.ja-easy": "あなたの 考えを 教えて ください。",
      "summary.en": "Tell us what you think.",
      audiences: ["participants", "everyone"],
      opensAt: "2026-01-01T09:00",
      closesAt: "2099-12-31T17:00",
    });
    expect(response.status).toBe(400);
    expect(elementText(pageText(response), "f-audiences-error")).toBe(t("field.choose"));
    expect(await getDatabase().consultation.count()).toBe(before);
  });
});
