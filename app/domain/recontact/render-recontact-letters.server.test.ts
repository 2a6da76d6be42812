import { getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { translator } from "../../i18n/i18n";
import { extractPdfText } from "../consent/records/documents/extract-pdf-text.server";
import { recontactLetterLabels, renderRecontactLetters, type RecontactLetter } from "./render-recontact-letters.server";

const squeeze = (text: string) => text.replace(/\s+/g, "");

function letter(language: RecontactLetter["language"], message: string, token: string): RecontactLetter {
  const t = translator(language, "recontact");
  return {
    language,
    message,
    link: `https://tsunagi.example.jp/recontact/respond/${token}`,
    reference: `DEMO01 · TGP-${token.slice(0, 4)}-9MXD · 1`,
    labels: Object.fromEntries(recontactLetterLabels.map((key) => [key, t(`letter.${key}`)])) as RecontactLetter["labels"],
  };
}

describe("renderRecontactLetters", () => {
  it("prints one page per letter, each in its participant's language with their own link", async () => {
    const letters = [
      letter("ja", "新しい研究へのご協力のお願いです。", "A".repeat(43)),
      letter("ja-easy", "あたらしい けんきゅうの おねがい です。", "B".repeat(43)),
      letter("en", "An invitation to take part in a new study.", "C".repeat(43)),
    ];
    const pdf = await renderRecontactLetters(letters, { createdAt: new Date("2026-11-23T00:00:00Z") });
    const document = await getDocumentProxy(new Uint8Array(pdf));
    expect(document.numPages).toBe(3);
    const text = squeeze(await extractPdfText(pdf));
    for (const each of letters) {
      expect(text).toContain(squeeze(each.message));
      expect(text).toContain(squeeze(each.link));
      expect(text).toContain(squeeze(each.labels.heading));
      expect(text).toContain(squeeze(`${each.labels.reference}: ${each.reference}`));
    }
  });

  // Issue 55 (ADR 123): furigana wherever やさしい日本語 is shown, printed letters included.
  it("prints a letter in やさしい日本語 with readings over its kanji, and the others without", async () => {
    const letters = [letter("ja-easy", "新しい 研究の お願いです。", "D".repeat(43)), letter("ja", "新しい研究のお願いです。", "E".repeat(43))];
    const pdf = await renderRecontactLetters(letters, { createdAt: new Date("2026-11-23T00:00:00Z") });
    expect((await getDocumentProxy(new Uint8Array(pdf))).numPages).toBe(2);
    const pages = (await Promise.all([1, 2].map(async (number) => (await (await getDocumentProxy(new Uint8Array(pdf))).getPage(number)).getTextContent()))).map((content) =>
      squeeze(content.items.map((item) => ("str" in item ? item.str : "")).join("")),
    );
    // Each block's words whole, then their readings.
    expect(pages[0]).toContain(squeeze("新しい 研究の お願いです。 あたら けんきゅう ねが"));
    expect(pages[0]).toContain(squeeze("わからない ことは、病院に きいて ください。 びょういん"));
    expect(pages[1]).toContain(squeeze("新しい研究のお願いです。"));
    expect(pages[1]).not.toContain("けんきゅう");
  });
});
