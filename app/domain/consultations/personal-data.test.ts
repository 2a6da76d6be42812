// Issue 28 item 3: personal data in a free-text answer is flagged and redacted in what is published, in Japanese and
// English, typed in half- or full-width (ADR 058). Each case is the published text a reader would see.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  findPersonalData,
  personalDataKinds,
  personalDataPlaceholder,
  redactPersonalData,
  redactedTextParts,
  type PersonalDataKind,
} from "./personal-data";

const P = (kind: PersonalDataKind) => personalDataPlaceholder(kind);

/** The published text for `text`, and that every match is of `kind`. */
function expectRedacted(text: string, published: string, kind: PersonalDataKind) {
  const result = redactPersonalData(text);
  expect(result.text).toBe(published);
  expect(result.matches.length).toBeGreaterThan(0);
  expect(result.matches.map((match) => match.kind)).toEqual(result.matches.map(() => kind));
}

function expectUntouched(text: string) {
  expect(findPersonalData(text)).toEqual([]);
  expect(redactPersonalData(text)).toEqual({ text, matches: [] });
}

describe("e-mail addresses", () => {
  it.each([
    ["連絡先は taro.yamada@example.co.jp です", `連絡先は ${P("email")} です`],
    ["ｔａｒｏ＿ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐまでご連絡ください", `${P("email")}までご連絡ください`],
    ["Email me at hanako+consult@mail.example.org.", `Email me at ${P("email")}.`],
    ["write to hanako(at)example.com please", `write to ${P("email")} please`],
  ])("%s", (text, published) => expectRedacted(text, published, "email"));

  it.each(["Twitter は @tsunagi_jp です", "x@y", "a@b.c", "programme@ と書いてある", "the @ sign"])(
    "leaves %s alone",
    expectUntouched,
  );
});

describe("phone numbers", () => {
  it.each([
    ["電話は090-1234-5678です", `電話は${P("phone")}です`],
    ["ＴＥＬ：０３（１２３４）５６７８（平日）", `ＴＥＬ：${P("phone")}（平日）`],
    ["携帯 ０９０ー１２３４ー５６７８ まで", `携帯 ${P("phone")} まで`],
    ["フリーダイヤル0120-123-456", `フリーダイヤル${P("phone")}`],
    ["国際電話は +81 90-1234-5678", `国際電話は ${P("phone")}`],
    ["call me on 07700 900123", `call me on ${P("phone")}`],
    ["Our number is +44 20 7946 0958.", `Our number is ${P("phone")}.`],
    ["(555) 123-4567 any time", `${P("phone")} any time`],
    ["+１ ５５５ １２３ ４５６７", P("phone")],
  ])("%s", (text, published) => expectRedacted(text, published, "phone"));

  it.each(["2025-2026年度の計画", "10:00-12:00 に開催", "同意率は12.5%でした", "1234-5678", "From 09:30 to 17:00, 2 sessions"])(
    "leaves %s alone",
    expectUntouched,
  );
});

describe("My Numbers", () => {
  it.each([
    ["マイナンバーは123456789012です", `マイナンバーは${P("my_number")}です`],
    ["番号は１２３４　５６７８　９０１２です", `番号は${P("my_number")}です`],
    ["1234ー5678ー9012", P("my_number")],
    ["１２３４－５６７８－９０１２を書きました", `${P("my_number")}を書きました`],
    ["My Number is 1234 5678 9012", `My Number is ${P("my_number")}`],
    ["individual number: 1234-5678-9012.", `individual number: ${P("my_number")}.`],
    // Miscounted, but labelled: still flagged.
    ["個人番号 12345678901", `個人番号 ${P("my_number")}`],
  ])("%s", (text, published) => expectRedacted(text, published, "my_number"));

  it.each(["参加者は50,000人です", "2026年に始まります", "予算は123,456,789,012円", "12345 people"])(
    "leaves %s alone",
    expectUntouched,
  );
});

