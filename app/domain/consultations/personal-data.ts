/**
 * Personal data in a free-text consultation answer: what is found, and how it is hidden in what is published
 * (issue 28 item 3, ADR 058). Pure and free of Node APIs: the domain runs it when an answer arrives, and the same
 * rules may show a moderator, in the browser, why a span was flagged.
 *
 * Seven kinds are found (`personalDataKinds`), in Japanese and English, in whatever width they were typed: the text is
 * folded character by character to NFKC (full-width digits, letters, ＠, ．, －, the ideographic space, ㍻ → 平成),
 * with invisible format characters dropped, a kana and the voicing mark typed after it read as one letter (ﾀﾞ, タ with
 * a combining or spacing ゛ → ダ) and any dash or ー after a digit read as "-", while every offset handed back refers
 * to the text as written. What is outside a match is never changed.
 *
 * - `email`: local@domain.tld, also with "(at)" or "[at]" for the at sign, with or without a space either side.
 * - `phone`: a number starting with + and 8–15 digits; a number starting with 0 with 10 or 11 digits in any grouping
 *   (Japanese and UK national numbers: 03-1234-5678, 090 1234 5678, (03)1234-5678, 020 7946 0958); North American
 *   3-3-4 groups.
 * - `my_number`: any 12 digits written as one number (no +), in any grouping with hyphens or spaces; there is no
 *   check-digit test, so every 12-digit number is flagged. Also 10–13 digits after マイナンバー, 個人番号,
 *   "My Number" or "individual number".
 * - `hospital_id`: 4–16 digits (optionally after up to four letters, "AB-1234567") at most 16 characters after a
 *   label — 患者番号, 患者ID, 診察券, カルテ, 受診番号, 被保険者番号, 保険証, ID, MRN, "patient/hospital/NHS/record
 *   number" and the like (`hospitalIdLabels`) — in the same sentence, unless it is a year or a count (2026年, 12人).
 *   And, with no label, any number of 10 or more digits that is none of the kinds above (a long number in an answer
 *   is an identifier, not a quantity: quantities are written with commas, 万 or 億).
 * - `postal_address`: 〒 and NNN-NNNN postcodes (or seven digits after 〒 or 郵便番号); Japanese block numbers
 *   (N丁目, N番地, N番N号, N号室) and "N-N-N" after a place name containing 都道府県市区町村郡 — in kanji numerals
 *   too (三丁目; 百二十三番地, 一番一号 and 四‐二‐八 only after such a place name: 一番 is also "the most") — each with
 *   the place name written before it, a space between or not; a place name in kanji or katakana after 住所 or 所在地
 *   (さいたま市 keeps its hiragana outside the span: a municipality alone names no one); English street addresses
 *   ("12 Baker Street", Title Case street name and a street word), "Apt/Flat/Suite N", "PO Box N", UK postcodes and
 *   US state + ZIP.
 *   A municipality alone (東京都世田谷区, "I live in Leeds") is not flagged: many people share it.
 * - `date_of_birth`: a date — 1980/5/1, 1980-05-01, 1980年5月1日, 一九八〇年五月一日, 昭和55年5月1日 (令和, 平成,
 *   昭和, 大正, 明治, 元年, ㍻; kanji numerals too), S55.5.1, H12/3/4, 1/5/1980, 1 May 1980, May 1, 1980, the 1st of
 *   May 1980 — or a partial one (year and month: 1980年5月, 1980/5, May 1980; month and day: 5月3日, 5/3, May 3rd)
 *   with a birth word near it: 生年月日, 誕生日, 生まれ, 出生, "born", "DOB", "date of birth", "birthday" up to 30
 *   characters before it or 12 after it in the same sentence (for "5/3", which is also a fraction, only right after
 *   it), or 生 right after it. 生まれつき ("from birth", said of a condition) is no birth word. Full dates
 *   must have a year between 1900 and this year. A date with no birth word near it is NOT flagged: answers cite
 *   meeting days, publication dates and form versions all the time, and a date alone names no one. A year alone
 *   ("born in 1980") is not flagged either: it says no more than an age.
 * - `person_name`: only names a cue introduces, because a name cannot be told from any other word by its shape: the
 *   kanji or katakana (or a Latin name) before さん, 様, さま, 先生, くん, 君, ちゃん, 氏, 殿, a space between or not
 *   (山田 太郎 様), less a list of words such as 患者さん, 皆様, 同様, 大工さん, 研究所さん, and set phrases after お or
 *   ご (ご馳走様, お陰様, お得意様); "Tanaka-san", "Yamada-sensei"; a name before と申します (or といいます after 私は
 *   or at a sentence start); after 名前は, 氏名:, 私は (a comma after は or not) … when written as a full name with a
 *   space or followed by と申します; "my name is", "I am X Y" (two capitalised words), "Mr/Mrs/Ms/Miss/Mx/Dr/Prof X",
 *   "Name: X", "my daughter X" and a name on the line after a sign-off ("Best regards,"; the line break as a form
 *   sends it, CR LF, or LF).
 *
 * What cannot be caught, and why a moderator still reads every answer: names without a cue ("山田が言うには",
 * "Hanako said"), names in hiragana before an honorific, even after a kanji surname (はなこちゃん, 山田はなこさん:
 * hiragana is too often part of the sentence — 今日みなさんに, 近所のおばさん),
 * spelled-out or kanji numbers outside dates and block numbers (〇九〇の…, "oh nine oh"), obfuscated e-mail
 * addresses beyond (at) ("taro ★ example.jp"), a town or workplace that points at one person, rare diseases, ages and
 * family details that together identify someone, and anything in an image or a link's target. Flagging errs on the
 * side of too much: a needless placeholder costs a quotation a word, a missed number costs a person their privacy.
 * The clock is read once per call, for "this year" in Japan.
 *
 * Overlapping matches are merged into one span whose kind is the most specific one present, in this order: email,
 * my_number, a labelled hospital_id, date_of_birth, phone, postal_address, person_name, then an unlabelled long
 * number (hospital_id). Postal-address matches separated only by spaces or commas are merged into one.
 *
 * `redactPersonalData` replaces each span with `[redacted: <kind>]` — the same in every language, so a published
 * quotation reads the same whatever the reader's language; the page translates the kind (`redactedTextParts`). A
 * placeholder already in a text is left alone and never part of a match, so redacting twice changes nothing.
 */

export const personalDataKinds = [
  "email",
  "phone",
  "my_number",
  "hospital_id",
  "postal_address",
  "date_of_birth",
  "person_name",
] as const;
export type PersonalDataKind = (typeof personalDataKinds)[number];

/** A span of personal data: UTF-16 offsets into the text as written, `end` exclusive. */
export type PersonalDataMatch = { kind: PersonalDataKind; start: number; end: number };

/** What a redacted span reads as in the published text, in every language. */
export function personalDataPlaceholder(kind: PersonalDataKind): string {
  return `[redacted: ${kind}]`;
}

/** Where the kinds' placeholders are in a text. A fresh expression each call: a global regex carries state. */
function placeholderPattern(): RegExp {
  return new RegExp(`\\[redacted: (${personalDataKinds.join("|")})\\]`, "g");
}

