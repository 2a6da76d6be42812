// @vitest-environment node
import { describe, expect, it } from "vitest";
import { supportedLanguages } from "../app/i18n/languages";
import { renderEmail, type EmailPropsMap, type EmailTemplateName } from "./render.server";

const url = "https://tsunagi.example.jp/auth/verify?token=abc123DEF456";
const appUrl = "https://tsunagi.example.jp";
const occurredAt = new Date("2025-01-02T04:04:00Z");

const examples: { [K in EmailTemplateName]: EmailPropsMap[K] } = {
  "application-decision": { reference: "DA-2026-0001", title: "日本人集団における遺伝性腫瘍の頻度", outcome: "approved", conditions: "成果の公表前に事務局へ届け出ること。", endsOn: "2027-11-30", applicationPath: "/applications/0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a11" },
  "sign-in-link": { url, expiresInMinutes: 15 },
  "second-factor-changed": { change: "passkey_added", occurredAt },
  "account-notice": { kind: "contact_changed", field: "email", occurredAt },
  "new-device-sign-in": {
    occurredAt,
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1",
    ipAddress: "203.0.113.7",
  },
  "consent-notice": { kind: "invitation", name: "山田 花子", url, details: [] },
  "recontact-message": { name: "山田 花子", message: "新しい研究へのご協力のお願いです。\n\n詳しくは病院でお尋ねください。", url: `${appUrl}/recontact/respond/abcDEF123` },
  "family-invitation": { name: "山田 さくら", inviterName: "山田 花子", scope: "updates_and_summary", url: `${appUrl}/family/invitation/abcdefghijkmnpqrstuvwxyz23456789`, expiresAt: occurredAt.toISOString() },
  "updates-digest": {
    items: [{ title: "解析の進み具合", url: `${appUrl}/updates/0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a11` }],
    total: 3,
    updatesUrl: `${appUrl}/updates`,
    unsubscribeUrl: `${appUrl}/updates/unsubscribe/${"A".repeat(43)}`,
  },
  "account-created": { name: "山田 花子", url: `${appUrl}/sign-in/link/abc.def`, expiresInHours: 72, secondFactorRequired: true },
  "second-factor-reset": { occurredAt, secondFactorRequired: true },
  "vote-reminder": { reference: "DA-2026-0001", kind: "first", days: 3, reviewPath: "/committee/applications/0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a11" },
  "review-invitation": { name: "佐藤 一郎", title: "全ゲノム解析等実行計画 説明文書", url: `${appUrl}/review-invitation/abcdefghijkmnpqrstuvwxyz23456789` },
  "consultation-report": { title: "ゲノムデータの企業利用について", version: 1, reportPath: "/consultations/0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a11/report" },
  "panel-application-notice": { kind: "not_selected", title: "参加者パネル委員の募集", reason: "応募が多く、今回はがん領域の方を優先しました。", pageUrl: "https://tsunagi.example/join-the-panel/applications/x?t=y" },
  "briefing-notice": {
    kind: "registered",
    title: "ゲノム医療の説明会",
    startsAt: "2026-12-10T05:00:00.000Z",
    endsAt: "2026-12-10T06:30:00.000Z",
    format: "online",
    joinUrl: "https://meet.example.jp/tsunagi-briefing",
    pageUrl: `${appUrl}/briefings/0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a11`,
    manageUrl: `${appUrl}/briefings/registrations/0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a11?t=${"b".repeat(64)}`,
  },
  "what-moved": {
    digest: false,
    items: [{ kind: "decision", consultationTitle: "ゲノムデータの企業利用について", decision: "企業への提供の前に、参加者パネルの意見を聞きます。", state: "adopted", path: "/consultations/0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a11/report" }],
    stopUrl: `${appUrl}/follow/0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a11?t=${"a".repeat(64)}`,
  },
};
const templateNames = Object.keys(examples) as EmailTemplateName[];
const expectedHtmlLang = { ja: "ja", "ja-easy": "ja", en: "en" } as const;