describe("hospital and record numbers", () => {
  it.each([
    ["患者番号 1234567 です", `患者番号 ${P("hospital_id")} です`],
    ["診察券の番号は００１２３４５６です", `診察券の番号は${P("hospital_id")}です`],
    ["カルテ番号：Ａ－１２３４５６", `カルテ番号：${P("hospital_id")}`],
    ["保険証の番号 12345678", `保険証の番号 ${P("hospital_id")}`],
    ["患者ＩＤ：９８７６５４", `患者ＩＤ：${P("hospital_id")}`],
    ["My patient ID is AB-1234567.", `My patient ID is ${P("hospital_id")}.`],
    ["MRN: 00123456", `MRN: ${P("hospital_id")}`],
    ["NHS number 943 476 5919", `NHS number ${P("hospital_id")}`],
    ["my hospital number is 123456", `my hospital number is ${P("hospital_id")}`],
    // With no label, ten digits or more are an identifier: an ORCID, an account, a number copied from a card.
    ["ORCID 0000-0002-1825-0097", `ORCID ${P("hospital_id")}`],
    ["番号12345678901234を控えてください", `番号${P("hospital_id")}を控えてください`],
  ])("%s", (text, published) => expectRedacted(text, published, "hospital_id"));

  it.each([
    "ID 2026",
    "患者ID：12人",
    "患者番号の扱いは2026年に見直されます",
    "DUO:0000006 (general research use)",
    "HPO HP:0001250",
    "BRCA1 と BRCA2、TP53",
    "COVID-19 の流行",
    "Bring your ID card",
    "同意書 版 1.1 から 1.2 へ",
    "v2.0.1",
  ])("leaves %s alone", expectUntouched);
});

describe("postal addresses", () => {
  it.each([
    ["〒100-0001 東京都千代田区千代田1-1", P("postal_address")],
    ["〒１００－０００１", P("postal_address")],
    ["郵便番号 1000001", `郵便番号 ${P("postal_address")}`],
    ["世田谷区三軒茶屋二丁目11番22号に住んでいます", `${P("postal_address")}に住んでいます`],
    ["大阪市北区梅田３丁目１番１号", P("postal_address")],
    ["横浜市中区山下町１２３番地", P("postal_address")],
    ["東京都港区芝公園４－２－８です", `${P("postal_address")}です`],
    ["住所は東京都港区です", `住所は${P("postal_address")}です`],
    ["コーポ山田101号室", P("postal_address")],
    ["I live at 12 Baker Street, London NW1 6XE", `I live at ${P("postal_address")}, London ${P("postal_address")}`],
    ["Flat 3, 221B Baker Street", P("postal_address")],
    ["Send it to PO Box 123", `Send it to ${P("postal_address")}`],
    ["Springfield, IL 62704", `Springfield, ${P("postal_address")}`],
    ["１２ Ｏａｋ Ｒｏａｄ", P("postal_address")],
  ])("%s", (text, published) => expectRedacted(text, published, "postal_address"));

  it.each([
    "東京都に住んでいます",
    "世田谷区の病院に通っています",
    "図1-2を見てください",
    "一番地元に近い病院",
    "第3条に書いてある",
    "I live in Leeds",
    "I walked 3 blocks down the road",
    "Unit 3 of the learning path",
    "令和5-6年度",
  ])("leaves %s alone", expectUntouched);
});

