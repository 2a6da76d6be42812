import { z } from "zod";
import { sensitiveResearchFlags, type ResearchPurpose } from "@tsunagi/consent-rules/match-data-use";
import type { SupportedLanguage } from "../../../i18n/languages";
import { freeTextSchema, singleLineTextSchema } from "../../kernel/index";

/**
 * What a data-access application says (issue 15 item 1): every review item of the programme's data policy
 * (データ利活用ポリシー骨子, seeds 003: purpose, no identification of persons or relatives and no harm to groups,
 * scientific validity and the scope of data, the applicant's record, the institution's facilities and its keeping
 * and disposal of data) and the committee's own questions (DUO purpose, DUOS's sensitive-research questions, ethics
 * approval, security, period, publication, funding, conflicts of interest).
 *
 * A draft may be incomplete: every field has an empty default, and `missingForSubmission` lists what a submission
 * still needs. Pure (no I/O): the form, the domain and the committee's pages read the same definition.
 */

export const purposeCodes = ["GRU", "HMB", "DS", "POA", "MDS"] as const;
export type PurposeCode = (typeof purposeCodes)[number];

export const dataKinds = ["genome", "clinical", "specimens"] as const;
export type DataKind = (typeof dataKinds)[number];

/** Who receives the data; the bridge's recipients (`academia`, `industry`, `international`) by kind of body. */
export const recipientTypes = ["academia", "public_body", "industry"] as const;
export type RecipientType = (typeof recipientTypes)[number];

/** The sensitive-research questions as the form asks them (free text for gender and other goes in its own field). */
export const sensitiveQuestions = sensitiveResearchFlags.filter((flag) => flag !== "secondary_other");
export type SensitiveQuestion = (typeof sensitiveQuestions)[number];

const DATASET_ID = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
/** A DOID (any number of digits up to seven: DOID:162 is "cancer") or a MONDO code (always seven). */
export const DISEASE_CURIE = /^(?:DOID:\d{1,7}|MONDO:\d{7})$/;
const CURIE = DISEASE_CURIE;
const COUNTRY = /^[A-Z]{2}$/;

/** A text field that may be left empty: the text rules read "" as missing, so an empty answer is taken as it is. */
const blankOr = <T extends z.ZodType<string>>(schema: T) => z.union([z.literal(""), schema]).default("");
const short = blankOr(singleLineTextSchema(200));
const long = blankOr(freeTextSchema(4000));

/**
 * Before issue 29 item 7 the study had one `title`, in whatever language it was typed. Such a version is read with
 * that title as the Japanese one if it holds kana or kanji, else as the English one — nothing is lost, and a
 * submitted version (frozen, its hash taken over its JSON) is never rewritten to say so. Drafts were moved over by
 * the migration `20261205090000_application_titles_in_two_languages` the same way.
 */
function fromSingleTitle(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value) || !("title" in value)) return value;
  const { title, ...rest } = value as Record<string, unknown>;
  if (typeof title !== "string" || title === "" || rest.titleJa || rest.titleEn) return rest;
  return { ...rest, [isJapaneseText(title) ? "titleJa" : "titleEn"]: title };
}

/** Whether a text is Japanese as far as placing it goes: it holds kana or kanji. */
export function isJapaneseText(text: string): boolean {
  return /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]/u.test(text);
}

/** The fields of a version's content, as stored (ApplicationContentSchema reads older versions too). */
export const ApplicationContentFields = z.object({
  /** The study's title and the institution doing it, in Japanese and English; やさしい日本語 if the applicant wrote it. */
  titleJa: short,
  titleEn: short,
  titleJaEasy: short,
  institutionJa: short,
  institutionEn: short,
  institutionJaEasy: short,
  laySummaryJa: blankOr(freeTextSchema(1200)),
  laySummaryEn: blankOr(freeTextSchema(1200)),
  scientificSummary: blankOr(freeTextSchema(8000)),
  purposeCodes: z.array(z.enum(purposeCodes)).max(purposeCodes.length).default([]),
  diseases: z.array(z.string().regex(CURIE)).max(20).default([]),
  commercial: z.boolean().default(false),
  sensitive: z.array(z.enum(sensitiveQuestions as unknown as [SensitiveQuestion, ...SensitiveQuestion[]])).max(sensitiveQuestions.length).default([]),
  genderDetail: blankOr(singleLineTextSchema(200)),
  sensitiveOther: blankOr(freeTextSchema(1000)),
  datasets: z.array(z.string().regex(DATASET_ID)).max(20).default([]),
  dataKinds: z.array(z.enum(dataKinds)).max(dataKinds.length).default([]),
  recipientType: z.enum(recipientTypes).or(z.literal("")).default(""),
  recipientCountry: z.string().regex(COUNTRY).or(z.literal("")).default(""),
  ethicsCommittee: short,
  ethicsNumber: blankOr(singleLineTextSchema(100)),
  ethicsApprovedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).or(z.literal("")).default(""),
  securityMeasures: long,
  keepingAndDisposal: long,
  trackRecord: long,
  dataScopeJustification: long,
  subcontractors: long,
  periodMonths: z.number().int().min(1).max(60).nullable().default(null),
  publicationPlan: long,
  funding: long,
  coiStatement: long,
  /** The policy's pledge: no identification of persons or relatives, no use that could harm a person, group or region. */
  noIdentificationPledge: z.boolean().default(false),
});
/** Stored as JSON on each version; a field the form left empty is "" or [] here, never missing. */
export const ApplicationContentSchema = z.preprocess(fromSingleTitle, ApplicationContentFields);
export type ApplicationContent = z.infer<typeof ApplicationContentFields>;