/** A redacted text as the page shows it: the text as written, and each placeholder as a kind to translate. */
export function redactedTextParts(text: string): Array<{ text: string } | { kind: PersonalDataKind }> {
  const parts: Array<{ text: string } | { kind: PersonalDataKind }> = [];
  let at = 0;
  for (const found of text.matchAll(placeholderPattern())) {
    if (found.index > at) parts.push({ text: text.slice(at, found.index) });
    parts.push({ kind: found[1] as PersonalDataKind });
    at = found.index + found[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

// --- Folding: a text every rule can read, and the way back to the text as written ------------------------------

type Folded = {
  /** NFKC, character by character, without invisible format characters; each placeholder is one U+FFFC. */
  text: string;
  /** For each UTF-16 unit of `text`, the span of the text as written that produced it. */
  from: number[];
  to: number[];
  /** The kind of each placeholder, by its position in `text`. */
  placeholders: Map<number, PersonalDataKind>;
};

/** Dashes and the long-vowel mark, which people type between the groups of a number (090ー1234ー5678). */
const dashLike = new Set("-\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u30FC\uFE58\uFE63");

/** Characters NFKC leaves alone, by far the most common in an answer: read without calling normalize(). */
function isNfkcStable(cp: number): boolean {
  return (
    (cp >= 0x3001 && cp <= 0x3035) ||
    (cp >= 0x3041 && cp <= 0x3096) ||
    cp === 0x309d ||
    cp === 0x309e ||
    (cp >= 0x30a1 && cp <= 0x30fe) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7a3)
  );
}

/**
 * Invisible characters that would split a number or a name without showing: soft hyphen, zero-width and direction
 * marks, word joiners, the byte-order mark, variation selectors (葛󠄀城 is still a name).
 */
function isInvisible(cp: number): boolean {
  return (
    cp === 0xad ||
    cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2069) ||
    cp === 0xfeff ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

const isDigitCode = (code: number) => code >= 48 && code <= 57;

/**
 * Voicing marks written after a kana, as the combining mark NFKC composes with it: combining (U+3099, U+309A),
 * half-width (U+FF9E, U+FF9F) and spacing (U+309B, U+309C, which NFKC alone would turn into a space and a mark).
 */
const voicingMarks = new Map([
  [0x3099, "\u3099"],
  [0x309a, "\u309A"],
  [0xff9e, "\u3099"],
  [0xff9f, "\u309A"],
  [0x309b, "\u3099"],
  [0x309c, "\u309A"],
]);

function foldCodePoint(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0);
  if (cp === 0x3000) return " ";
  if (isNfkcStable(cp)) return String.fromCodePoint(cp);
  if (isInvisible(cp)) return "";
  return String.fromCodePoint(cp).normalize("NFKC");
}

function fold(text: string): Folded {
  let out = "";
  const from: number[] = [];
  const to: number[] = [];
  // The last two code units written, for reading a dash after a digit ("03 ー 1234").
  let last = 0;
  let beforeLast = 0;
  const foldRange = (start: number, end: number) => {
    let i = start;
    while (i < end) {
      const code = text.charCodeAt(i);
      if (code < 0x80 && code !== 45) {
        out += text[i];
        from.push(i);
        to.push(i + 1);
        beforeLast = last;
        last = code;
        i++;
        continue;
      }
      const cp = text.codePointAt(i)!;
      let width = cp > 0xffff ? 2 : 1;
      let piece: string;
      const mark = voicingMarks.get(text.charCodeAt(i + width));
      if (mark !== undefined && width === 1) {
        // ﾀﾞ (half-width) and タ + U+3099 (text pasted from a decomposed source) are ダ: NFKC composes them only
        // together, and a name read one character at a time would stop at the mark.
        piece = (String.fromCharCode(cp) + mark).normalize("NFKC");
        width = 2;
      } else {
        piece = foldCodePoint(cp);
      }
      if ((isDigitCode(last) || (last === 32 && isDigitCode(beforeLast))) && dashLike.has(piece)) piece = "-";
      for (let k = 0; k < piece.length; k++) {
        from.push(i);
        to.push(i + width);
        beforeLast = last;
        last = piece.charCodeAt(k);
      }
      out += piece;
      i += width;
    }
  };
  let at = 0;
  const placeholders = new Map<number, PersonalDataKind>();
  for (const found of text.matchAll(placeholderPattern())) {
    foldRange(at, found.index);
    placeholders.set(out.length, found[1] as PersonalDataKind);
    out += "\uFFFC";
    from.push(found.index);
    to.push(found.index + found[0].length);
    beforeLast = last;
    last = 0xfffc;
    at = found.index + found[0].length;
  }
  foldRange(at, text.length);
  return { text: out, from, to, placeholders };
}

// --- Characters --------------------------------------------------------------------------------------------------

function codePointBefore(s: string, i: number): number {
  const low = s.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = s.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return ((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  }
  return low;
}

function isKanji(cp: number): boolean {
  return (
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3ffff) ||
    cp === 0x3005 || // 々
    cp === 0x3006 || // 〆
    cp === 0x30f5 || // ヵ
    cp === 0x30f6 // ヶ
  );
}
/** Katakana as names are written: letters, ー and the middle dot of ジョン・スミス. */
function isKatakana(cp: number): boolean {
  return (cp >= 0x30a1 && cp <= 0x30fa) || cp === 0x30fb || cp === 0x30fc || cp === 0x30fd || cp === 0x30fe;
}
function isHiragana(cp: number): boolean {
  return (cp >= 0x3041 && cp <= 0x3096) || cp === 0x309d || cp === 0x309e;
}
const isAsciiLetterCode = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** Where a sentence ends: a cue never reaches across one. */
const sentenceEnd = /[。！？!?\n]|\.\s/;

// --- Candidates ----------------------------------------------------------------------------------------------------

/** Lower is more specific: an overlap keeps the lowest. */
const rankOf = {
  email: 0,
  my_number: 1,
  labelledHospitalId: 2,
  date_of_birth: 3,
  phone: 4,
  postal_address: 5,
  person_name: 6,
  longNumber: 7,
} as const;

type Candidate = { kind: PersonalDataKind; start: number; end: number; rank: number };

// --- E-mail addresses ----------------------------------------------------------------------------------------------

/** "(at)" and "[at]" are written with spaces around them as often as without ("hanako (at) example.jp"). */
const atSigns = /@| ?\(at\) ?| ?\[at\] ?/gi;
const isLocalPartCode = (c: number) =>
  isAsciiLetterCode(c) || isDigitCode(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45; // . _ % + -
const isDomainCode = (c: number) => isAsciiLetterCode(c) || isDigitCode(c) || c === 46 || c === 45;

function findEmails(n: string, out: Candidate[]): void {
  for (const found of n.matchAll(atSigns)) {
    const at = found.index;
    let start = at;
    // A local part is at most 64 characters; looking no further keeps a run of @ linear.
    while (start > 0 && at - start < 64 && isLocalPartCode(n.charCodeAt(start - 1))) start--;
    while (start < at && n[start] === ".") start++;
    if (start === at) continue;
    const domainStart = at + found[0].length;
    let end = domainStart;
    while (end < n.length && end - domainStart < 253 && isDomainCode(n.charCodeAt(end))) end++;
    while (end > domainStart && (n[end - 1] === "." || n[end - 1] === "-")) end--;
    const domain = n.slice(domainStart, end);
    const lastDot = domain.lastIndexOf(".");
    if (lastDot <= 0 || domain.includes("..") || domain.startsWith("-")) continue;
    if (!/^[A-Za-z]{2,}$/.test(domain.slice(lastDot + 1))) continue;
    out.push({ kind: "email", start, end, rank: rankOf.email });
  }
}

// --- Numbers: phones, My Numbers, postcodes, hospital IDs -----------------------------------------------------------

/** Digits written as one number: groups of digits joined by a space, hyphen, dot or parenthesis. */
type DigitChain = {
  /** Where the number starts, with a leading "+" or "(" that belongs to it. */
  start: number;
  end: number;
  /** Where its first digit is. */
  digitStart: number;
  groups: Array<{ start: number; end: number }>;
  /** digitsBefore[g]: how many digits the groups before group g hold (one more entry than groups). */
  digitsBefore: number[];
  /** The characters between groups, in order. */
  joiners: string[];
  plus: boolean;
};

/** How many characters join two digit groups at `at` (0: none). ". " ends a sentence and joins nothing. */
function joinerLength(n: string, at: number): number {
  let k = at;
  let dashes = 0;
  let dots = 0;
  let opens = 0;
  let closes = 0;
  let spaces = 0;
  while (k < n.length && k - at < 3) {
    const ch = n[k];
    if (ch === " ") spaces++;
    else if (ch === "-") dashes++;
    else if (ch === ".") dots++;
    else if (ch === "(") opens++;
    else if (ch === ")") closes++;
    else break;
    k++;
  }
  if (k === at || !isDigitCode(n.charCodeAt(k))) return 0;
  if (dashes > 1 || dots > 1 || opens > 1 || closes > 1 || spaces > 2) return 0;
  if (dots === 1 && k - at !== 1) return 0;
  return k - at;
}

function digitChains(n: string): DigitChain[] {
  const chains: DigitChain[] = [];
  let i = 0;
  while (i < n.length) {
    if (!isDigitCode(n.charCodeAt(i))) {
      i++;
      continue;
    }
    const groups: DigitChain["groups"] = [];
    const digitsBefore = [0];
    const joiners: string[] = [];
    let pos = i;
    for (;;) {
      let end = pos;
      while (end < n.length && isDigitCode(n.charCodeAt(end))) end++;
      groups.push({ start: pos, end });
      digitsBefore.push(digitsBefore[digitsBefore.length - 1]! + end - pos);
      const joiner = joinerLength(n, end);
      if (joiner === 0) {
        i = end;
        break;
      }
      joiners.push(n.slice(end, end + joiner));
      pos = end + joiner;
    }
    let start = groups[0]!.start;
    if (n[start - 1] === "(" && joiners.some((joiner) => joiner.includes(")"))) start--;
    const plus = n[start - 1] === "+";
    if (plus) start--;
    const end = groups[groups.length - 1]!.end;
    chains.push({ start, end, digitStart: groups[0]!.start, groups, digitsBefore, joiners, plus });
  }
  return chains;
}

/** `a|b|c` from "a b c" (an underscore is a space): long alternations read as the lists they are. */
const anyOf = (words: string) =>
  words
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/_/g, " "))
    .join("|");

/** A number followed by one of these is a quantity or a date, not an identifier. */
const countWords = anyOf(`
  年 月 日 歳 才 人 名 件 回 円 % 時 分 秒 万 億 千 ヶ月 か月 カ月 ケ月 週 倍 個 本 枚 歩 点 位 割 床 ページ 頁 行 章 節 条 項
  kg g\b cm mm km m\b years?\b yrs?\b months?\b weeks?\b days?\b people\b persons?\b times\b yen\b percent\b per\b`);
const countFollows = new RegExp(`\\s?(?:${countWords})`, "iy");
function isFollowedByCount(n: string, at: number): boolean {
  countFollows.lastIndex = at;
  return countFollows.test(n);
}

type ChainSlice = { chain: DigitChain; first: number; last: number };

function sliceDigitCount({ chain, first, last }: ChainSlice): number {
  return chain.digitsBefore[last + 1]! - chain.digitsBefore[first]!;
}
function sliceDigits({ chain, first, last }: ChainSlice, n: string): string {
  let digits = "";
  for (let g = first; g <= last; g++) digits += n.slice(chain.groups[g]!.start, chain.groups[g]!.end);
  return digits;
}
function sliceJoiners({ chain, first, last }: ChainSlice): string[] {
  return chain.joiners.slice(first, last);
}
function sliceStart(slice: ChainSlice): number {
  return slice.first === 0 ? slice.chain.start : slice.chain.groups[slice.first]!.start;
}
function sliceEnd(slice: ChainSlice): number {
  return slice.chain.groups[slice.last]!.end;
}
const onlyHyphensAndSpaces = (joiners: string[]) => joiners.every((joiner) => /^[ -]+$/.test(joiner));

function classifyPhone(slice: ChainSlice, n: string): boolean {
  const count = sliceDigitCount(slice);
  if (slice.first === 0 && slice.chain.plus) return count >= 8 && count <= 15;
  const firstDigit = n[slice.chain.groups[slice.first]!.start];
  if (firstDigit === "0") return count === 10 || count === 11;
  // North American 3-3-4, or 1-3-3-4 with the country code
  const { chain } = slice;
  const groups = slice.last - slice.first + 1;
  const withCountryCode = groups === 4 && firstDigit === "1" && groupLength(chain, slice.first) === 1;
  const from = withCountryCode ? slice.first + 1 : slice.first;
  return (
    count <= 11 &&
    slice.last - from === 2 &&
    groupLength(chain, from) === 3 &&
    groupLength(chain, from + 1) === 3 &&
    groupLength(chain, from + 2) === 4
  );
}
function groupLength(chain: DigitChain, g: number): number {
  return chain.groups[g]!.end - chain.groups[g]!.start;
}

function isPostcodeSlice(slice: ChainSlice, n: string): boolean {
  if (slice.last - slice.first !== 1) return false;
  const a = slice.chain.groups[slice.first]!;
  const b = slice.chain.groups[slice.last]!;
  return (
    a.end - a.start === 3 &&
    b.end - b.start === 4 &&
    slice.chain.joiners[slice.first]!.trim() === "-" &&
    !(slice.first === 0 && slice.chain.plus) &&
    !isFollowedByCount(n, b.end)
  );
}

/** 〒 or a postcode word just before a number. */
const postcodeLabelBefore = /(?:〒|郵便番号|postcode|post code|postal code|zip code|zip)[\s:：は]{0,3}$/i;

function findNumbers(n: string, chains: DigitChain[], out: Candidate[]): void {
  const postal = (start: number, end: number) =>
    out.push({ kind: "postal_address", start, end, rank: rankOf.postal_address });
  for (const chain of chains) {
    const whole: ChainSlice = { chain, first: 0, last: chain.groups.length - 1 };
    const count = sliceDigitCount(whole);
    const joiners = sliceJoiners(whole);
    const before = n.slice(Math.max(0, chain.start - 12), chain.start);
    if (count === 12 && !chain.plus && onlyHyphensAndSpaces(joiners)) {
      out.push({ kind: "my_number", start: chain.start, end: chain.end, rank: rankOf.my_number });
    } else if (classifyPhone(whole, n)) {
      out.push({ kind: "phone", start: chain.start, end: chain.end, rank: rankOf.phone });
    } else if (
      isPostcodeSlice(whole, n) ||
      (count === 7 && chain.groups.length === 1 && postcodeLabelBefore.test(before))
    ) {
      postal(withPostMark(n, chain.start), chain.end);
    } else if (chain.groups.length > 2) {
      // A phone or a postcode inside a longer run ("03-1234-5678 2"): the longest one from each group, at most five.
      let first = 0;
      while (first < chain.groups.length) {
        let taken = -1;
        for (let last = Math.min(chain.groups.length - 1, first + 4); last > first; last--) {
          const slice = { chain, first, last };
          if (sliceDigitCount(slice) > 15) continue;
          if (classifyPhone(slice, n)) {
            out.push({ kind: "phone", start: sliceStart(slice), end: sliceEnd(slice), rank: rankOf.phone });
            taken = last;
            break;
          }
          if (isPostcodeSlice(slice, n)) {
            postal(sliceStart(slice), sliceEnd(slice));
            taken = last;
            break;
          }
        }
        first = taken >= 0 ? taken + 1 : first + 1;
      }
    }
    // A long number is an identifier whatever else it is; ranked last, so a phone or My Number keeps its kind.
    const groupsOfTwoOrMore = chain.groups.every((group) => group.end - group.start >= 2);
    if (count >= 10 && groupsOfTwoOrMore && onlyHyphensAndSpaces(joiners)) {
      out.push({ kind: "hospital_id", start: chain.start, end: chain.end, rank: rankOf.longNumber });
    }
    for (const group of chain.groups) {
      if (group.end - group.start >= 10) {
        out.push({ kind: "hospital_id", start: group.start, end: group.end, rank: rankOf.longNumber });
      }
    }
  }
}

/** A postcode's span takes the 〒 written before it. */
function withPostMark(n: string, start: number): number {
  if (n[start - 1] === "〒") return start - 1;
  if (n[start - 1] === " " && n[start - 2] === "〒") return start - 2;
  return start;
}

/**
 * Labels of a hospital or insurance number, in the words patients use. "ID" alone counts: in an answer it is almost
 * always someone's number. A label comes before any shorter one inside it (診察券番号 before 診察券, "patient ID"
 * before "ID"), so the whole label is read.
 */
export const hospitalIdLabels = [
  "患者番号",
  "患者ID",
  "診察券番号",
  "診察券",
  "診察番号",
  "カルテ番号",
  "カルテ",
  "受診番号",
  "受付番号",
  "病院の番号",
  "病院番号",
  "病院ID",
  "ID番号",
  "登録番号",
  "検体番号",
  "被保険者番号",
  "保険者番号",
  "保険証番号",
  "保険証",
  "記号番号",
  "識別番号",
  "管理番号",
  "patient ID",
  "patient number",
  "patient no",
  "hospital number",
  "hospital ID",
  "hospital no",
  "clinic number",
  "medical record number",
  "medical record",
  "record number",
  "chart number",
  "case number",
  "registration number",
  "reference number",
  "NHS number",
  "NHS no",
  "CHI number",
  "MRN",
  "I.D.",
  "ID",
] as const;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Latin labels must stand as words: "ID" is not in "COVID" or "DUO". */
const labelPattern = (labels: readonly string[]) =>
  new RegExp(
    labels
      .map((label) => {
        const body = escapeRegExp(label).replace(/ /g, "\\s?");
        return /^[A-Za-z]/.test(label) ? `(?<![A-Za-z])${body}(?![A-Za-z])` : body;
      })
      .join("|"),
    "gi",
  );
const hospitalIdCue = labelPattern(hospitalIdLabels);
const myNumberCue = /マイナンバー|個人番号|(?<![A-Za-z])(?:My Number|[Ii]ndividual [Nn]umber)(?![A-Za-z])/g;

/** The first number after each label, if it follows within 16 characters of the same sentence. */
function findLabelledNumbers(
  n: string,
  placeholders: Map<number, PersonalDataKind>,
  chains: DigitChain[],
  cue: RegExp,
  accept: (digits: string) => boolean,
  kind: PersonalDataKind,
  rank: number,
  out: Candidate[],
): void {
  let c = 0;
  for (const found of n.matchAll(cue)) {
    const cueEnd = found.index + found[0].length;
    while (c < chains.length && chains[c]!.start < cueEnd) c++;
    const chain = chains[c];
    if (!chain) return;
    let start = chain.start;
    // A record number may begin with letters: "AB-1234567", "ID: K0012345".
    if (start === chain.digitStart) {
      let letters = start;
      if (n[letters - 1] === "-") letters--;
      let p = letters;
      while (p > cueEnd && isAsciiLetterCode(n.charCodeAt(p - 1)) && letters - p < 4) p--;
      if (p < letters && !isAsciiLetterCode(n.charCodeAt(p - 1))) start = p;
    }
    const gap = n.slice(cueEnd, start);
    if (gap.length > 16 || sentenceEnd.test(gap)) continue;
    // Redacted already: the label's number is the placeholder, not the next number after it.
    if (placeholderOfKind(placeholders, cueEnd, gap, kind)) continue;
    const whole: ChainSlice = { chain, first: 0, last: chain.groups.length - 1 };
    const digits = sliceDigits(whole, n);
    if (!accept(digits) || isFollowedByCount(n, chain.end)) continue;
    out.push({ kind, start, end: chain.end, rank });
  }
}

/** Whether `gap` (starting at `at`) holds a placeholder of `kind`. */
function placeholderOfKind(
  placeholders: Map<number, PersonalDataKind>,
  at: number,
  gap: string,
  kind: PersonalDataKind,
): boolean {
  for (let i = gap.indexOf("\uFFFC"); i >= 0; i = gap.indexOf("\uFFFC", i + 1)) {
    if (placeholders.get(at + i) === kind) return true;
  }
  return false;
}

function isYear(digits: string): boolean {
  return digits.length === 4 && (digits.startsWith("19") || digits.startsWith("20"));
}

// --- Postal addresses ------------------------------------------------------------------------------------------------

const blockNumber = "(?:[0-9]{1,5}(?![0-9])|[〇一二三四五六七八九十百]{1,4}(?![〇一二三四五六七八九十百]))";
const blockStart = "(?<![0-9〇一二三四五六七八九十百])";
/** 3丁目, 1丁目2番3号, 1丁目2-3, 12番地, 12番地の3, 5番3号, 101号室 — each unmistakably part of an address. */
const japaneseBlock = new RegExp(
  `${blockStart}${blockNumber}\\s?丁目(?:\\s?${blockNumber}(?:\\s?(?:番地?|-|の)\\s?${blockNumber}(?:\\s?号)?|\\s?番地?)?)?` +
    // 番地 and 号 with digits only: 一番 is "the most" (一番地元, 一番地味).
    `|(?<![0-9])[0-9]{1,5}\\s?(?:番地(?:\\s?(?:の|-)\\s?[0-9]{1,5}(?![0-9])){0,2}|番\\s?[0-9]{1,5}\\s?号|号(?:室|棟))` +
    `(?:\\s?[0-9]{1,5}\\s?号(?:室|棟))?`,
  "g",
);
/** 3-1-1 or 1-2: an address only after a place name with 都道府県市区町村郡 in it (checked in code). */
const japaneseDashBlock = new RegExp(
  `(?<![0-9])[0-9]{1,4}(?:\\s?-\\s?[0-9]{1,4}){1,3}(?![0-9])(?!\\s?(?:${countWords}))`,
  "gi",
);
const kanjiBlockNumber = "[〇一二三四五六七八九十百千]{1,6}";
/**
 * 百二十三番地, 一番一号, 四‐二‐八: block numbers in kanji, only after a place name with 都道府県市区町村郡 in it (checked
 * in code), and 番地 not as the first half of a word: 一番 is also "the most" (町一番地味な店, 一番地元に近い).
 */
const japaneseKanjiBlock = new RegExp(
  `(?<![〇一二三四五六七八九十百千])${kanjiBlockNumber}` +
    `(?:\\s?番地(?:\\s?の\\s?${kanjiBlockNumber})?(?!\\p{Script=Han})` +
    `|\\s?番\\s?${kanjiBlockNumber}\\s?号` +
    `|(?:\\s?[-\u2010-\u2015\u2212ー]\\s?${kanjiBlockNumber}){1,3}(?![〇一二三四五六七八九十百千]))`,
  "gu",
);
const yearSpan = /^(?:19|20)[0-9]{2}\s?-\s?(?:19|20)[0-9]{2}$/;
const japaneseAddressLabel = /(?:ご?住所|現住所|所在地)(?:は|:|：|\s)\s?/g;
const municipalityMarker = /[都道府県市区町村郡]/;

function isPlaceCodePoint(cp: number): boolean {
  return isKanji(cp) || (isKatakana(cp) && cp !== 0x30fb) || cp === 0x304c || cp === 0x306e || cp === 0x30ce; // が の ノ
}
/**
 * Where the place name written just before `end` starts (at most 20 characters back); `end` when there is none. One
 * space may stand between the name and the number (東京都港区芝公園 4-2-8).
 */
function placeNameStart(n: string, end: number): number {
  const nameEnd = n[end - 1] === " " && end >= 2 && isPlaceCodePoint(codePointBefore(n, end - 1)) ? end - 1 : end;
  let i = nameEnd;
  while (i > 0 && nameEnd - i < 20) {
    const cp = codePointBefore(n, i);
    if (!isPlaceCodePoint(cp)) break;
    i -= cp > 0xffff ? 2 : 1;
  }
  // A place name does not start with a particle.
  while (i < nameEnd && (n[i] === "の" || n[i] === "が")) i++;
  return i < nameEnd ? i : end;
}
function placeNameEnd(n: string, start: number, limit: number): number {
  let i = start;
  while (i < n.length && i - start < limit) {
    const cp = n.codePointAt(i)!;
    if (!isPlaceCodePoint(cp)) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

const streetWords = anyOf(`
  Street Road Avenue Lane Drive Close Way Court Place Crescent Terrace Gardens Square Boulevard Hill Grove Mews Row
  Walk Parade Highway`);
const streetAbbreviations = anyOf("St Rd Ave Ln Dr Ct Pl Cres Gdns Sq Blvd Hwy");
/** A house number, one to three Title Case words and a street word: "12 Baker Street", "221B Baker St." */
const englishStreet = new RegExp(
  "(?<![0-9A-Za-z])[0-9]{1,5}[A-Za-z]?(?:[-/][0-9]{1,5}[A-Za-z]?)?,?\\s(?:\\p{Lu}[\\p{L}'’.-]*\\s){1,3}" +
    `(?:${streetWords}|(?:${streetAbbreviations})(?![\\p{L}])\\.?)(?![\\p{L}])`,
  "gu",
);
const englishUnit =
  /(?<![A-Za-z])(?:Apt|Apartment|Suite|Ste|apt|apartment|suite|Flat)\.?\s?#?\s?[0-9]{1,5}[A-Za-z]?(?![0-9A-Za-z%])/g;
const poBox = /(?<![A-Za-z])P\.?\s?O\.?\s?Box\s?[0-9]{1,6}(?![0-9])/gi;
const ukPostcode = /(?<![A-Za-z0-9])(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)\s?[0-9][A-Z]{2}(?![A-Za-z0-9])/g;
const usStates = anyOf(`
  AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA
  RI SC SD TN TX UT VT VA WA WV WI WY`);
const usStateZip = new RegExp(`(?<![A-Za-z])(?:${usStates}),?\\s[0-9]{5}(?:-[0-9]{4})?(?![0-9])`, "g");

function findAddresses(n: string, out: Candidate[]): void {
  const push = (start: number, end: number) =>
    out.push({ kind: "postal_address", start, end, rank: rankOf.postal_address });
  for (const found of n.matchAll(japaneseBlock)) {
    push(placeNameStart(n, found.index), found.index + found[0].length);
  }
  for (const pattern of [japaneseDashBlock, japaneseKanjiBlock]) {
    for (const found of n.matchAll(pattern)) {
      // 横浜市 2025-2026: a span of years after a city is a plan's period, not a block number.
      if (yearSpan.test(found[0])) continue;
      const start = placeNameStart(n, found.index);
      if (start < found.index && municipalityMarker.test(n.slice(start, found.index))) {
        push(start, found.index + found[0].length);
      }
    }
  }
  for (const found of n.matchAll(japaneseAddressLabel)) {
    const start = found.index + found[0].length;
    const end = placeNameEnd(n, start, 30);
    if (end > start && municipalityMarker.test(n.slice(start, end))) push(start, end);
  }
  for (const pattern of [englishStreet, englishUnit, poBox, ukPostcode, usStateZip]) {
    for (const found of n.matchAll(pattern)) push(found.index, found.index + found[0].length);
  }
}

// --- Dates of birth --------------------------------------------------------------------------------------------------

const kanjiNumeral = "[〇一二三四五六七八九十]{1,3}";
const monthOrDay = `(?:[0-9]{1,2}|${kanjiNumeral})`;
const englishMonth = `(?:${anyOf(`
  Jan(?:uary)? Feb(?:ruary)? Mar(?:ch)? Apr(?:il)? May June? July? Aug(?:ust)? Sep(?:t(?:ember)?)? Oct(?:ober)?
  Nov(?:ember)? Dec(?:ember)?`)})\\.?`;
const fourDigitYear = "((?:19|20)[0-9]{2})";
const eraNames = "令和|平成|昭和|大正|明治";

/**
 * A date's parts as written. `year` is "unknown" for a two-digit year and for an era year, which is not checked
 * against the era's length: 平成40年 near 生年月日 is a mistyped date of birth, and still one.
 */
type DateParts = { year?: number | "unknown"; month?: string; day?: string; dayFirstOrMonthFirst?: boolean };
type DatePattern = {
  pattern: RegExp;
  read: (groups: Array<string | undefined>) => DateParts;
  /**
   * How far a birth word written after the date may be (12 unless said). "5/3" is also a fraction — "1/3 of people
   * born with it" — so a bare month/day takes a birth word after it only right after it (5/3生まれ, 5/3が誕生日).
   */
  cueAfter?: number;
};

/** 一九八〇 as 1980: a year written digit by digit in kanji, with 〇, 零 or the ○ often typed for it as zero. */
const kanjiDigitValues = new Map(Array.from("〇○零一二三四五六七八九", (digit, i) => [digit, Math.max(0, i - 2)]));
const kanjiDigits = Array.from(kanjiDigitValues.keys()).join("");
const kanjiDigitsValue = (digits: string) => Number(Array.from(digits, (digit) => kanjiDigitValues.get(digit)).join(""));

const datePatterns: DatePattern[] = [
  // 1980/5/1, 1980-05-01, 1980.5.1
  {
    pattern: /(?<![0-9])((?:19|20)[0-9]{2})\s?([-/.])\s?([0-9]{1,2})\s?\2\s?([0-9]{1,2})(?![0-9])/g,
    read: (g) => ({ year: Number(g[1]), month: g[3], day: g[4] }),
  },
  // 1980年5月1日, 1980年5月, 80年5月1日 (not the year of an era: 平成12年 is read below)
  {
    pattern: new RegExp(
      `(?<![0-9])(?<!(?:${eraNames})\\s?)((?:19|20)?[0-9]{2})\\s?年\\s?(${monthOrDay})\\s?月(?:\\s?(${monthOrDay})\\s?日)?`,
      "g",
    ),
    read: (g) => ({ year: g[1]!.length === 4 ? Number(g[1]) : "unknown", month: g[2], day: g[3] }),
  },
  // 一九八〇年五月一日, 二〇〇〇年一月
  {
    pattern: new RegExp(`(?<![${kanjiDigits}十])([${kanjiDigits}]{4})\\s?年\\s?(${monthOrDay})\\s?月(?:\\s?(${monthOrDay})\\s?日)?`, "g"),
    read: (g) => ({ year: kanjiDigitsValue(g[1]!), month: g[2], day: g[3] }),
  },
  // 昭和55年5月1日, 平成元年3月, 昭和55.5.1
  {
    pattern: new RegExp(
      `(${eraNames})\\s?(元|[0-9]{1,2}|${kanjiNumeral})\\s?` +
        `(?:年\\s?(${monthOrDay})\\s?月(?:\\s?(${monthOrDay})\\s?日)?|[./-]\\s?([0-9]{1,2})\\s?[./-]\\s?([0-9]{1,2})(?![0-9]))`,
      "g",
    ),
    read: (g) => ({ year: "unknown", month: g[3] ?? g[5], day: g[4] ?? g[6] }),
  },
  // S55.5.1, H12/3/4, R5-4-1
  {
    pattern: /(?<![A-Za-z0-9])([RHSTM])\s?(元|[0-9]{1,2})\s?[./-]\s?([0-9]{1,2})\s?[./-]\s?([0-9]{1,2})(?![0-9])/g,
    read: (g) => ({ year: "unknown", month: g[3], day: g[4] }),
  },
  // 5月1日
  {
    pattern: new RegExp(`(?<![0-9年〇一二三四五六七八九十])(${monthOrDay})\\s?月\\s?(${monthOrDay})\\s?日`, "g"),
    read: (g) => ({ month: g[1], day: g[2] }),
  },
  // 1/5/1980, 5-1-1980, 01.05.80
  {
    pattern: /(?<![0-9./-])([0-9]{1,2})([-/.])([0-9]{1,2})\2((?:19|20)[0-9]{2}|[0-9]{2})(?![0-9])/g,
    read: (g) => ({
      year: g[4]!.length === 4 ? Number(g[4]) : "unknown",
      month: g[1],
      day: g[3],
      dayFirstOrMonthFirst: true,
    }),
  },
  // 1 May 1980, 1st of May, 1980, 3 May
  {
    pattern: new RegExp(
      `(?<![0-9A-Za-z])([0-9]{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+${englishMonth}(?:,?\\s+${fourDigitYear})?(?![0-9A-Za-z])`,
      "gi",
    ),
    read: (g) => ({ year: g[2] ? Number(g[2]) : undefined, month: "1", day: g[1] }),
  },
  // May 1, 1980, May 1st
  {
    pattern: new RegExp(
      `(?<![A-Za-z])${englishMonth}\\s+([0-9]{1,2})(?:st|nd|rd|th)?(?:,?\\s+${fourDigitYear})?(?![0-9])`,
      "gi",
    ),
    read: (g) => ({ year: g[2] ? Number(g[2]) : undefined, month: "1", day: g[1] }),
  },
  // May 1980
  {
    pattern: new RegExp(`(?<![A-Za-z])${englishMonth},?\\s+${fourDigitYear}(?![0-9])`, "gi"),
    read: (g) => ({ year: Number(g[1]), month: "1" }),
  },
  // 1980/5, 1980-05, 1980.5 (a year and a month)
  {
    pattern: /(?<![0-9./-])((?:19|20)[0-9]{2})\s?([-/.])\s?([0-9]{1,2})(?![0-9]|\s?[-/.]\s?[0-9])/g,
    read: (g) => ({ year: Number(g[1]), month: g[3] }),
  },
  // 5/3 (a month and a day, or a day and a month)
  {
    pattern: /(?<![0-9./-])([0-9]{1,2})\s?\/\s?([0-9]{1,2})(?![0-9]|\s?[-/.]\s?[0-9])/g,
    read: (g) => ({ month: g[1], day: g[2], dayFirstOrMonthFirst: true }),
    cueAfter: 1,
  },
];

function isRealDate(parts: DateParts, thisYear: number): boolean {
  const inRange = (value: string | undefined, low: number, high: number) =>
    value === undefined || !/^[0-9]+$/.test(value) || (Number(value) >= low && Number(value) <= high);
  const { year } = parts;
  if (typeof year === "number" && (year < 1900 || year > thisYear)) return false;
  if (parts.year === undefined && parts.month === undefined) return false;
  // 1/5/1980 may be day-first or month-first: either number may be the day.
  const monthLimit = parts.dayFirstOrMonthFirst ? 31 : 12;
  return inRange(parts.month, 1, monthLimit) && inRange(parts.day, 1, 31);
}

/** 生まれつき is "from birth" — a condition, not a birthday: answers about inherited conditions say it often. */
const birthCue =
  /生年月日|お?誕生日|生まれ(?!つき)|産まれ(?!つき)|出生|生誕|(?<![A-Za-z])(?:date\s?of\s?birth|birth\s?date|birthday|born|D\.?O\.?B\.?)(?![A-Za-z])/gi;
/** Two ways of writing the same date side by side: "1980年5月1日（昭和55年）", "1 May 1980 / 1980-05-01". */
const equivalentGap = /^[\s()（）[\]/／、,・=＝]{0,4}$/;

function thisYearInJapan(): number {
  return new Date(Date.now() + 9 * 3600_000).getUTCFullYear();
}

function findDatesOfBirth(n: string, placeholders: Map<number, PersonalDataKind>, out: Candidate[]): void {
  // Dates count only near a birth word (or before 生): without one, there is nothing to look for.
  const cues = Array.from(n.matchAll(birthCue), (cue) => ({ start: cue.index, end: cue.index + cue[0].length }));
  if (cues.length === 0 && !n.includes("生")) return;
  const thisYear = thisYearInJapan();
  const found: Array<{ start: number; end: number; cueAfter: number }> = [];
  for (const { pattern, read, cueAfter = 12 } of datePatterns) {
    for (const match of n.matchAll(pattern)) {
      const groups = Array.from(match, (group) => (group === "" ? undefined : group));
      if (isRealDate(read(groups), thisYear)) found.push({ start: match.index, end: match.index + match[0].length, cueAfter });
    }
  }
  if (found.length === 0) return;
  // A date of birth already redacted is still the date its birth word speaks of.
  for (const [at, kind] of placeholders) if (kind === "date_of_birth") found.push({ start: at, end: at + 1, cueAfter: 12 });
  // One date may be found by two patterns (1980年5月1日 and 5月1日): one span each.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const dates: Array<{ start: number; end: number; cueAfter: number; birth: boolean }> = [];
  for (const date of found) {
    const previous = dates[dates.length - 1];
    if (previous && date.start < previous.end) {
      previous.end = Math.max(previous.end, date.end);
      previous.cueAfter = Math.max(previous.cueAfter, date.cueAfter);
    } else dates.push({ ...date, birth: false });
  }
  let before = 0; // the first date starting at or after the cue
  for (const cue of cues) {
    while (before < dates.length && dates[before]!.start < cue.end) before++;
    const next = dates[before];
    if (next) {
      const gap = n.slice(cue.end, next.start);
      if (gap.length <= 30 && !sentenceEnd.test(gap)) next.birth = true;
    }
    // The last date ending at or before the cue: "1980年5月1日生まれ", "1 May 1980 (date of birth)".
    let last = before - 1;
    while (last >= 0 && dates[last]!.end > cue.start) last--;
    const previous = dates[last];
    if (previous) {
      const gap = n.slice(previous.end, cue.start);
      if (gap.length <= previous.cueAfter && !sentenceEnd.test(gap)) previous.birth = true;
    }
  }
  for (const date of dates) {
    // 1980年5月1日生, 昭和55年5月1日生 (a profile's way of writing it)
    if (/^\s?生(?![活命徒物産涯存協体])/.test(n.slice(date.end, date.end + 3))) date.birth = true;
  }
  for (let d = 1; d < dates.length; d++) {
    const a = dates[d - 1]!;
    const b = dates[d]!;
    if (a.birth !== b.birth && equivalentGap.test(n.slice(a.end, b.start))) {
      a.birth = true;
      b.birth = true;
    }
  }
  for (const date of dates) {
    if (date.birth && !placeholders.has(date.start)) {
      out.push({ kind: "date_of_birth", start: date.start, end: date.end, rank: rankOf.date_of_birth });
    }
  }
}

// --- Names ---------------------------------------------------------------------------------------------------------

/** Words written before an honorific that are not names: 患者さん, 皆様, 同様, お子さん, 看護師さん. */
const notNamesBeforeHonorific = new Set(
  (
    "患者 皆 医者 看護師 医師 先生 子 娘 息子 奥 父 母 兄 姉 弟 妹 祖父 祖母 孫 親 親御 家族 本人 客 参加者 担当 " +
    "担当者 研究者 委員 職員 相談員 主治医 担当医 友達 友人 彼 彼女 同 多 模 仕 異 有 一 今 外 各 神 王 仏 殿 御 貴方 " +
    "赤 坊 苦労 世話 疲 旦那 嫁 婿 姑 舅 叔父 叔母 伯父 伯母 甥 姪 隣 大家 先輩 後輩 姫 王子 業者 店員 両親 夫 妻 主人 " +
    "家内 相手 利用者 申請者 回答者 応募者 市民 国民 県民 都民 住民 方 各位 諸 暴 名 主 摂 華 源 宮 貴 上 下 左 右 " +
    "前 後 当 本 該 両 某 誰 何 大 平 人々 社長 部長 課長 院長 会長 所長 校長 店長 議長 委員長 市長 町長 村長 園長 室長 知事 " +
    "議員 大臣 総理 首相 天皇 陛下 殿下 皇后 大統領 看護 薬剤師 技師 保健師 助産師 栄養士 担任 医療者 支援者 協力者 " +
    "提供者 代諾者 保護者 後見人 代理人 介護者 恋人 知人 他人 大人 個人 日本人 外国人 一人 二人 人 赤ちゃん お客 " +
    "ママ パパ スタッフ ナース ドクター ヘルパー ケアマネ ボランティア カウンセラー コーディネーター ワーカー " +
    "マネージャー メンバー ファン サポーター オーナー ゲスト ユーザー ドナー パートナー ガイド コーチ リーダー " +
    "ベビー シッター チーム グループ 大工 王女 長男 次男 三男 長女 次女 三女 八百屋 魚屋 肉屋 花屋 本屋 床屋 酒屋 米屋 " +
    "薬屋 靴屋 電気屋 不動産屋"
  ).split(" "),
);
/** Endings of words for people by role, not by name: 遺伝カウンセラー, 小児患者, 研究者. */
const roleEndings = [
  "者", "員", "医", "師", "士", "方", "達", "御", "様", "陣", "側", "会", "局", "科", "院", "庁", "省", "社", "部",
  "課", "家", "患者", "家族", "先生", "担当", "社長", "部長", "課長", "院長", "会長", "所長", "校長", "店長", "議長",
  "市長", "町長", "村長", "園長", "室長", "係長", "局長", "カウンセラー", "コーディネーター", "サポーター", "マネージャー",
  "ワーカー", "スタッフ", "ヘルパー", "メンバー", "ドクター", "ナース", "リーダー", "研究所", "事務所", "役所", "保健所",
  "診療所", "営業所", "相談所",
];
/** Whether a word before an honorific or a self-introduction names a role or a relation rather than a person. */
function looksLikeRoleWord(word: string): boolean {
  const bare = word.replace(/[ ・]/g, "");
  return notNamesBeforeHonorific.has(bare) || roleEndings.some((ending) => bare.endsWith(ending));
}

/**
 * The kanji or katakana name that ends at `end`: up to 10 characters, a surname and a given name with one space
 * between them at most. -1 if there is none.
 */
function kanjiOrKatakanaNameBefore(n: string, end: number): number {
  let i = end;
  let count = 0;
  let spaceUsed = false;
  while (i > 0 && count < 10) {
    const cp = codePointBefore(n, i);
    if (isKanji(cp) || isKatakana(cp)) {
      i -= cp > 0xffff ? 2 : 1;
      count++;
      continue;
    }
    if (cp === 0x20 && !spaceUsed && count > 0 && count <= 5 && i >= 2) {
      const beyond = codePointBefore(n, i - 1);
      if (isKanji(beyond) || isKatakana(beyond)) {
        spaceUsed = true;
        i--;
        continue;
      }
    }
    break;
  }
  while (i < end && (n[i] === "・" || n[i] === "ー" || n[i] === " ")) i++;
  return i < end ? i : -1;
}

/** A name in Latin letters just before `end` (Tanakaさん, Hanako Tanaka様): at most two words. -1 if none. */
function latinNameBefore(n: string, end: number): number {
  let i = end;
  let spaceUsed = false;
  while (i > 0 && end - i < 40) {
    const code = n.charCodeAt(i - 1);
    if (isAsciiLetterCode(code) || code === 39 || code === 45) {
      i--;
      continue;
    }
    // One space, between two words of which the second is capitalised: "Hanako Tanaka様".
    const between = code === 32 && !spaceUsed && i < end && i >= 2 && isAsciiLetterCode(n.charCodeAt(i - 2));
    if (between && /[A-Z]/.test(n[i]!)) {
      spaceUsed = true;
      i--;
      continue;
    }
    break;
  }
  while (i < end && !isAsciiLetterCode(n.charCodeAt(i))) i++;
  // The first word must be a capitalised name: "I like Tanakaさん" takes only Tanaka.
  const words = n.slice(i, end).split(" ");
  if (words.length === 2 && !/^[A-Z]/.test(words[0]!)) i += words[0]!.length + 1;
  return end - i >= 2 && /^[A-Za-z]/.test(n[i] ?? "") ? i : -1;
}

const pronouns = new Set(["私", "僕", "俺", "自分", "当方", "わたし", "ぼく"]);
const particles = "はがのをにでともへや";

/** For a strong cue (と申します): a name in any script just before `end`; a hiragana name keeps a kanji surname. */
function anyNameBefore(n: string, end: number): number {
  const cp = codePointBefore(n, end);
  if (!isHiragana(cp)) return kanjiOrKatakanaNameBefore(n, end);
  let i = end;
  while (i > 0 && end - i < 8 && isHiragana(n.charCodeAt(i - 1))) i--;
  if (i > 0 && (isKanji(codePointBefore(n, i)) || isKatakana(codePointBefore(n, i)))) {
    const surnameStart = kanjiOrKatakanaNameBefore(n, i);
    const surname = n.slice(surnameStart, i);
    if (pronouns.has(surname) || looksLikeRoleWord(surname)) {
      // 私はやまだと申します: the hiragana after the pronoun's particle is the name.
      if (particles.includes(n[i]!) && end - i >= 3) return i + 1;
      return end - i >= 2 ? i : -1;
    }
    return surnameStart; // 山田はなこと申します
  }
  return end - i >= 2 ? i : -1;
}

/** What may follow a name written forward (名前は山田です, 氏名：山田 花子、…). */
const nameEndings = /^(?:$|[\s、。，．,.!?！？)）」』\]/:;：；]|です|でした|だ|と申|といい|と言|と名|さん|様|さま|君|くん|ちゃん|先生|より|から|\(|（)/;
/**
 * The name written from `start` (after 名前は, 氏名:, 私は): kanji and katakana, a hiragana given name up to an
 * ending such as です, and nothing if what follows cannot end a name. `spaced`: a surname and a given name.
 */
function japaneseNameAfter(n: string, start: number): { end: number; spaced: boolean } | undefined {
  let i = start;
  let count = 0;
  let spaced = false;
  while (i < n.length && count < 12) {
    const cp = n.codePointAt(i)!;
    if (isKanji(cp) || isKatakana(cp)) {
      i += cp > 0xffff ? 2 : 1;
      count++;
      continue;
    }
    if (cp === 0x20 && !spaced && count > 0 && count <= 5) {
      const next = n.codePointAt(i + 1) ?? 0;
      if (isKanji(next) || isKatakana(next)) {
        spaced = true;
        i++;
        continue;
      }
    }
    break;
  }
  // A given name in hiragana after a kanji surname, or a name all in hiragana: only up to an ending.
  const hiraganaStart = i;
  let h = i;
  while (h < n.length && h - hiraganaStart < 10 && isHiragana(n.charCodeAt(h))) h++;
  if (h > hiraganaStart) {
    const run = n.slice(hiraganaStart, h + 3);
    const ending = run.search(/です|でした|と申|といい|と言|と名|さん|ちゃん|くん|さま/);
    // どうでもいいです, いらないです: a predicate, not a name.
    if (ending > 0 && !/ない|たい|いい|ます|った|って|でも|です|ません/.test(run.slice(0, ending))) {
      i = hiraganaStart + ending;
    }
  }
  if (i === start) return undefined;
  if (!nameEndings.test(n.slice(i, i + 3))) return undefined;
  return { end: i, spaced };
}

const japaneseHonorific = /さん|さま|様|先生|くん|君|ちゃん|氏|殿/g;
const japaneseNameLabel = /(?:お?名前|氏名|フルネーム)(?:は|:|：|\s)[、,]?\s?/g;
const japaneseSelf = /(?:私|わたし|僕|ぼく|自分|当方)は[、,]?\s?/g;
const japaneseIntroduction = /と申します|と申す|と申し|といいます|と言います|と名乗/g;

function findJapaneseNames(n: string, out: Candidate[]): void {
  const push = (start: number, end: number) => out.push({ kind: "person_name", start, end, rank: rankOf.person_name });
  for (const found of n.matchAll(japaneseHonorific)) {
    const afterAt = found.index + found[0].length;
    const after = n.codePointAt(afterAt) ?? 0;
    // 様子, 様々, 氏名, 殿堂, 君主 (先生方 stays): an honorific of a name is not the first half of a word.
    if (found[0] !== "先生" && found[0].length === 1 && isKanji(after)) continue;
    if (found[0] === "さま" && (n[afterAt] === "ざ" || n[afterAt] === "よ")) continue; // さまざま, さまよう
    // 山田 太郎 様: a letter puts a space (often an ideographic one, folded to a space) before the honorific.
    const end = n[found.index - 1] === " " ? found.index - 1 : found.index;
    const latinStart = latinNameBefore(n, end);
    if (latinStart >= 0 && (end === found.index || /[A-Z]/.test(n[latinStart]!))) {
      push(latinStart, end); // Tanakaさん, Tanaka さん
      continue;
    }
    const start = kanjiOrKatakanaNameBefore(n, end);
    if (start < 0) continue;
    const name = n.slice(start, end);
    if (looksLikeRoleWord(name)) continue;
    // ご馳走様, お陰様, お得意様: お and ご make a word of what follows; a name takes no such prefix.
    if ((n[start - 1] === "お" || n[start - 1] === "ご") && !isHiragana(codePointBefore(n, start - 1))) continue;
    // One katakana letter is too little to be a name (ガさん is a typo, not a person).
    if (/^[\u30A1-\u30FE・ ]+$/.test(name) && name.length < 2) continue;
    push(start, end);
  }
  for (const found of n.matchAll(japaneseIntroduction)) {
    const start = anyNameBefore(n, found.index);
    if (start < 0 || looksLikeRoleWord(n.slice(start, found.index))) continue;
    if (!found[0].includes("申")) {
      // といいます also says what a thing is called (これを遺伝子検査と言います): only after 私は or at a sentence start.
      const lead = n.slice(Math.max(0, start - 6), start).replace(/\s+$/, "");
      if (!(lead === "" || /[。、！？!?\n]$/.test(lead) || /(?:私|わたし|僕|ぼく|自分|名前)は$/.test(lead))) continue;
    }
    push(start, found.index);
  }
  for (const found of n.matchAll(japaneseNameLabel)) {
    const start = found.index + found[0].length;
    const name = japaneseNameAfter(n, start);
    if (name && !looksLikeRoleWord(n.slice(start, name.end))) push(start, name.end);
    else if (!name) {
      const end = englishNameAfter(n, start, 1, true); // 名前は Hanako Yamada
      if (end > start) push(start, end);
    }
  }
  for (const found of n.matchAll(japaneseSelf)) {
    const start = found.index + found[0].length;
    const name = japaneseNameAfter(n, start);
    if (!name || looksLikeRoleWord(n.slice(start, name.end))) continue;
    // 私は賛成です is an opinion: a bare word is a name only as a full name or before と申します.
    if (name.spaced || /^\s?(?:と申|といい|と言|と名)/.test(n.slice(name.end, name.end + 4))) push(start, name.end);
  }
}

/** Capitalised words that start sentences or name things other than people. */
const notEnglishNames = new Set(
  (
    "I I'm I’m The A An And But So Or My Our We It This That These Those He She They You Your His Her Their In On At " +
    "Of For To With From By If When As Also Not Very Just Really Japanese Japan English British American Chinese " +
    "Korean Tokyo Osaka Tsunagi NHS DNA Please Thank Thanks Yes No OK Okay Happy Sorry Here There What Why How Who " +
    "Where Dear Hello Hi Mr Mrs Ms Miss Dr Prof Monday Tuesday Wednesday Thursday Friday Saturday Sunday January " +
    "February March April May June July August September October November December Christian Muslim Buddhist"
  ).split(" "),
);
const englishNameWords = /\p{Lu}[\p{L}'’-]*\.?(?:[ \t]\p{Lu}[\p{L}'’-]*\.?){0,2}/uy;
const lowerNameWords = /[a-z][a-z'’-]*(?:[ \t][a-z][a-z'’-]*)?/y;
const notLowerNames = new Set(
  anyOf(`
    not a an the and but so or i is was on in at of for to with from irrelevant unimportant private secret withheld
    anonymous confidential hidden`).split("|"),
);

