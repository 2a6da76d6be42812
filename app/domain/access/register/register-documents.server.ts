import { stringify } from "csv-stringify/sync";
import { getEnv } from "../../../env.server";
import { translator } from "../../../i18n/i18n";
import { htmlLangOf, type SupportedLanguage } from "../../../i18n/languages";
import { atomFeedXml } from "../../kernel/index";
import { inLanguage } from "../applications/application-content";
import { datasetName } from "../datasets/dataset-catalogue";
import { diseaseName } from "../ontology/disease-labels";
import { duoCredit } from "./duo-purpose-labels";
import { listRegisterEntries, type RegisterEntry } from "./list-register-entries.server";

/**
 * The register as documents for machines (ADR 043): CSV and JSON carry every entry in both languages (the same
 * entries as the page, the same order), and an Atom feed per language. Built from one read of `listRegisterEntries`.
 */

const day = (date: Date) => date.toISOString();
const japanDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit" });

/** An entry as the JSON download and the CSV write it: both languages, ISO 8601 times, status as a word of the API. */
export function registerEntryJson(entry: RegisterEntry, appUrl: string) {
  return {
    reference: entry.reference,
    url: `${appUrl}/register/${encodeURIComponent(entry.reference)}`,
    institution: inLanguage(entry.institution, "ja"),
    institutionInLanguages: entry.institution,
    applicantName: entry.applicantName,
    title: inLanguage(entry.title, "ja"),
    titleInLanguages: entry.title,
    laySummary: entry.laySummary,
    purposes: entry.purposes,
    diseases: entry.diseases,
    commercial: entry.commercial,
    datasets: entry.datasets,
    dataKinds: entry.dataKinds,
    recipientType: entry.recipientType,
    recipientCountry: entry.recipientCountry,
    decidedAt: day(entry.decidedAt),
    startsAt: day(entry.startsAt),
    endsAt: day(entry.endsAt),
    status: entry.status,
    outputs: entry.outputs,
    researchOutputs: entry.researchOutputs,
    panelFlags: entry.panelFlags,
    updatedAt: day(entry.updatedAt),
  };
}

function appUrl(): string {
  return getEnv().APP_URL.replace(/\/$/, "");
}

export async function registerJson(options: { now?: Date } = {}): Promise<string> {
  const now = options.now ?? new Date();
  const base = appUrl();
  const entries = await listRegisterEntries({ now });
  return `${JSON.stringify({ register: `${base}/register`, generatedAt: now.toISOString(), purposeVocabulary: duoCredit, entries: entries.map((entry) => registerEntryJson(entry, base)) }, null, 2)}\n`;
}

/**
 * A spreadsheet opens a cell that starts with = + - @ (or a tab or return) as a formula; the text an applicant wrote
 * must never run as one (OWASP "CSV injection"). Such a cell is written with a leading apostrophe; the JSON keeps the
 * text exactly.
 */
function cell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const registerCsvColumns = [
  "reference",
  "url",
  "institution",
  "institution_en",
  "applicant_name",
  "title",
  "title_en",
  "lay_summary_ja",
  "lay_summary_en",
  "purpose_codes",
  "purpose_ja",
  "purpose_en",
  "diseases",
  "commercial",
  "datasets",
  "data_kinds",
  "recipient_type",
  "recipient_country",
  "decided_at",
  "starts_at",
  "ends_at",
  "status",
  "outputs",
] as const;

export async function registerCsv(options: { now?: Date } = {}): Promise<string> {
  const base = appUrl();
  const entries = await listRegisterEntries({ now: options.now });
  const rows = entries.map((entry) => [
    entry.reference,
    `${base}/register/${encodeURIComponent(entry.reference)}`,
    cell(inLanguage(entry.institution, "ja")),
    cell(inLanguage(entry.institution, "en")),
    cell(entry.applicantName),
    cell(inLanguage(entry.title, "ja")),
    cell(inLanguage(entry.title, "en")),
    cell(entry.laySummary.ja),
    cell(entry.laySummary.en),
    entry.purposes.map((purpose) => purpose.code).join(";"),
    entry.purposes.map((purpose) => purpose.ja).join(";"),
    entry.purposes.map((purpose) => purpose.en).join(";"),
    entry.diseases.map((disease) => disease.curie).join(";"),
    entry.commercial ? "true" : "false",
    entry.datasets.join(";"),
    entry.dataKinds.join(";"),
    entry.recipientType,
    entry.recipientCountry,
    day(entry.decidedAt),
    day(entry.startsAt),
    day(entry.endsAt),
    entry.status,
    cell(entry.outputs),
  ]);
  // A byte-order mark first: without it, spreadsheet programs in Japan open UTF-8 as Shift_JIS and garble the text.
  return `\uFEFF${stringify([[...registerCsvColumns], ...rows], { eof: true, record_delimiter: "windows" })}`;
}

/** The register in one language as an Atom feed: one entry per approved use, updated when the approval changes. */
export async function registerAtomFeed(options: { language: SupportedLanguage; now?: Date }): Promise<string> {
  const { language } = options;
  const base = appUrl();
  const entries = await listRegisterEntries({ now: options.now });
  const t = translator(language, "register");
  const words = language === "en" ? "en" : "ja";
  const languageName = translator(language, "common")(`language.names.${language}`);
  return atomFeedXml({
    id: `${base}/register/feed/${language}`,
    title: t("feedTitle", { language: languageName }),
    language: htmlLangOf(language),
    selfUrl: `${base}/register/feed/${language}`,
    pageUrl: `${base}/register`,
    updated: entries.reduce((latest, entry) => (entry.updatedAt > latest ? entry.updatedAt : latest), new Date(0)),
    author: t("feedAuthor"),
    entries: entries.map((entry) => ({
      id: `${base}/register/${encodeURIComponent(entry.reference)}`,
      title: `${entry.reference} ${inLanguage(entry.title, language)}`,
      url: `${base}/register/${encodeURIComponent(entry.reference)}`,
      published: entry.decidedAt,
      updated: entry.updatedAt,
      text: [
        `${t("fields.status")}: ${t(`status.${entry.status}`)}`,
        `${t("fields.institution")}: ${inLanguage(entry.institution, language)}`,
        `${t("fields.applicant")}: ${entry.applicantName}`,
        `${t("fields.purpose")}: ${entry.purposes.map((purpose) => purpose[words]).join(t("listSeparator"))}`,
        ...(entry.diseases.length ? [`${t("fields.diseases")}: ${entry.diseases.map((disease) => diseaseName(disease.curie, language)).join(", ")}`] : []),
        `${t("fields.datasets")}: ${entry.datasets.map((dataset) => datasetName(dataset, language)).join(", ")}`,
        `${t("fields.period")}: ${japanDay.format(entry.startsAt)} – ${japanDay.format(entry.endsAt)}`,
        "",
        entry.laySummary[words],
      ].join("\n"),
    })),
  });
}