describe("dates of birth", () => {
  it.each([
    ["生年月日：昭和55年5月1日", `生年月日：${P("date_of_birth")}`],
    ["生年月日 1980/05/01", `生年月日 ${P("date_of_birth")}`],
    ["１９８０年５月１日生まれです", `${P("date_of_birth")}生まれです`],
    ["平成元年1月8日生まれ", `${P("date_of_birth")}生まれ`],
    ["誕生日は5月3日です", `誕生日は${P("date_of_birth")}です`],
    ["H12.3.4生", `${P("date_of_birth")}生`],
    ["生年月日 Ｓ６０／１／１５", `生年月日 ${P("date_of_birth")}`],
    ["R5.4.1生まれの子", `${P("date_of_birth")}生まれの子`],
    ["㍼55年5月1日生", `${P("date_of_birth")}生`],
    ["生年月日：昭和五十五年五月一日", `生年月日：${P("date_of_birth")}`],
    ["生年月日：平成40年1月1日", `生年月日：${P("date_of_birth")}`], // mistyped, still a date of birth
    ["生年月日は1980年5月です", `生年月日は${P("date_of_birth")}です`],
    ["I was born on 1 May 1980.", `I was born on ${P("date_of_birth")}.`],
    ["DOB: 05/01/1980", `DOB: ${P("date_of_birth")}`],
    ["DOB １９８０／５／１", `DOB ${P("date_of_birth")}`],
    ["date of birth 1980-05-01", `date of birth ${P("date_of_birth")}`],
    ["born May 1, 1980", `born ${P("date_of_birth")}`],
    ["My birthday is May 3rd.", `My birthday is ${P("date_of_birth")}.`],
    ["I was born in Osaka on the 1st of May 1980", `I was born in Osaka on the ${P("date_of_birth")}`],
    ["1 May 1980 (date of birth)", `${P("date_of_birth")} (date of birth)`],
  ])("%s", (text, published) => expectRedacted(text, published, "date_of_birth"));

  it("flags both ways of writing the same date of birth", () => {
    expectRedacted(
      "生年月日：1980年5月1日（昭和55年5月1日）",
      `生年月日：${P("date_of_birth")}（${P("date_of_birth")}）`,
      "date_of_birth",
    );
  });

  it.each([
    // A date with no birth word near it is not flagged (ADR 058): meetings, publications, versions.
    "2026年5月10日の説明会に参加しました",
    "The meeting on 10 May 2026 was useful",
    "2026/05/10 13:00 から",
    // A year alone says no more than an age.
    "I was born in 1980",
    "昭和55年生まれです",
    // Not a date that can be a birth: in the future.
    "born 1 May 2099",
    "生年月日の欄は空けておきました。説明会は2026年5月10日でした。",
  ])("leaves %s alone", expectUntouched);

  it("reads the birth word in the same sentence only, and the first date after it", () => {
    expect(redactPersonalData("DOB 1980/5/1; diagnosed 2019/5/5").text).toBe(`DOB ${P("date_of_birth")}; diagnosed 2019/5/5`);
  });
});

describe("names", () => {
  it.each([
    ["田中さんに相談しました", `${P("person_name")}さんに相談しました`],
    ["主治医の山田先生に聞きました", `主治医の${P("person_name")}先生に聞きました`],
    ["ジョン・スミスさん", `${P("person_name")}さん`],
    ["山田　太郎様", `${P("person_name")}様`],
    ["花子ちゃんが検査を受けました", `${P("person_name")}ちゃんが検査を受けました`],
    ["Tanakaさんに会いました", `${P("person_name")}さんに会いました`],
    ["私は山田 太郎です", `私は${P("person_name")}です`],
    ["山田花子と申します", `${P("person_name")}と申します`],
    ["はじめまして。やまだはなこといいます。", `はじめまして。${P("person_name")}といいます。`],
    ["名前は山田です", `名前は${P("person_name")}です`],
    ["氏名：山田 花子", `氏名：${P("person_name")}`],
    ["My name is Hanako Yamada and I", `My name is ${P("person_name")} and I`],
    ["my name is hanako", `my name is ${P("person_name")}`],
    ["I am Hanako Yamada.", `I am ${P("person_name")}.`],
    ["Dr Smith said it was fine", `Dr ${P("person_name")} said it was fine`],
    ["Mrs. Sato", `Mrs. ${P("person_name")}`],
    ["my daughter Emily has a rare disease", `my daughter ${P("person_name")} has a rare disease`],
    ["Best regards,\nHanako Yamada", `Best regards,\n${P("person_name")}`],
  ])("%s", (text, published) => expectRedacted(text, published, "person_name"));

  it.each([
    "患者さんの声を聞いてください",
    "みなさん、ありがとう",
    "参加者の皆様へ",
    "お子さんの検査",
    "看護師さんが親切でした",
    "同様に考えます",
    "様子を見ます",
    "お疲れ様でした",
    "小児患者さんの場合",
    "遺伝カウンセラーさんと話しました",
    "これを遺伝子検査と言います",
    "名前は出さないでください",
    "氏名は公開されません",
    "私は賛成です",
    "私は患者です",
    "my name is not important",
    "I am very worried about this",
    "I am Japanese.",
    "The NHS and Genomics England",
  ])("leaves %s alone", expectUntouched);
});

