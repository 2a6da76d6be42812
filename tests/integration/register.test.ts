// Issue 15 item 4 (ADR 043): the public register of approved data uses, through the real app server over HTTP as a
// browser or a script reads it — the page, an entry's page, and the CSV, JSON and Atom downloads, read with real parsers.
import { parse as parseCsv } from "csv-parse/sync";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { languageCookie } from "../../app/i18n/language.server";
import { translator } from "../../app/i18n/i18n";
import { createApplicant, createApplication, type CreatedApplication } from "../factories/data-access-factory";
import { createParticipant, type CreatedParticipant } from "../factories/participant-factory";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

const day = 86_400_000;
let active: CreatedApplication;
let expired: CreatedApplication;
let suspended: CreatedApplication;
let revoked: CreatedApplication;
let hostile: CreatedApplication;
let notShown: CreatedApplication[];
let participant: CreatedParticipant;

beforeAll(async () => {
  const applicant = await createApplicant({ institution: "京都照合大学 医学研究科", displayName: "登録 太郎" });
  active = await createApplication({
    applicant,
    content: { titleJa: "大腸がんの遺伝要因の研究", purposeCodes: ["DS", "MDS"], diseases: ["DOID:9256"], laySummaryJa: "大腸がんになりやすさに関わる遺伝子を調べます。", laySummaryEn: "We study genes that make bowel cancer more likely." },
    approval: { outputs: "論文 1 報（2027 年）", decidedAt: new Date(Date.now() - 2 * day) },
  });
  expired = await createApplication({ content: { purposeCodes: ["HMB"], diseases: [] }, approval: { startsAt: new Date(Date.now() - 400 * day), endsAt: new Date(Date.now() - day) } });
  suspended = await createApplication({ content: { purposeCodes: ["GRU"] }, approval: { status: "suspended" } });
  revoked = await createApplication({ content: { purposeCodes: ["POA"] }, approval: { status: "revoked" } });
  // Text an applicant typed that a spreadsheet would run as a formula, with quotes, commas and a line break.
  hostile = await createApplication({ content: { titleJa: '=HYPERLINK("http://evil.example","クリック"), "引用"', laySummaryJa: "一行目\n二行目, 三つ目" } });
  notShown = await Promise.all((["draft", "submitted", "in_review", "rejected", "withdrawn"] as const).map((state) => createApplication({ state })));
  participant = await createParticipant({ fullName: "照合 参加者" });
});

async function get(path: string, language: "ja" | "en" = "ja"): Promise<Response> {
  return fetch(`${app.origin}${path}`, { headers: { Cookie: (await languageCookie.serialize(language)).split(";")[0]! } });
}

const shown = () => [active, expired, suspended, revoked, hostile];

describe("the register page", () => {
  it("lists an approved use with the applicant's institution and name, its purpose in words, datasets and dates, in Japanese", async () => {
    const response = await get("/register");
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const entry of shown()) expect(html).toContain(entry.reference);
    expect(html).toContain("京都照合大学 医学研究科");
    expect(html).toContain("登録 太郎");
    expect(html).toContain("大腸がんの遺伝要因の研究");
    expect(html).toContain("疾患特異的研究"); // DS in DUO's Japanese words
    expect(html).toContain("解析手法の開発研究"); // MDS, worded by us
    expect(html).toContain("wgs-cancer-2026");
    // Names, not codes (issue 29 item 7): the disease and the dataset in Japanese, each with its code beside it.
    expect(html).toMatch(/大腸がん（結腸・直腸がん）<\/span> <span class="mono">\(DOID:9256\)/);
    expect(html).toMatch(/がん全ゲノム解析データ（2026年）<\/span> <span class="mono">\(wgs-cancer-2026\)/);
    expect(html).toContain('href="/register/entries.csv"');
  });

  it("says so in English for an English reader", async () => {
    const html = await (await get("/register", "en")).text();
    expect(html).toContain("Register of approved data uses");
    expect(html).toContain("disease specific research");
    expect(html).toContain("methods development research");
    expect(html).toMatch(/colorectal cancer<\/span> <span class="mono">\(DOID:9256\)/);
    expect(html).toContain("Cancer whole-genome data (2026)");
  });

  it("shows each status as it is now: active, expired once the end has passed, suspended, revoked", async () => {
    const html = await (await get("/register", "en")).text();
    const statusOf = (reference: string) => {
      const start = html.indexOf(`data-reference="${reference}"`);
      return /data-status="(\w+)"/.exec(html.slice(start))?.[1];
    };
    expect(statusOf(active.reference)).toBe("active");
    expect(statusOf(expired.reference)).toBe("expired");
    expect(statusOf(suspended.reference)).toBe("suspended");
    expect(statusOf(revoked.reference)).toBe("revoked");
  });

  it("never shows a draft, an application under review, a rejected or a withdrawn one", async () => {
    const html = await (await get("/register")).text();
    for (const application of notShown) {
      expect(html).not.toContain(application.reference);
      expect(html).not.toContain(application.content.titleJa);
      expect((await get(`/register/${application.reference}`)).status).toBe(404);
    }
  });
});

