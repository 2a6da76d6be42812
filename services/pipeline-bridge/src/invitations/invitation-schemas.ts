import { PSEUDONYM_PATTERN } from "@tsunagi/consent-rules/consent-change-message";
import { invitationExclusions, StudyCriterionSchema } from "@tsunagi/consent-rules/study-invitation";
import { isTrialId, trialIdRule, trialRegistries } from "@tsunagi/consent-rules/trial-registries";
import { z } from "zod";

/** A study may ask about its whole selection at once: the programme's cohort is in the hundred thousands. */
export const MAX_INVITATION_PSEUDONYMS = 100_000;
/** 100,000 pseudonyms of up to 64 characters, quoted and separated, with room for the rest. */
export const INVITATION_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

export const StudyReferenceSchema = z
  .strictObject({
    registry: z.enum(trialRegistries),
    id: z.string().max(20),
  })
  .refine((study) => isTrialId(study.registry, study.id), { message: `id must be ${trialIdRule}`, path: ["id"] });

/** POST /v1/study-invitations: "which of these pseudonyms may be invited to study X", with the criterion they were chosen by. */
export const InvitationRequestSchema = z
  .strictObject({
    approval: z.uuid(),
    study: StudyReferenceSchema,
    criterion: StudyCriterionSchema,
    pseudonyms: z.array(z.string()).min(1).max(MAX_INVITATION_PSEUDONYMS),
  })
  .superRefine((request, ctx) => {
    // Each pseudonym's form and its uniqueness in one pass, stopping at the first wrong one: a schema per item costs a
    // hundred thousand parses of its own (bench/RESULTS.md, part 5).
    const seen = new Set<string>();
    for (let index = 0; index < request.pseudonyms.length; index++) {
      const pseudonym = request.pseudonyms[index]!;
      const problem = !PSEUDONYM_PATTERN.test(pseudonym) ? "not a pseudonym (letters, digits, - and _, up to 64)" : seen.has(pseudonym) ? "pseudonym listed twice" : null;
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem, path: ["pseudonyms", index] });
        return;
      }
      seen.add(pseudonym);
    }
  });
export type InvitationRequest = z.output<typeof InvitationRequestSchema>;

/** Why a pseudonym was not counted: the rule's reasons, and the bridge's own for a participant it cannot vouch for. */
export const invitationExclusionReasons = [...invitationExclusions, "message_parked"] as const;
export type InvitationExclusionReason = (typeof invitationExclusionReasons)[number];

/** The answer: counts only. No pseudonym is named, invitable or not; the platform invites, the study never learns who. */
export const InvitationAnswerSchema = z.strictObject({
  requestId: z.uuid(),
  approval: z.uuid(),
  study: z.strictObject({ registry: z.enum(trialRegistries), id: z.string() }),
  criterion: StudyCriterionSchema,
  askedCount: z.int().min(0),
  invitableCount: z.int().min(0),
  excludedCounts: z.partialRecord(z.enum(invitationExclusionReasons), z.int().min(1)),
  evaluatedAt: z.iso.datetime(),
});
export type InvitationAnswer = z.output<typeof InvitationAnswerSchema>;

export const InvitationDenialSchema = z.strictObject({
  error: z.literal("invitation_denied"),
  reason: z.string(),
  approval: z.uuid(),
  evaluatedAt: z.iso.datetime(),
});