describe("offsets and what is kept", () => {
  it("gives offsets into the text as written, past emoji, surrogate pairs and full-width forms", () => {
    const text = "😀𠮷田さん、電話は０９０－１２３４－５６７８（夜）";
    const matches = findPersonalData(text);
    expect(matches.map((match) => [match.kind, text.slice(match.start, match.end)])).toEqual([
      ["person_name", "𠮷田"],
      ["phone", "０９０－１２３４－５６７８"],
    ]);
  });

  it("takes a character that NFKC writes as two (㍻) whole", () => {
    const text = "生年月日は㍻12年3月4日";
    const [match] = findPersonalData(text);
    expect(text.slice(match!.start, match!.end)).toBe("㍻12年3月4日");
  });

  it("sees through invisible characters inside a number, and redacts them with it", () => {
    expectRedacted("番号は090\u200B1234\u200B5678です", `番号は${P("phone")}です`, "phone");
  });

  it("keeps everything outside a match exactly as written", () => {
    const text = "ＴＥＬ：０３－１２３４－５６７８（平日　９時〜１７時）、ｅｍａｉｌ：ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ。";
    expect(redactPersonalData(text).text).toBe(`ＴＥＬ：${P("phone")}（平日\u3000９時〜１７時）、ｅｍａｉｌ：${P("email")}。`);
  });

  it("merges overlaps into the more specific kind", () => {
    // A labelled record number that looks like a phone number is a record number.
    expectRedacted("患者番号 0312345678", `患者番号 ${P("hospital_id")}`, "hospital_id");
    // Digits inside an e-mail address are part of the address.
    expectRedacted("taro0312345678@example.jp", P("email"), "email");
    // A My Number is more than a long number.
    expectRedacted("1234-5678-9012", P("my_number"), "my_number");
  });

  it("leaves a placeholder in the text alone, so redacting twice changes nothing", () => {
    const once = redactPersonalData("[redacted: phone] と 090-1234-5678");
    expect(once.text).toBe(`${P("phone")} と ${P("phone")}`);
    expect(once.matches).toEqual([{ kind: "phone", start: 20, end: 33 }]);
    expect(redactPersonalData(once.text)).toEqual({ text: once.text, matches: [] });
  });

  it("reads the redacted text again: a date pulled within reach of a birth word by a removed address is found", () => {
    const text = "DOB (e-mail a.very.long.address.for.hanako@mail.example.co.jp) 1980/05/01";
    expect(findPersonalData(text).map((match) => match.kind)).toEqual(["email"]);
    const result = redactPersonalData(text);
    expect(result.text).toBe(`DOB (e-mail ${P("email")}) ${P("date_of_birth")}`);
    expect(result.matches.map((match) => text.slice(match.start, match.end))).toEqual([
      "a.very.long.address.for.hanako@mail.example.co.jp",
      "1980/05/01",
    ]);
  });

  it("splits a published text into what was written and kinds for the page to translate", () => {
    expect(redactedTextParts(`電話は${P("phone")}、${P("person_name")}さんより`)).toEqual([
      { text: "電話は" },
      { kind: "phone" },
      { text: "、" },
      { kind: "person_name" },
      { text: "さんより" },
    ]);
    expect(personalDataKinds).toEqual([
      "email",
      "phone",
      "my_number",
      "hospital_id",
      "postal_address",
      "date_of_birth",
      "person_name",
    ]);
  });

  it("redacts a whole answer in Japanese and one in English", () => {
    const ja =
      "はじめまして。山田花子と申します。娘が遺伝性の病気で、主治医の佐藤先生の紹介で参加しました。" +
      "説明会（2026年5月10日）は分かりやすかったです。連絡は０９０－１２３４－５６７８か hanako@example.jp へ。" +
      "〒１５４－０００１ 東京都世田谷区池尻３丁目１番１号、生年月日は昭和55年5月1日、診察券番号は１２３４５６７です。";
    expect(redactPersonalData(ja).text).toBe(
      `はじめまして。${P("person_name")}と申します。娘が遺伝性の病気で、主治医の${P("person_name")}先生の紹介で参加しました。` +
        `説明会（2026年5月10日）は分かりやすかったです。連絡は${P("phone")}か ${P("email")} へ。` +
        `${P("postal_address")}、生年月日は${P("date_of_birth")}、診察券番号は${P("hospital_id")}です。`,
    );
    const en =
      "My name is Hanako Yamada. I was born on 1 May 1980 and live at 12 Baker Street. " +
      "The meeting on 10 May 2026 was useful; 50,000 people have joined. Call me on +44 20 7946 0958 " +
      "or write to hanako@example.org. My NHS number is 943 476 5919.";
    expect(redactPersonalData(en).text).toBe(
      `My name is ${P("person_name")}. I was born on ${P("date_of_birth")} and live at ${P("postal_address")}. ` +
        `The meeting on 10 May 2026 was useful; 50,000 people have joined. Call me on ${P("phone")} ` +
        `or write to ${P("email")}. My NHS number is ${P("hospital_id")}.`,
    );
  });
});

