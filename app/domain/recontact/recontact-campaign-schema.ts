import { z } from "zod";
import { integerField } from "../kernel/index";
import { freeTextSchema, singleLineTextSchema } from "../kernel/index";
import { recontactCampaignKinds } from "./audience-verdict";
import { programmeAreas } from "../consent";

export { programmeAreas, type ProgrammeArea } from "../consent";

const age = integerField({ min: 0, max: 120 });

/**
 * A campaign as ELSI staff write it (ADR 033): the message in each language a participant may read, and the filters
 * that make its population. Text follows the text rules (ADR 021); a campaign reaches at most a few hundred
 * facilities, and an age band reads low to high.
 */
export const RecontactCampaignSchema = z
  .object({
    kind: z.enum(recontactCampaignKinds),
    title: singleLineTextSchema(120),
    messageJa: freeTextSchema(4000),
    messageJaEasy: freeTextSchema(4000),
    messageEn: freeTextSchema(4000),
    facilityIds: z.array(z.uuid()).max(500).default([]),
    programmeArea: z.enum(programmeAreas).optional(),
    enrolmentAgeMin: age.optional(),
    enrolmentAgeMax: age.optional(),
  })
  .superRefine((campaign, ctx) => {
    if (campaign.enrolmentAgeMin !== undefined && campaign.enrolmentAgeMax !== undefined && campaign.enrolmentAgeMin > campaign.enrolmentAgeMax) {
      ctx.addIssue({ code: "too_small", origin: "number", minimum: campaign.enrolmentAgeMin, inclusive: true, input: campaign.enrolmentAgeMax, path: ["enrolmentAgeMax"] });
    }
  });
export type RecontactCampaignInput = z.input<typeof RecontactCampaignSchema>;
export type RecontactCampaign = z.output<typeof RecontactCampaignSchema>;
