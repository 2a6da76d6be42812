import { z } from "zod";
import { echoedText, freeTextSchema, refusedAs, singleLineTextSchema } from "../../text/text-rules";
import { ApplicationContentSchema, recipientTypes, type ApplicationContent } from "./application-content";

/**
 * The application form as posted (issue 15 item 1): the content's fields, with lists typed as text (diseases and
 * datasets separated by spaces, commas or new lines), yes/no as radio values and the pledge as a checkbox; `intent`
 * says whether to save the draft or submit it. Parsed into `ApplicationContent` so the stored draft is always valid.
 */
const listOf = (item: RegExp, max: number, reason: "diseaseList" | "datasetList") =>
  z
    .string()
    .max(2000)
    .default("")
    .transform((text) => [...new Set(text.split(/[\s,、]+/u).filter(Boolean))])
    .superRefine((items, ctx) => {
      const wrong = items.find((entry) => !item.test(entry));
      if (wrong !== undefined) ctx.addIssue({ code: "custom", ...refusedAs(reason, { item: echoedText(wrong, 40).replace(/[\p{Cc}\p{Cf}]/gu, "\uFFFD") }) });
    })
    .pipe(z.array(z.string()).max(max));

const base = ApplicationContentSchema.shape;
// Conform reads an empty field as absent, so the form's text fields take the text rules directly (their own refusal
// sentences) and default to "" when left empty.
const line = (max: number) => singleLineTextSchema(max).default("");
const prose = (max: number) => freeTextSchema(max).default("");

export const ApplicationFormSchema = z.object({
  intent: z.enum(["save", "submit"]),
  title: line(200),
  laySummaryJa: prose(1200),
  laySummaryEn: prose(1200),
  scientificSummary: prose(8000),
  purposeCodes: base.purposeCodes,
  diseases: listOf(/^(?:DOID|MONDO):\d{4,7}$/, 20, "diseaseList"),
  commercial: z.enum(["yes", "no"]).default("no").transform((value) => value === "yes"),
  sensitive: base.sensitive,
  genderDetail: line(200),
  sensitiveOther: prose(1000),
  datasets: listOf(/^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/, 20, "datasetList"),
  dataKinds: base.dataKinds,
  recipientType: z.enum(recipientTypes).optional().transform((value) => value ?? ""),
  recipientCountry: z.string().regex(/^[A-Z]{2}$/).optional().transform((value) => value ?? ""),
  ethicsCommittee: line(200),
  ethicsNumber: line(100),
  ethicsApprovedOn: base.ethicsApprovedOn,
  securityMeasures: prose(4000),
  keepingAndDisposal: prose(4000),
  trackRecord: prose(4000),
  dataScopeJustification: prose(4000),
  subcontractors: prose(4000),
  periodMonths: z.coerce.number().int().min(1).max(60).optional().transform((value) => value ?? null),
  publicationPlan: prose(4000),
  funding: prose(4000),
  coiStatement: prose(4000),
  noIdentificationPledge: z.literal("on").optional().transform((value) => value === "on"),
});
export type ApplicationForm = z.infer<typeof ApplicationFormSchema>;

export function contentOfForm(form: ApplicationForm): ApplicationContent {
  const { intent: _intent, ...content } = form;
  return ApplicationContentSchema.parse(content);
}

/** The stored content as the form's default values (lists back to text). */
export function formDefaultsOf(content: ApplicationContent): Record<string, string | string[]> {
  return {
    ...Object.fromEntries(Object.entries(content).map(([key, value]) => [key, typeof value === "string" ? value : ""])),
    purposeCodes: content.purposeCodes,
    sensitive: content.sensitive,
    dataKinds: content.dataKinds,
    diseases: content.diseases.join(" "),
    datasets: content.datasets.join(" "),
    commercial: content.commercial ? "yes" : "no",
    periodMonths: content.periodMonths === null ? "" : String(content.periodMonths),
    noIdentificationPledge: content.noIdentificationPledge ? "on" : "",
  };
}