describe("hostile input", () => {
  // Linear-time rules: each of these came back in 1–21 ms once warm and under 50 ms on a first call, on a two-core
  // machine shared with other work (ADR 058). No timing is asserted, only that the answer comes back well formed.
  const pick = (alphabet: string, length: number, seed: number) => {
    let state = seed;
    return Array.from({ length }, () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return alphabet[state % alphabet.length];
    }).join("");
  };
  it.each([
    ["digits", "1".repeat(20_000)],
    ["digits and hyphens", "1-".repeat(10_000)],
    ["at signs", "@".repeat(20_000)],
    ["letters and at signs", "a@".repeat(10_000)],
    ["spaced digits", "1 ".repeat(10_000)],
    ["digits, hyphens, @, dots, ー and full-width digits", pick("0123456789-@. ー－１(", 20_000, 7)],
    ["long local parts", `${"a".repeat(70)}@`.repeat(280)],
    ["honorifics", "さん".repeat(10_000)],
    ["a kanji run before an honorific", `${"山".repeat(20_000)}さん`],
    ["birth words and dates", "生年月日1980/1/1 ".repeat(1_300)],
    ["half-width kana and their voicing marks", "ﾀﾞｶﾞ".repeat(5_000)],
    ["kanji numerals and dashes after a city", `東京都港区${"一ー".repeat(10_000)}`],
    ["birth words and slashes", "誕生日 1/".repeat(2_500)],
  ])("%s (20,000 characters) comes back", (_, text) => {
    const result = redactPersonalData(text);
    expect(typeof result.text).toBe("string");
    for (const match of result.matches) {
      expect(match.start).toBeGreaterThanOrEqual(0);
      expect(match.end).toBeLessThanOrEqual(text.length);
      expect(match.end).toBeGreaterThan(match.start);
    }
  });
});

