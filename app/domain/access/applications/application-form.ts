import { z } from "zod";
import { countryField, integerField } from "../../kernel/index";
import { echoedText, freeTextSchema, refusedAs, singleLineTextSchema } from "../../kernel/index";
import { isKnownDataset } from "../datasets/dataset-catalogue";
import { resolveDisease } from "../ontology/disease-labels";
import { ApplicationContentFields, ApplicationContentSchema, DISEASE_CURIE, recipientTypes, type ApplicationContent } from "./application-content";

/**
 * The application form as posted (issue 15 item 1; issue 29 item 7): the content's fields; diseases as the codes
 * ticked (each a checkbox) plus what was typed into the disease search box — a code, or a name from the list, which
 * is read as its code; datasets as the programme's datasets ticked; yes/no as radio values and the pledge as a
 * checkbox. `intent` says whether to save the draft, submit it, or save it and find the diseases whose names match
 * the search box. Parsed into `ApplicationContent` so the stored draft is always valid.
 */
const asList = (value: unknown): unknown => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const echoed = (item: string) => echoedText(item, 40).replace(/[\p{Cc}\p{Cf}]/gu, "\uFFFD");

/** Ticked values of one checkbox group; the first that `known` refuses is named in the refusal. */
const ticked = (known: (item: string) => boolean, reason: "diseaseList" | "datasetList") =>
  z.preprocess(
    asList,
    z
      .array(z.string().max(100))
      .max(20)
      .transform((items) => [...new Set(items)])
      .superRefine((items, ctx) => {
        const wrong = items.find((entry) => !known(entry));
        if (wrong !== undefined) ctx.addIssue({ code: "custom", ...refusedAs(reason, { item: echoed(wrong) }) });
      }),
  );

const base = ApplicationContentFields.shape;
// Conform reads an empty field as absent, so the form's text fields take the text rules directly (their own refusal
// sentences) and default to "" when left empty.
const line = (max: number) => singleLineTextSchema(max).default("");
const prose = (max: number) => freeTextSchema(max).default("");

export const applicationIntents = ["save", "submit", "findDiseases"] as const;

export const ApplicationFormSchema = z
  .object({
    intent: z.enum(applicationIntents),
    titleJa: line(200),
    titleEn: line(200),
    titleJaEasy: line(200),
    institutionJa: line(200),
    institutionEn: line(200),
    institutionJaEasy: line(200),
    laySummaryJa: prose(1200),
    laySummaryEn: prose(1200),
    scientificSummary: prose(8000),
    purposeCodes: base.purposeCodes,
    diseases: ticked((entry) => DISEASE_CURIE.test(entry), "diseaseList"),
    diseaseSearch: line(100),
    commercial: z.enum(["yes", "no"]).default("no").transform((value) => value === "yes"),
    sensitive: base.sensitive,
    genderDetail: line(200),
    sensitiveOther: prose(1000),
    datasets: ticked(isKnownDataset, "datasetList"),
    dataKinds: base.dataKinds,
    recipientType: z.enum(recipientTypes).optional().transform((value) => value ?? ""),
    recipientCountry: countryField().optional().transform((value) => value ?? ""),
    ethicsCommittee: line(200),
    ethicsNumber: line(100),
    ethicsApprovedOn: base.ethicsApprovedOn,
    securityMeasures: prose(4000),
    keepingAndDisposal: prose(4000),
    trackRecord: prose(4000),
    dataScopeJustification: prose(4000),
    subcontractors: prose(4000),
    periodMonths: integerField({ min: 1, max: 60 }).optional().transform((value) => value ?? null),
    publicationPlan: prose(4000),
    funding: prose(4000),
    coiStatement: prose(4000),
    noIdentificationPledge: z.literal("on").optional().transform((value) => value === "on"),
  })
  .superRefine((form, ctx) => {
    // A name typed without picking it from the list, or a partial one, is not guessed at: saving refuses it and
    // says how to find it ("Find diseases" lists what matches).
    if (form.intent !== "findDiseases" && form.diseaseSearch.trim() !== "" && resolveDisease(form.diseaseSearch) === null) {
      ctx.addIssue({ code: "custom", path: ["diseaseSearch"], ...refusedAs("diseaseList", { item: echoed(form.diseaseSearch) }) });
    }
  });
export type ApplicationForm = z.infer<typeof ApplicationFormSchema>;

export function contentOfForm(form: ApplicationForm): ApplicationContent {
  const { intent: _intent, diseaseSearch, ...content } = form;
  const typed = form.intent === "findDiseases" ? null : resolveDisease(diseaseSearch);
  const diseases = typed && !content.diseases.includes(typed) ? [...content.diseases, typed] : content.diseases;
  return ApplicationContentSchema.parse({ ...content, diseases });
}

/** The stored content as the form's default values (lists as the ticked values, the search box empty). */
export function formDefaultsOf(content: ApplicationContent): Record<string, string | string[]> {
  return {
    ...Object.fromEntries(Object.entries(content).map(([key, value]) => [key, typeof value === "string" ? value : ""])),
    purposeCodes: content.purposeCodes,
    sensitive: content.sensitive,
    dataKinds: content.dataKinds,
    diseases: content.diseases,
    diseaseSearch: "",
    datasets: content.datasets,
    commercial: content.commercial ? "yes" : "no",
    periodMonths: content.periodMonths === null ? "" : String(content.periodMonths),
    noIdentificationPledge: content.noIdentificationPledge ? "on" : "",
  };
}