/** A text the applicant wrote in Japanese and English, with やさしい日本語 optional. */
export interface TextInLanguages {
  ja: string;
  jaEasy: string;
  en: string;
}

export const titleOf = (content: ApplicationContent): TextInLanguages => ({ ja: content.titleJa, jaEasy: content.titleJaEasy, en: content.titleEn });
export const institutionOf = (content: ApplicationContent): TextInLanguages => ({ ja: content.institutionJa, jaEasy: content.institutionJaEasy, en: content.institutionEn });

/**
 * The text in the reader's language: やさしい日本語 falls back to Japanese, English to Japanese, Japanese to English
 * (a version written before both were asked for may have only one); "" when none was written.
 */
export function inLanguage(text: TextInLanguages, language: SupportedLanguage): string {
  if (language === "en") return text.en || text.ja || text.jaEasy;
  if (language === "ja-easy") return text.jaEasy || text.ja || text.en;
  return text.ja || text.en || text.jaEasy;
}

export const emptyApplicationContent: ApplicationContent = ApplicationContentSchema.parse({});

/** The fields a submission needs, named as the form names them. */
export type RequiredField =
  | "titleJa"
  | "titleEn"
  | "institutionJa"
  | "institutionEn"
  | "laySummaryJa"
  | "laySummaryEn"
  | "scientificSummary"
  | "purposeCodes"
  | "diseases"
  | "datasets"
  | "dataKinds"
  | "recipientType"
  | "recipientCountry"
  | "ethicsCommittee"
  | "ethicsNumber"
  | "ethicsApprovedOn"
  | "securityMeasures"
  | "keepingAndDisposal"
  | "trackRecord"
  | "dataScopeJustification"
  | "periodMonths"
  | "publicationPlan"
  | "funding"
  | "coiStatement"
  | "noIdentificationPledge"
  | "genderDetail"
  | "sensitiveOther";

/** What a submission still lacks (empty when it may be submitted). A DS purpose needs at least one disease. */
export function missingForSubmission(content: ApplicationContent): RequiredField[] {
  const missing: RequiredField[] = [];
  const text = (field: RequiredField & keyof ApplicationContent) => {
    if (String(content[field]).trim() === "") missing.push(field);
  };
  text("titleJa");
  text("titleEn");
  text("institutionJa");
  text("institutionEn");
  text("laySummaryJa");
  text("laySummaryEn");
  text("scientificSummary");
  if (content.purposeCodes.length === 0) missing.push("purposeCodes");
  if (content.purposeCodes.includes("DS") && content.diseases.length === 0) missing.push("diseases");
  if (content.datasets.length === 0) missing.push("datasets");
  if (content.dataKinds.length === 0) missing.push("dataKinds");
  text("recipientType");
  text("recipientCountry");
  text("ethicsCommittee");
  text("ethicsNumber");
  text("ethicsApprovedOn");
  text("securityMeasures");
  text("keepingAndDisposal");
  text("trackRecord");
  text("dataScopeJustification");
  if (content.periodMonths === null) missing.push("periodMonths");
  text("publicationPlan");
  text("funding");
  text("coiStatement");
  if (!content.noIdentificationPledge) missing.push("noIdentificationPledge");
  if (content.sensitive.includes("gender") && content.genderDetail.trim() === "") missing.push("genderDetail");
  if (content.sensitive.includes("other") && content.sensitiveOther.trim() === "") missing.push("sensitiveOther");
  return missing;
}

/** The purpose as automatic consent matching reads it (ADR 039): the sensitive answers become flags. */
export function researchPurposeOf(content: ApplicationContent): ResearchPurpose {
  const flags: string[] = content.sensitive.map((flag) =>
    flag === "gender" && content.genderDetail ? `gender:${content.genderDetail}` : flag === "other" && content.sensitiveOther ? `other:${content.sensitiveOther}` : flag,
  );
  return { codes: content.purposeCodes, diseases: content.diseases, commercial: content.commercial || content.recipientType === "industry", flags };
}