describe("properties", () => {
  const digitish = fc.constantFrom("0", "1", "2", "5", "9", "０", "１", "９", "-", "ー", "－", " ", "　", ".", "/", "(", ")", "+");
  const words = fc.constantFrom(
    "生年月日",
    "誕生日",
    "患者番号",
    "ID",
    "MRN",
    "マイナンバー",
    "〒",
    "丁目",
    "番地",
    "号室",
    "区",
    "市",
    "さん",
    "様",
    "と申します",
    "私は",
    "名前は",
    "born ",
    "DOB ",
    "Mr ",
    "my name is ",
    "Street",
    "年",
    "月",
    "日",
    "@",
    "＠",
    "example.jp",
    "山田",
    "Hanako ",
    "、",
    "。",
    "\n",
    "[redacted: phone]",
  );
  const hostileText = fc
    .array(fc.oneof({ weight: 3, arbitrary: digitish }, { weight: 1, arbitrary: words }, { weight: 1, arbitrary: fc.string({ maxLength: 3 }) }), {
      maxLength: 120,
    })
    .map((pieces) => pieces.join(""));

  it("leaves no personal data, and no run of ten digits, in what it publishes", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const published = redactPersonalData(text).text;
        expect(findPersonalData(published)).toEqual([]);
        expect(published.normalize("NFKC")).not.toMatch(/[0-9]{10}/);
      }),
      { numRuns: 300 },
    );
  });

  it("redacting twice is redacting once", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const once = redactPersonalData(text);
        const twice = redactPersonalData(once.text);
        expect(twice.text).toBe(once.text);
        expect(twice.matches).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("gives sorted, separate spans inside the text, and keeps the text between them as written", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const { text: published, matches } = redactPersonalData(text);
        let at = 0;
        let rebuilt = "";
        for (const match of matches) {
          expect(match.start).toBeGreaterThanOrEqual(at);
          expect(match.end).toBeGreaterThan(match.start);
          rebuilt += text.slice(at, match.start) + personalDataPlaceholder(match.kind);
          at = match.end;
        }
        expect(at).toBeLessThanOrEqual(text.length);
        expect(rebuilt + text.slice(at)).toBe(published);
      }),
      { numRuns: 300 },
    );
  });

  it("returns text with no digits, no at sign and no cue word unchanged", () => {
    // Letters, kana, kanji and punctuation, none of which can start a match without a digit, an @ or a cue.
    const safe = fc.constantFrom(
      ..."abcdefghijklmnopqrstuvwxyzあいうえおかきけこしすせそたつてなにぬねのはひふへほまみむめもやゆよらりるれろわをアイウエオカキクケコ説明文書同意研究参加家族病気検査結果公開意見賛成反対。、！？「」（）・ ,.!?'\n".split(
        "",
      ),
    );
    fc.assert(
      fc.property(fc.array(safe, { maxLength: 200 }), (characters) => {
        const text = characters.join("");
        expect(redactPersonalData(text)).toEqual({ text, matches: [] });
      }),
      { numRuns: 300 },
    );
  });
});

