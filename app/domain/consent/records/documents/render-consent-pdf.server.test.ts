import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { translator } from "../../../../i18n/i18n";
import { consentDocumentLabels, type ConsentDocumentInput } from "./consent-document";
import { extractPdfText } from "./extract-pdf-text.server";
import { renderConsentPdf } from "./render-consent-pdf.server";

type Language = ConsentDocumentInput["language"];
const languages: Language[] = ["ja", "ja-easy", "en"];

/** The labels and worded fields as the app prints them (ensure-consent-document.server.ts), from the locales. */
function baseInput(language: Language): ConsentDocumentInput {
  const t = translator(language, "documents");
  const english = language === "en";
  return {
    language,
    programmeTitle: english ? "Whole-genome programme: consent form" : "全ゲノム解析等実行計画 説明文書",
    participantName: english ? "Hanako Yamada" : "山田 花子",
    signerName: english ? "Hanako Yamada" : "山田 花子",
    capacity: t("capacities.self"),
    signedAtUtc: "2026-11-21T03:04:05.123Z",
    eventType: t("eventTypes.granted"),
    method: t("methods.online"),
    formVersion: "1.1",
    formVersionHash: "a".repeat(64),
    choices: [
      { title: english ? "Whole-genome analysis" : "全ゲノム解析への参加", value: english ? "Yes" : "同意する" },
      { title: english ? "Secondary findings: hereditary cancer" : "遺伝性腫瘍に関する二次的所見", value: english ? "Do not want to know" : "知りたくない" },
    ],
    signatureStatement: english ? "I have read the form, had the chance to ask, and agree as chosen above." : "私は説明文書を読み、質問の機会を得たうえで、上記の選択のとおり参加に同意します。",
    eventHash: "0123456789abcdef".repeat(4),
    verificationCode: "7KQ2-M9XD-4TRA-PL3C",
    verificationUrl: "https://tsunagi.example.jp/verify?code=7KQ2-M9XD-4TRA-PL3C",
    labels: Object.fromEntries(consentDocumentLabels.map((key) => [key, t(`labels.${key}`)])) as ConsentDocumentInput["labels"],
  };
}

/** pdf.js may break lines anywhere; compare with all whitespace removed. */
const squeeze = (text: string) => text.replace(/\s+/g, "");

async function pagesOf(pdf: Uint8Array): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false });
  return text.map(squeeze);
}

/** Everything the certificate block must show, label and value, as it appears in the extracted text. */
function certificateParts(input: ConsentDocumentInput): string[] {
  const { labels } = input;
  return [
    labels.certificate,
    labels.signer,
    input.signerName!,
    labels.capacity,
    input.capacity,
    labels.method,
    input.method,
    ...(input.witnessName ? [labels.witness, input.witnessName] : []),
    ...(input.paperNote ? [labels.paper, input.paperNote] : []),
    labels.dateTime,
    labels.jst,
    labels.formVersion,
    input.formVersion,
    labels.formHash,
    input.formVersionHash,
    labels.eventHash,
    input.eventHash,
    labels.verificationCode,
    input.verificationCode,
    labels.verifyAt,
    input.verificationUrl,
  ].map(squeeze);
}