describe("renderEmail", () => {
  for (const template of templateNames) {
    it("gives the digest its one-click unsubscribe headers (RFC 8058)", async () => {
    const email = await renderEmail("updates-digest", examples["updates-digest"], { language: "ja", appUrl });
    expect(email.headers).toEqual({ "List-Unsubscribe": `<${appUrl}/updates/unsubscribe/${"A".repeat(43)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect((await renderEmail("sign-in-link", examples["sign-in-link"], { language: "ja", appUrl })).headers).toEqual({});
  });

  for (const language of supportedLanguages) {
      it(`renders ${template} in ${language}`, async () => {
        const email = await renderEmail(template, examples[template], { language, appUrl });
        expect(email.subject.trim()).not.toBe("");
        expect(email.html).toMatch(new RegExp(`<html[^>]*\\blang="${expectedHtmlLang[language]}"`));
        expect(email.html).toContain("Tsunagi / つなぎ");
        expect(email.text.trim()).not.toBe("");
        // A missing translation would show up as the raw key.
        expect(email.text).not.toMatch(/\b(common|signInLink|secondFactorChanged|newDeviceSignIn|consentNotice|recontactMessage|updatesDigest|voteReminder|consultationReport|reviewInvitation)\.[a-zA-Z.]+/);
      });
    }
  }

  for (const language of supportedLanguages) {
    it(`puts the sign-in URL in both parts (${language})`, async () => {
      const email = await renderEmail("sign-in-link", examples["sign-in-link"], { language, appUrl });
      expect(email.html).toContain(`href="${url}"`);
      expect(email.text).toContain(url);
      expect(email.text).toContain("15");
    });
  }

  it("uses different subjects for Japanese and English", async () => {
    for (const template of templateNames) {
      const ja = await renderEmail(template, examples[template], { language: "ja", appUrl });
      const en = await renderEmail(template, examples[template], { language: "en", appUrl });
      expect(ja.subject).not.toBe(en.subject);
      expect(ja.subject).toMatch(/[ぁ-んァ-ン一-龠]/);
    }
  });

  // やさしい日本語 is its own text, not standard Japanese with a different label.
  it("uses やさしい日本語 text for ja-easy", async () => {
    for (const template of templateNames) {
      const ja = await renderEmail(template, examples[template], { language: "ja", appUrl });
      const easy = await renderEmail(template, examples[template], { language: "ja-easy", appUrl });
      expect(easy.subject).not.toBe(ja.subject);
      expect(easy.text).not.toBe(ja.text);
    }
  });

  it("shows the time once, in Japan time, as participants read it (no UTC beside it)", async () => {
    const ja = await renderEmail("second-factor-changed", examples["second-factor-changed"], { language: "ja", appUrl });
    expect(ja.text).toContain("2025年1月2日");
    expect(ja.text).toContain("13:04（日本時間）");
    expect(ja.text).not.toContain("UTC");
    expect(ja.text).not.toContain("04:04");
    const easy = await renderEmail("second-factor-changed", examples["second-factor-changed"], { language: "ja-easy", appUrl });
    expect(easy.text).toContain("13:04（日本の 時間）");
    expect(easy.text).not.toContain("UTC");
    const en = await renderEmail("new-device-sign-in", examples["new-device-sign-in"], { language: "en", appUrl });
    expect(en.text).toContain("13:04 (Japan time)");
    expect(en.text).not.toContain("UTC");
    expect(en.text).toContain("203.0.113.7");
    expect(en.text).toContain("New sign-in from another device"); // headings keep their case in the text part
  });

  it("names each kind of second-factor change differently", async () => {
    const changes = ["totp_enrolled", "totp_removed", "passkey_added", "passkey_removed", "recovery_codes_regenerated"] as const;
    const texts = await Promise.all(
      changes.map(async (change) => (await renderEmail("second-factor-changed", { change, occurredAt }, { language: "en", appUrl })).text),
    );
    expect(new Set(texts).size).toBe(changes.length);
  });

  it("says 'unknown' when device details are missing", async () => {
    const email = await renderEmail("new-device-sign-in", { occurredAt, userAgent: null, ipAddress: null }, { language: "en", appUrl });
    expect(email.text.match(/Unknown/g)).toHaveLength(2);
  });

  it("escapes a hostile user agent", async () => {
    const email = await renderEmail(
      "new-device-sign-in",
      { occurredAt, userAgent: '<script>alert("x")</script>', ipAddress: null },
      { language: "ja", appUrl },
    );
    expect(email.html).not.toContain("<script>");
  });

  it("links the consultation report's mail to its own page, and words a correction as one", async () => {
    const first = await renderEmail("consultation-report", examples["consultation-report"], { language: "en", appUrl });
    expect(first.html).toContain(`href="${appUrl}/consultations/0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a11/report"`);
    expect(first.subject).toBe("Consultation results published: “ゲノムデータの企業利用について”");
    const corrected = await renderEmail("consultation-report", { ...examples["consultation-report"], version: 2 }, { language: "ja", appUrl });
    expect(corrected.subject).toBe("意見募集「ゲノムデータの企業利用について」の結果の報告を訂正しました");
    expect(corrected.text).toContain("第2版");
    await expect(renderEmail("consultation-report", { ...examples["consultation-report"], reportPath: "https://evil.example/consultations/x/report" }, { language: "ja", appUrl })).rejects.toThrow();
  });

  it("rejects props that fail validation", async () => {
    await expect(renderEmail("sign-in-link", { url: "javascript:alert(1)", expiresInMinutes: 15 }, { language: "ja" })).rejects.toThrow();
    await expect(renderEmail("sign-in-link", { url, expiresInMinutes: 0 }, { language: "ja" })).rejects.toThrow();
    const loose = { change: "password_reset", occurredAt } as unknown as EmailPropsMap["second-factor-changed"];
    await expect(renderEmail("second-factor-changed", loose, { language: "ja" })).rejects.toThrow();
  });
});