// Issue 54 item 6: every form the header of personal-data.ts claims, as people type it — half- and full-width digits,
// every dash that stands between a number's groups (hyphen-minus, full-width, U+2010–U+2015, minus, ー and its
// half-width form, the small hyphen), spaces and ideographic spaces around it, kanji numerals.
describe("the claimed forms, as typed", () => {
  const dashes = ["-", "－", "‐", "‑", "‒", "–", "—", "―", "−", "ー", "ｰ", "﹣"];
  const fullWidth = (text: string) => text.replace(/[0-9]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0));
  /** A number's groups joined by `dash`, in both widths, tight and with a space or an ideographic space around it. */
  const joined = (groups: string[], dash: string) =>
    ["", " ", "\u3000"].flatMap((space) => [groups.join(`${space}${dash}${space}`), fullWidth(groups.join(`${space}${dash}${space}`))]);

  it.each(dashes)("phone numbers, My Numbers, postcodes, block numbers and dates of birth with %s between the groups", (dash) => {
    for (const phone of [...joined(["090", "1234", "5678"], dash), ...joined(["03", "1234", "5678"], dash), ...joined(["0120", "123", "456"], dash)]) {
      expectRedacted(`携帯は${phone}です`, `携帯は${P("phone")}です`, "phone");
    }
    for (const myNumber of joined(["1234", "5678", "9012"], dash)) {
      expectRedacted(`番号：${myNumber}。`, `番号：${P("my_number")}。`, "my_number");
    }
    for (const postcode of joined(["154", "0001"], dash)) {
      expectRedacted(`〒${postcode} です`, `${P("postal_address")} です`, "postal_address");
    }
    for (const block of joined(["4", "2", "8"], dash)) {
      expectRedacted(`東京都港区芝公園${block}に住んでいます`, `${P("postal_address")}に住んでいます`, "postal_address");
    }
    for (const date of joined(["1980", "05", "01"], dash)) {
      expectRedacted(`生年月日：${date}`, `生年月日：${P("date_of_birth")}`, "date_of_birth");
    }
  });

  it.each([
    // e-mail: (at) and [at] with the spaces people put around them, in either width
    ["hanako (at) example.com まで", `${P("email")} まで`, "email"],
    ["hanako [at] example.co.jp", P("email"), "email"],
    ["ｈａｎａｋｏ　（ａｔ）　ｅｘａｍｐｌｅ．ｊｐ", P("email"), "email"],
    ["HANAKO＠EXAMPLE．JP", P("email"), "email"],
    // phones: the country code with its trunk zero, parentheses, full-width plus, North American groups
    ["+81 (0)90 1234 5678", P("phone"), "phone"],
    ["＋８１　９０　１２３４　５６７８", P("phone"), "phone"],
    ["０３（１２３４）５６７８", P("phone"), "phone"],
    ["09012345678", P("phone"), "phone"],
    ["020 7946 0958", P("phone"), "phone"],
    ["555.123.4567", P("phone"), "phone"],
    ["1-555-123-4567", P("phone"), "phone"],
    // My Number: a miscounted one after its label
    ["マイナンバー：１２３４５６７８９０１", `マイナンバー：${P("my_number")}`, "my_number"],
    ["個人番号は１２３４ ５６７８ ９０１２です", `個人番号は${P("my_number")}です`, "my_number"],
    // hospital and record numbers after their labels, letters before the digits
    ["診察券番号：Ａ１２３４５６", `診察券番号：${P("hospital_id")}`, "hospital_id"],
    ["カルテNo.12345", `カルテNo.${P("hospital_id")}`, "hospital_id"],
    ["ＩＤは１２３４５です", `ＩＤは${P("hospital_id")}です`, "hospital_id"],
    ["被保険者番号：１２３４５６７８", `被保険者番号：${P("hospital_id")}`, "hospital_id"],
    // addresses: kanji numerals, a space between the place and its number, 〒 with seven digits
    ["横浜市中区山下町百二十三番地", P("postal_address"), "postal_address"],
    ["横浜市中区山下町百二十三番地の四に住んでいます", `${P("postal_address")}に住んでいます`, "postal_address"],
    ["千代田区千代田一番一号", P("postal_address"), "postal_address"],
    ["東京都港区芝公園四‐二‐八", P("postal_address"), "postal_address"],
    ["東京都港区芝公園四丁目二番八号", P("postal_address"), "postal_address"],
    ["東京都港区芝公園 4-2-8", P("postal_address"), "postal_address"],
    ["東京都港区芝公園　４丁目２番８号", P("postal_address"), "postal_address"],
    ["〒１５４０００１", P("postal_address"), "postal_address"],
    // dates of birth: years in kanji digits, a month and a day or a year and a month with slashes
    ["一九八〇年五月一日生まれです", `${P("date_of_birth")}生まれです`, "date_of_birth"],
    ["生年月日：二〇〇〇年十二月三十一日", `生年月日：${P("date_of_birth")}`, "date_of_birth"],
    ["生年月日：一九八○年五月一日", `生年月日：${P("date_of_birth")}`, "date_of_birth"],
    ["誕生日は5/3です", `誕生日は${P("date_of_birth")}です`, "date_of_birth"],
    ["誕生日は５／３です", `誕生日は${P("date_of_birth")}です`, "date_of_birth"],
    ["５／３生まれです", `${P("date_of_birth")}生まれです`, "date_of_birth"],
    ["生年月日は1980/5です", `生年月日は${P("date_of_birth")}です`, "date_of_birth"],
    ["My birthday is 25/12.", `My birthday is ${P("date_of_birth")}.`, "date_of_birth"],
    ["令和元年５月１日生まれ", `${P("date_of_birth")}生まれ`, "date_of_birth"],
    // names: half-width katakana with its voicing marks, marks typed apart, a space before the honorific
    ["ﾔﾏﾀﾞさんに相談しました", `${P("person_name")}さんに相談しました`, "person_name"],
    ["ｽｽﾞｷ ﾊﾅｺさま", `${P("person_name")}さま`, "person_name"],
    // ダ decomposed, タ + U+3099, as text pasted from some Mac applications arrives.
    ["ヤマタ\u3099さん", `${P("person_name")}さん`, "person_name"],
    ["ヤマタ゛さん", `${P("person_name")}さん`, "person_name"],
    ["ﾎﾟｰﾙさん", `${P("person_name")}さん`, "person_name"],
    ["山田 太郎 様", `${P("person_name")} 様`, "person_name"],
    ["田中\u3000様", `${P("person_name")}\u3000様`, "person_name"],
    ["佐藤 くんと話しました", `${P("person_name")} くんと話しました`, "person_name"],
    ["Tanaka さん", `${P("person_name")} さん`, "person_name"],
    ["I asked Yamada-sensei", `I asked ${P("person_name")}-sensei`, "person_name"],
    ["名前は、山田です", `名前は、${P("person_name")}です`, "person_name"],
    ["私は、山田 花子と申します", `私は、${P("person_name")}と申します`, "person_name"],
    // A form's text arrives with CR LF line breaks.
    ["Best regards,\r\nHanako Yamada", `Best regards,\r\n${P("person_name")}`, "person_name"],
    ["Thanks,\r\nHanako", `Thanks,\r\n${P("person_name")}`, "person_name"],
  ] as Array<[string, string, PersonalDataKind]>)("%s", (text, published, kind) => expectRedacted(text, published, kind));

  it("gives a half-width name with its voicing marks whole, offsets into the text as written", () => {
    const text = "ﾔﾏﾀﾞさんとヤマタ\u3099さん";
    expect(findPersonalData(text).map((match) => text.slice(match.start, match.end))).toEqual(["ﾔﾏﾀﾞ", "ヤマタ\u3099"]);
  });

  it.each([
    // Quantities, prices, years and counts in full width stay: they name no one.
    "２０２６年に始まります",
    "２０２６年５月１０日の説明会に参加しました",
    "二〇二六年五月十日の説明会",
    "会費は１２，０００円です",
    "¥12,000 でした",
    "参加者は３人、説明は１２回",
    "1980年代の研究",
    // A date with no birth word, a fraction, and 生まれつき ("from birth"), which is said of conditions.
    "5/3の説明会に行きます",
    "約1/3の人が生まれつきの病気です",
    "生まれつき心臓が弱く、1/3の時間は入院でした",
    "1/3 of people born with it have no symptoms",
    // さん and 様 on ordinary words: people by role, set phrases, shops and offices.
    "皆さん、ありがとうございました",
    "お医者さんに相談しました",
    "今日みなさんに会えました",
    "近所のおばさんが教えてくれた",
    "ご馳走様でした",
    "お陰様で元気です",
    "ご愁傷様です",
    "お得意様向けの説明",
    "お嬢様育ち",
    "大工さんに頼みました",
    "八百屋さんで買いました",
    "研究所さんから連絡がありました",
    "長女さんの検査",
    "患者 さん",
    "ご家族 様",
    // 一番 is "the most"; a span of years after a city is a period; an era's span of years.
    "一番地元に近い病院",
    "この町一番地味な店",
    "横浜市 2025-2026 の計画",
    "令和五ー六年度の予算",
    // Cues that are not followed by a name or an address.
    "名前は、出さないでください",
    "私は、賛成です",
    "meet me (at) noon",
  ])("leaves %s alone", expectUntouched);
});