/** Capitalised words from `at`, cut at the first that is not a name; the end of the name, or -1. */
function englishNameAfter(n: string, at: number, minimumWords: number, allowLowercase = false): number {
  englishNameWords.lastIndex = at;
  const found = englishNameWords.exec(n);
  if (found) {
    let end = at;
    let words = 0;
    for (const word of found[0].split(/[ \t]/)) {
      if (notEnglishNames.has(word.replace(/\.$/, ""))) break;
      end = n.indexOf(word, end) + word.length;
      // "Smith." ends a sentence; "J." is an initial.
      if (word.endsWith(".") && word.length > 2) end--;
      words++;
    }
    return words >= minimumWords ? end : -1;
  }
  if (!allowLowercase) return -1;
  lowerNameWords.lastIndex = at;
  const lower = lowerNameWords.exec(n);
  if (!lower) return -1;
  const words = lower[0].split(/[ \t]/);
  if (notLowerNames.has(words[0]!)) return -1;
  if (words.length === 2 && notLowerNames.has(words[1]!)) return at + words[0]!.length;
  return at + lower[0].length;
}

const englishNameCues: Array<{ pattern: RegExp; minimumWords: number; allowLowercase?: boolean }> = [
  { pattern: /(?<![A-Za-z])[Mm]y name(?:'s|’s| is)\s+/g, minimumWords: 1, allowLowercase: true },
  {
    pattern: new RegExp(
      `(?<![A-Za-z])(?:${anyOf(`
        [Ff]ull_name [Pp]atient_name [Ss]urname [Ff]irst_name [Ll]ast_name [Gg]iven_name [Ff]amily_name [Nn]ame`)})` +
        "\\s?(?:[:：]|is)\\s*",
      "g",
    ),
    minimumWords: 1,
    allowLowercase: true,
  },
  { pattern: /(?<![A-Za-z])(?:I am|I'm|I’m)\s+/g, minimumWords: 2 },
  { pattern: /(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Doctor|Sir|Dame)\.?\s+/g, minimumWords: 1 },
  {
    pattern: new RegExp(
      `(?<![A-Za-z])[Mm]y\\s+(?:${anyOf(`
        son daughter child baby husband wife partner mother father mum mom dad brother sister grandson granddaughter
        grandmother grandfather grandma grandpa aunt uncle cousin friend niece nephew doctor consultant GP nurse carer`)})` +
        "\\s*,?\\s+",
      "g",
    ),
    minimumWords: 1,
  },
  {
    // A name alone on the line after a sign-off.
    pattern: new RegExp(
      `(?:^|\\n)[ \\t]*(?:${anyOf(`
        [Bb]est_regards [Kk]ind_regards [Rr]egards [Ss]incerely [Yy]ours_sincerely [Yy]ours_faithfully [Bb]est_wishes
        [Mm]any_thanks [Tt]hanks [Tt]hank_you [Cc]heers [Bb]est`)})[ \\t]*,?[ \\t]*\\r?\\n[ \\t]*`,
      "g",
    ),
    minimumWords: 1,
  },
];

/** A Japanese honorific written in Latin letters after a capitalised name: "Tanaka-san", "Yamada-sensei". */
const romanisedHonorific = /(?<![\p{L}'’-])\p{Lu}[\p{L}'’]+(?= ?-(?:san|sama|sensei|kun|chan|shi|dono)(?![\p{L}]))/gu;

function findEnglishNames(n: string, out: Candidate[]): void {
  for (const { pattern, minimumWords, allowLowercase } of englishNameCues) {
    for (const found of n.matchAll(pattern)) {
      const start = found.index + found[0].length;
      let end = englishNameAfter(n, start, minimumWords, allowLowercase);
      if (end < 0 && minimumWords === 1) end = japaneseNameAfter(n, start)?.end ?? -1; // my name is 山田
      if (end > start) out.push({ kind: "person_name", start, end, rank: rankOf.person_name });
    }
  }
  for (const found of n.matchAll(romanisedHonorific)) {
    if (notEnglishNames.has(found[0])) continue;
    out.push({ kind: "person_name", start: found.index, end: found.index + found[0].length, rank: rankOf.person_name });
  }
}

// --- Putting it together --------------------------------------------------------------------------------------------

function findInFolded(n: string, placeholders: Map<number, PersonalDataKind>): Candidate[] {
  const out: Candidate[] = [];
  findEmails(n, out);
  const chains = digitChains(n);
  findNumbers(n, chains, out);
  findLabelledNumbers(
    n,
    placeholders,
    chains,
    hospitalIdCue,
    (digits) => digits.length >= 4 && digits.length <= 16 && !isYear(digits),
    "hospital_id",
    rankOf.labelledHospitalId,
    out,
  );
  findLabelledNumbers(
    n,
    placeholders,
    chains,
    myNumberCue,
    (digits) => digits.length >= 10 && digits.length <= 13,
    "my_number",
    rankOf.my_number,
    out,
  );
  findAddresses(n, out);
  findDatesOfBirth(n, placeholders, out);
  findJapaneseNames(n, out);
  findEnglishNames(n, out);
  return out;
}

/**
 * Every span of personal data in `text`, in order, none overlapping (see the rules above). Offsets are UTF-16 offsets
 * into `text` as written.
 */
export function findPersonalData(text: string): PersonalDataMatch[] {
  if (text === "") return [];
  const folded = fold(text);
  const candidates = findInFolded(folded.text, folded.placeholders)
    .filter((candidate) => candidate.end > candidate.start)
    .map((candidate) => ({
      kind: candidate.kind,
      rank: candidate.rank,
      start: folded.from[candidate.start]!,
      end: folded.to[candidate.end - 1]!,
    }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Array<{ kind: PersonalDataKind; rank: number; start: number; end: number }> = [];
  for (const candidate of candidates) {
    const previous = merged[merged.length - 1];
    if (previous && candidate.start < previous.end) {
      previous.end = Math.max(previous.end, candidate.end);
      if (candidate.rank < previous.rank) {
        previous.rank = candidate.rank;
        previous.kind = candidate.kind;
      }
    } else if (
      previous &&
      previous.kind === "postal_address" &&
      candidate.kind === "postal_address" &&
      /^[\s,、，]{0,3}$/.test(text.slice(previous.end, candidate.start))
    ) {
      previous.end = Math.max(previous.end, candidate.end);
    } else {
      merged.push({ ...candidate });
    }
  }
  return merged.map(({ kind, start, end }) => ({ kind, start, end }));
}

/**
 * `text` with every span of personal data replaced by its placeholder, and the spans (offsets into `text`). Removing
 * a long span can bring a date within reach of a birth word it was too far from; the text is read again until
 * nothing more is found, so redacting the result again changes nothing. The extra rounds find what a reader of the
 * published text would also see.
 */
export function redactPersonalData(text: string): { text: string; matches: PersonalDataMatch[] } {
  let matches = findPersonalData(text);
  if (matches.length === 0) return { text, matches };
  let redacted = applyRedaction(text, matches);
  // Each round replaces at least one character that is not a placeholder with a placeholder, so this ends.
  for (;;) {
    const more = findPersonalData(redacted.text);
    if (more.length === 0) break;
    matches = mergeByKind([...matches, ...more.map((match) => redacted.toOriginal(match))]);
    redacted = applyRedaction(text, matches);
  }
  return { text: redacted.text, matches };
}

/** The kinds from most to least specific, as overlaps are settled. */
const kindPrecedence: readonly PersonalDataKind[] = [
  "email",
  "my_number",
  "hospital_id",
  "date_of_birth",
  "phone",
  "postal_address",
  "person_name",
];
function mergeByKind(matches: PersonalDataMatch[]): PersonalDataMatch[] {
  const merged: PersonalDataMatch[] = [];
  for (const match of [...matches].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const previous = merged[merged.length - 1];
    if (previous && match.start < previous.end) {
      previous.end = Math.max(previous.end, match.end);
      if (kindPrecedence.indexOf(match.kind) < kindPrecedence.indexOf(previous.kind)) previous.kind = match.kind;
    } else {
      merged.push({ ...match });
    }
  }
  return merged;
}

/** Replaces each match (sorted, not overlapping) and keeps how to map a match on the result back to `text`. */
function applyRedaction(text: string, matches: PersonalDataMatch[]) {
  const pieces: string[] = [];
  /** Each stretch of the result, where it starts there and what of `text` it stands for. */
  const segments: Array<{ at: number; length: number; start: number; end: number; kept: boolean }> = [];
  let length = 0;
  let at = 0;
  const add = (piece: string, start: number, end: number, kept: boolean) => {
    segments.push({ at: length, length: piece.length, start, end, kept });
    pieces.push(piece);
    length += piece.length;
  };
  for (const match of matches) {
    if (match.start > at) add(text.slice(at, match.start), at, match.start, true);
    add(personalDataPlaceholder(match.kind), match.start, match.end, false);
    at = match.end;
  }
  if (at < text.length) add(text.slice(at), at, text.length, true);
  /** Where an offset of the result was in `text`; inside a placeholder, the edge of what it replaced. */
  const originalOffset = (offset: number, edge: "start" | "end"): number => {
    // The last segment starting at or before the offset (segments are in order; binary search keeps this linear).
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (segments[middle]!.at <= offset) low = middle;
      else high = middle - 1;
    }
    let segment = segments[low];
    if (!segment) return offset;
    // An offset at the end of a kept stretch belongs to it, not to the placeholder after it.
    if (edge === "end" && offset === segment.at && low > 0 && segments[low - 1]!.kept) segment = segments[low - 1]!;
    if (segment.kept) return segment.start + (offset - segment.at);
    if (offset === segment.at) return segment.start;
    if (offset === segment.at + segment.length) return segment.end;
    return segment[edge];
  };
  return {
    text: pieces.join(""),
    /**
     * A match found in the result lies inside one unchanged stretch, since placeholders are never part of a match;
     * should one ever reach into a placeholder, it takes in what the placeholder replaced.
     */
    toOriginal(match: PersonalDataMatch): PersonalDataMatch {
      return { kind: match.kind, start: originalOffset(match.start, "start"), end: originalOffset(match.end, "end") };
    },
  };
}