describe("an entry's page", () => {
  it("gives the lay summary in the reader's language, the purpose in words and the outputs reported", async () => {
    const ja = await get(`/register/${active.reference}`);
    expect(ja.status).toBe(200);
    const jaHtml = await ja.text();
    expect(jaHtml).toContain("大腸がんになりやすさに関わる遺伝子を調べます。");
    expect(jaHtml).not.toContain("We study genes that make bowel cancer more likely.");
    expect(jaHtml).toContain("疾患特異的研究");
    expect(jaHtml).toContain("論文 1 報（2027 年）");
    const enHtml = await (await get(`/register/${active.reference}`, "en")).text();
    expect(enHtml).toContain("We study genes that make bowel cancer more likely.");
    expect(enHtml).toContain("disease specific research");
  });

  it("answers 404 for an unknown or malformed reference", async () => {
    expect((await get("/register/DA-0000-000000")).status).toBe(404);
    expect((await get(`/register/${encodeURIComponent("x'<b>..")}`)).status).toBe(404);
  });
});

describe("the downloads", () => {
  it("CSV, JSON and each language's Atom feed are well-formed and carry the same entries, in the page's order", async () => {
    const pageOrder = [...(await (await get("/register")).text()).matchAll(/data-reference="([^"]+)"/g)].map((match) => match[1]);

    const csvResponse = await get("/register/entries.csv");
    expect(csvResponse.headers.get("content-type")).toContain("text/csv");
    const rows = parseCsv(await csvResponse.text(), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(rows.map((row) => row.reference)).toEqual(pageOrder);

    const jsonResponse = await get("/register/entries.json");
    expect(jsonResponse.headers.get("content-type")).toContain("application/json");
    const json = (await jsonResponse.json()) as { entries: { reference: string; status: string; purposes: { code: string; ja: string; en: string }[] }[] };
    expect(json.entries.map((entry) => entry.reference)).toEqual(pageOrder);

    for (const language of ["ja", "ja-easy", "en"] as const) {
      const feed = await get(`/register/feed/${language}`);
      expect(feed.headers.get("content-type")).toContain("application/atom+xml");
      const xml = await feed.text();
      expect(XMLValidator.validate(xml)).toBe(true);
      const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" }).parse(xml) as { feed: { entry: { id: string; content: { "#text": string } }[] } };
      expect(parsed.feed.entry.map((entry) => entry.id.split("/register/")[1])).toEqual(pageOrder);
      const t = translator(language, "register");
      const activeEntry = parsed.feed.entry.find((entry) => entry.id.endsWith(active.reference))!;
      expect(activeEntry.content["#text"]).toContain(t("status.active"));
    }
    expect((await get("/register/feed/fr")).status).toBe(404);
  });

  it("the CSV and JSON say the same of each entry: status, purposes in both languages, datasets", async () => {
    const rows = parseCsv(await (await get("/register/entries.csv")).text(), { bom: true, columns: true }) as Record<string, string>[];
    const json = (await (await get("/register/entries.json")).json()) as { entries: { reference: string; status: string; datasets: string[]; purposes: { code: string; ja: string; en: string }[]; institution: string; applicantName: string; title: string; titleInLanguages: { ja: string; en: string } }[] };
    for (const entry of json.entries) {
      const row = rows.find((candidate) => candidate.reference === entry.reference)!;
      expect(row.status).toBe(entry.status);
      expect(row.datasets).toBe(entry.datasets.join(";"));
      expect(row.purpose_codes).toBe(entry.purposes.map((purpose) => purpose.code).join(";"));
      expect(row.purpose_ja).toBe(entry.purposes.map((purpose) => purpose.ja).join(";"));
      expect(row.purpose_en).toBe(entry.purposes.map((purpose) => purpose.en).join(";"));
    }
    const activeJson = json.entries.find((entry) => entry.reference === active.reference)!;
    expect(activeJson).toMatchObject({ status: "active", institution: "京都照合大学 医学研究科", applicantName: "登録 太郎" });
    // The title and institution in both languages (issue 29 item 7): the JSON keeps each, the CSV has an English column.
    expect(activeJson).toMatchObject({ title: "大腸がんの遺伝要因の研究", titleInLanguages: { ja: "大腸がんの遺伝要因の研究", en: active.content.titleEn } });
    expect(rows.find((row) => row.reference === active.reference)).toMatchObject({ title: "大腸がんの遺伝要因の研究", title_en: active.content.titleEn });
    expect(json.entries.find((entry) => entry.reference === expired.reference)!.status).toBe("expired");
  });

  it("keeps an applicant's quotes, commas and line breaks in one CSV cell, and never lets a spreadsheet run it as a formula", async () => {
    const rows = parseCsv(await (await get("/register/entries.csv")).text(), { bom: true, columns: true }) as Record<string, string>[];
    const row = rows.find((candidate) => candidate.reference === hostile.reference)!;
    expect(row.title).toBe(`'${hostile.content.titleJa}`);
    expect(row.lay_summary_ja).toBe("一行目\n二行目, 三つ目");
    const json = (await (await get("/register/entries.json")).json()) as { entries: { reference: string; title: string }[] };
    expect(json.entries.find((entry) => entry.reference === hostile.reference)!.title).toBe(hostile.content.titleJa);
  });
});

describe("nothing about participants", () => {
  it("no page or download names a participant, their pseudonym or address, or counts them", async () => {
    const answers = await Promise.all(
      ["/register", `/register/${active.reference}`, "/register/entries.csv", "/register/entries.json", "/register/feed/ja", "/register/feed/en"].map(async (path) => (await get(path)).text()),
    );
    for (const text of answers) {
      expect(text).not.toContain(participant.fullName);
      expect(text).not.toContain(participant.pseudonym);
      expect(text).not.toContain(participant.email);
      expect(text).not.toMatch(/TGP-/);
    }
    const json = JSON.parse(answers[3]!) as { entries: Record<string, unknown>[] };
    expect(Object.keys(json.entries[0]!).some((key) => /participant|pseudonym|sample/i.test(key))).toBe(false);
  });
});