describe("consent PDF", () => {
  it("prints the participant, the Japan time (and no UTC beside it), the version and its hash, every choice and the verification code", async () => {
    const japanese = baseInput("ja");
    const text = squeeze(await extractPdfText(await renderConsentPdf(japanese)));
    for (const expected of ["山田花子", "2026年11月21日12:04:05（日本時間）", "1.1", "a".repeat(64), "遺伝性腫瘍に関する二次的所見", "知りたくない", "7KQ2-M9XD-4TRA-PL3C", japanese.eventHash]) {
      expect(text).toContain(squeeze(expected));
    }
    expect(text).not.toContain("UTC");
    expect(text).not.toContain("03:04:05");
  });

  // Issue 55 defect 8 (ADR 123): the やさしい日本語 copy had no furigana, and a name was read as the dictionary guesses.
  it("prints a やさしい日本語 copy with readings over its kanji, the participant's name as they registered it", async () => {
    const t = translator("ja-easy", "documents");
    const easy: ConsentDocumentInput = {
      ...baseInput("ja-easy"),
      participantName: "山田 三子",
      participantNameReading: "ヤマダ ミツコ",
      signerName: "山田 三子",
      capacity: t("capacities.self"),
      choices: [{ title: "ゲノムの 研究に 参加する", value: "同意する" }],
      signatureStatement: "説明を 読んで、同意します。",
    };
    const pdf = await renderConsentPdf(easy);
    const text = squeeze(await extractPdfText(pdf));
    // Each line's words whole, then their readings: the heading (同意の 記録), a choice, the statement.
    expect(text).toContain(squeeze("同意の 記録 どうい きろく"));
    expect(text).toContain(squeeze("ゲノムの 研究に 参加する：同意する けんきゅう さんか どうい"));
    expect(text).toContain(squeeze("説明を 読んで、同意します。 せつめい よ どうい"));
    // The name as registered, never みつご.
    expect(text).toContain(squeeze("山田 三子 やまだ みつこ"));
    expect(text).not.toContain("みつご");
    // The copy is still reproducible, and the 日本語 copy has no readings.
    expect(Buffer.from(await renderConsentPdf(easy)).equals(Buffer.from(pdf))).toBe(true);
    expect(squeeze(await extractPdfText(await renderConsentPdf(baseInput("ja"))))).not.toContain("どうい");
  });

  it("is byte-for-byte the same when rendered twice, so a stored copy can be reproduced", async () => {
    const japanese = baseInput("ja");
    const [first, second] = await Promise.all([renderConsentPdf(japanese), renderConsentPdf(japanese)]);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    expect(first.byteLength).toBeLessThan(200_000);
  });

  it("shows who signed in what capacity: a proxy, their relationship and the child, with English dates in English", async () => {
    const base = baseInput("en");
    const t = translator("en", "documents");
    const english: ConsentDocumentInput = {
      ...base,
      participantName: "佐藤 陽太",
      signerName: "Ichiro Sato",
      capacity: t("capacities.proxy", { participant: "佐藤 陽太", relationship: t("relationships.parent") }),
    };
    const text = squeeze(await extractPdfText(await renderConsentPdf(english)));
    expect(text).toContain("IchiroSato");
    expect(text).toContain("佐藤陽太");
    expect(text).toContain(squeeze("Proxy (代諾者) for 佐藤 陽太: Parent"));
    expect(text).toContain(squeeze("21 Nov 2026 12:04:05 (Japan time)"));
  });

  it("wraps long text onto further pages without losing any of it", async () => {
    const japanese = baseInput("ja");
    const choices = Array.from({ length: 30 }, (_, index) => ({ title: `${index + 1}番目の選択肢：研究への利用について長い説明がここに続きます`, value: index % 2 ? "はい" : "いいえ" }));
    const signatureStatement = "私は説明文書を読みました。".repeat(120);
    const pdf = await renderConsentPdf({ ...japanese, choices, signatureStatement });
    expect((await getDocumentProxy(new Uint8Array(pdf))).numPages).toBeGreaterThan(1);
    const text = squeeze(await extractPdfText(pdf));
    for (const choice of choices) expect(text).toContain(squeeze(`${choice.title}：${choice.value}`));
    expect(text).toContain(squeeze(signatureStatement));
    expect(text).toContain(japanese.verificationCode);
  });

  // Issue 11, defect 10: the verification code was printed on one page and its label on the next.
  describe("the signing certificate", () => {
    for (const language of languages) {
      it(`is whole on one page, wherever the content before it ends (${language})`, async () => {
        const t = translator(language, "documents");
        const base = baseInput(language);
        const english = language === "en";
        const sentence = english ? "I have read the explanation and asked what I wanted to know. " : "説明を 読んで、聞きたい ことを 聞きました。";
        // A proxy with a long name, a witness and a paper form make the block as tall as it gets.
        const tallest: ConsentDocumentInput = {
          ...base,
          participantName: english ? "Sakura Yamada-Takahashi" : "山田 さくら",
          signerName: english ? "Ichiro Yamada-Takahashi Nakamura" : "山田 一郎 髙橋 𠮷之助",
          capacity: t("capacities.proxy", { participant: english ? "Sakura Yamada-Takahashi" : "山田 さくら", relationship: t("relationships.legal_guardian") }),
          method: t("methods.paper"),
          witnessName: english ? "Keiko Suzuki" : "鈴木 恵子",
          paperNote: t("paperNote", { date: "2026-11-20", sha256: "b".repeat(64) }),
        };
        const choices = (count: number) => Array.from({ length: count }, (_, index) => ({ title: `${base.choices[index % 2]!.title} ${index + 1}`, value: base.choices[index % 2]!.value }));
        let movedWhole = 0;
        let sharedPage = 0;
        // Statement lengths step the block down the page two lines or so at a time, across the page end, with
        // two choice counts and both the shortest and the tallest certificate (160 renders per language at one
        // sentence a step found nothing more, and took minutes).
        for (const input of [base, tallest]) {
          for (const count of [2, 15]) {
            for (let sentences = 1; sentences <= 40; sentences += 5) {
              const document: ConsentDocumentInput = { ...input, choices: choices(count), signatureStatement: sentence.repeat(sentences) };
              const pages = await pagesOf(await renderConsentPdf(document));
              const parts = certificateParts(document);
              const page = pages.findIndex((text) => text.includes(squeeze(document.labels.certificate)));
              expect(page, `${language}: no certificate`).toBeGreaterThanOrEqual(0);
              const missing = parts.filter((part) => !pages[page]!.includes(part));
              expect(missing, `${language}, ${count} choices, ${sentences} sentences: not on page ${page + 1} with the rest`).toEqual([]);
              // The code and its label are never apart: on no other page.
              for (const [index, text] of pages.entries()) if (index !== page) expect(text).not.toContain(document.verificationCode);
              const statementEnd = squeeze(sentence).slice(-6);
              if (pages[page]!.includes(statementEnd)) sharedPage += 1;
              else movedWhole += 1;
            }
          }
        }
        // The sweep did reach a page end: some certificates fitted under the statement, some had to move.
        expect(movedWhole).toBeGreaterThan(0);
        expect(sharedPage).toBeGreaterThan(0);
      }, 180_000);
    }

    it("shows each field in ja, ja-easy and en: signer, capacity, method, witness, paper, Japan time, version, hashes, code and where to check it", async () => {
      for (const language of languages) {
        const t = translator(language, "documents");
        const input: ConsentDocumentInput = {
          ...baseInput(language),
          capacity: t("capacities.staff"),
          method: t("methods.assisted"),
          witnessName: "鈴木 恵子",
          paperNote: t("paperNote", { date: "2026-11-20", sha256: "c".repeat(64) }),
        };
        const text = squeeze(await extractPdfText(await renderConsentPdf(input)));
        for (const part of certificateParts(input)) expect(text, `${language}: ${part}`).toContain(part);
        for (const key of consentDocumentLabels) expect(input.labels[key], `${language}: labels.${key}`).not.toBe(`labels.${key}`);
      }
    });
  });
});
