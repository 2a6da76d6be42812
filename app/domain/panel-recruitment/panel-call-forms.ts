import { z } from "zod";
import { emailField, freeTextSchema, integerField, personNameSchema, prefectureCodes, singleLineTextSchema } from "../kernel/index";
import { japanLocalDateTime } from "../updates";

/**
 * An open panel (issue 59 item 3; ADR 151), pure: what staff open a call with, what anyone applies with, how a call
 * stands, and the order staff read applications in — participants and families first, as Genomics England's panel
 * (003_…: "参加者と家族らで構成（公募実施）"), those whose account shows it before those who say so.
 */
export const panelConnections = ["participant", "family", "public"] as const;
export type PanelConnection = (typeof panelConnections)[number];
/** The programme area the applicant knows from their own or their family's life; "none" for the public. */
export const panelDiseaseAreas = ["cancer", "rare_disease", "none"] as const;
export type PanelDiseaseArea = (typeof panelDiseaseAreas)[number];
/** Members are adults (18 and over); the bands match the cohort's in the published make-up. */
export const panelAgeBands = ["18_39", "40_59", "60_74", "75_plus"] as const;
export type PanelAgeBand = (typeof panelAgeBands)[number];
export const panelApplicationStates = ["received", "selected", "reserve", "not_selected", "withdrawn"] as const;
export type PanelApplicationState = (typeof panelApplicationStates)[number];
/** What staff decide, each with a reason the applicant reads. */
export const panelDecisions = ["selected", "reserve", "not_selected"] as const;
export type PanelDecision = (typeof panelDecisions)[number];

export const panelCallTitleMax = 120;
export const panelCallDescriptionMax = 4_000;
export const panelSeatsMax = 200;
export const motivationMax = 2_000;
export const needsMax = 1_000;
export const reasonMax = 1_000;

export const PanelCallFieldsSchema = z
  .object({
    seats: integerField({ min: 1, max: panelSeatsMax }),
    opensAt: japanLocalDateTime,
    closesAt: japanLocalDateTime,
    titleJa: singleLineTextSchema(panelCallTitleMax),
    titleJaEasy: singleLineTextSchema(panelCallTitleMax),
    titleEn: singleLineTextSchema(panelCallTitleMax),
    descriptionJa: freeTextSchema(panelCallDescriptionMax),
    descriptionJaEasy: freeTextSchema(panelCallDescriptionMax),
    descriptionEn: freeTextSchema(panelCallDescriptionMax),
  })
  .superRefine((value, context) => {
    if (value.closesAt.getTime() <= value.opensAt.getTime()) context.addIssue({ code: "custom", path: ["closesAt"], params: { reason: "endBeforeStart" } });
  });
export type PanelCallFields = z.output<typeof PanelCallFieldsSchema>;

/**
 * Anyone applies: a name and an address, who they are to the programme, what the make-up is counted by (area, region,
 * age band — nothing finer), why they want to join, and what they need to take part (optional: access, language, care).
 */
export const ApplySchema = z.object({
  name: personNameSchema(),
  email: emailField(),
  connection: z.enum(panelConnections),
  diseaseArea: z.enum(panelDiseaseAreas),
  prefecture: z.enum(prefectureCodes),
  ageBand: z.enum(panelAgeBands),
  motivation: freeTextSchema(motivationMax).refine((value) => value.trim().length > 0, { params: { reason: "required" } }),
  needs: freeTextSchema(needsMax).optional(),
});
export type ApplyFields = z.output<typeof ApplySchema>;

export const DecideSchema = z.object({
  applicationId: z.uuid(),
  decision: z.enum(panelDecisions),
  reason: freeTextSchema(reasonMax).refine((value) => value.trim().length > 0, { params: { reason: "required" } }),
});
export type DecideFields = z.output<typeof DecideSchema>;

export type PanelCallState = "upcoming" | "open" | "closed";

export function panelCallState(call: { opensAt: Date; closesAt: Date }, now: Date): PanelCallState {
  if (now.getTime() < call.opensAt.getTime()) return "upcoming";
  return now.getTime() < call.closesAt.getTime() ? "open" : "closed";
}

/**
 * The order staff read applications in: participants and families whose account shows it, then those who say so, then
 * the public; within each, first come first. A lower number is read first.
 */
export function applicationPriority(application: { connection: PanelConnection; verified: boolean }): number {
  if (application.connection === "public") return 2;
  return application.verified ? 0 : 1;
}

/** The glossary's terms, in the order the page lists them (their words: `panel-calls:glossary.terms.<term>`). */
export const glossaryTerms = [
  "genome",
  "wholeGenome",
  "variant",
  "secondaryFinding",
  "dynamicConsent",
  "withdrawal",
  "pseudonymised",
  "dataAccessCommittee",
  "dataUse",
  "certifiedProducer",
  "elsi",
  "ppi",
] as const;
