import { getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import type { ConsentDocumentInput } from "./consent-document";
import { extractPdfText } from "./extract-pdf-text.server";
import { renderConsentPdf } from "./render-consent-pdf.server";

const labels = {
  heading: "同意の記録",
  name: "氏名",
  signedFor: "代諾の対象者",
  dateTime: "日時",
  jst: "日本時間",
  utc: "協定世界時（UTC）",
  method: "方法",
  witness: "立会人",
  formVersion: "同意説明文書の版",
  formHash: "文書の版のハッシュ値",
  choices: "選択内容",
  statement: "署名の意味",
  eventHash: "記録のハッシュ値",
  verificationCode: "検証コード",
  verifyAt: "この控えの確認先",
  footer: "Tsunagi 同意記録",
};

const japanese: ConsentDocumentInput = {
  language: "ja",
  programmeTitle: "全ゲノム解析等実行計画 説明文書",
  printedName: "山田 花子",
  signedAtUtc: "2026-11-21T03:04:05.123Z",
  eventType: "同意",
  method: "オンライン",
  formVersion: "1.1",
  formVersionHash: "a".repeat(64),
  choices: [
    { title: "全ゲノム解析への参加", value: "同意する" },
    { title: "遺伝性腫瘍に関する二次的所見", value: "知りたくない" },
  ],
  signatureStatement: "私は説明文書を読み、質問の機会を得たうえで、上記の選択のとおり参加に同意します。",
  eventHash: "0123456789abcdef".repeat(4),
  verificationCode: "7KQ2-M9XD-4TRA-PL3C",
  verificationUrl: "https://tsunagi.example.jp/verify?code=7KQ2-M9XD-4TRA-PL3C",
  labels,
};

/** pdf.js may break lines anywhere; compare with all whitespace removed. */
const squeeze = (text: string) => text.replace(/\s+/g, "");

describe("consent PDF", () => {
  it("prints the name, Japan time with UTC, the version and its hash, every choice and the verification code", async () => {
    const text = squeeze(await extractPdfText(await renderConsentPdf(japanese)));
    for (const expected of ["山田花子", "2026年11月21日12:04:05JST", "2026-11-21T03:04:05Z", "1.1", "a".repeat(64), "遺伝性腫瘍に関する二次的所見", "知りたくない", "7KQ2-M9XD-4TRA-PL3C", japanese.eventHash]) {
      expect(text).toContain(squeeze(expected));
    }
  });

  it("is byte-for-byte the same when rendered twice, so a stored copy can be reproduced", async () => {
    const [first, second] = await Promise.all([renderConsentPdf(japanese), renderConsentPdf(japanese)]);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    expect(first.byteLength).toBeLessThan(200_000);
  });

  it("shows both the proxy's and the child's names, and English dates in English", async () => {
    const english: ConsentDocumentInput = {
      ...japanese,
      language: "en",
      printedName: "Ichiro Sato",
      signedFor: { printedName: "佐藤 陽太", relationship: "Parent" },
      labels: { ...labels, signedFor: "Signed on behalf of" },
    };
    const text = squeeze(await extractPdfText(await renderConsentPdf(english)));
    expect(text).toContain("IchiroSato");
    expect(text).toContain("佐藤陽太");
    expect(text).toContain("21Nov202612:04:05JST");
    expect(text).toContain("2026-11-21T03:04:05Z");
    expect(text).toContain("佐藤陽太(Parent)");
  });

  it("wraps long text onto further pages without losing any of it", async () => {
    const choices = Array.from({ length: 30 }, (_, index) => ({ title: `${index + 1}番目の選択肢：研究への利用について長い説明がここに続きます`, value: index % 2 ? "はい" : "いいえ" }));
    const signatureStatement = "私は説明文書を読みました。".repeat(120);
    const pdf = await renderConsentPdf({ ...japanese, choices, signatureStatement });
    expect((await getDocumentProxy(new Uint8Array(pdf))).numPages).toBeGreaterThan(1);
    const text = squeeze(await extractPdfText(pdf));
    for (const choice of choices) expect(text).toContain(squeeze(`${choice.title}：${choice.value}`));
    expect(text).toContain(squeeze(signatureStatement));
    expect(text).toContain(japanese.verificationCode);
  });
});
