import { z } from "zod";
import { freeTextSchema } from "../../kernel/index";

/**
 * What the secretariat posts about an applicant on /committee/applicants (ADR 043): verify their institution, refuse
 * new applications from them (a sanction under the data policy: 新たな利用申請の拒絶), or accept them again. Refusing
 * and accepting again need a reason (kept on the profile and in the audit row), under the text rules (ADR 021).
 */
export const sanctionReasonSchema = freeTextSchema(1000);

export const ApplicantActionSchema = z
  .object({
    intent: z.enum(["verify", "refuse", "allow"]),
    applicantId: z.uuid(),
    reason: sanctionReasonSchema.optional(),
  })
  .superRefine((value, ctx) => {
    // An empty field reaches the schema as absent (Conform); for a sanction it is "please fill this in".
    if (value.intent !== "verify" && value.reason === undefined) ctx.addIssue({ code: "invalid_type", expected: "string", input: undefined, path: ["reason"] });
  });
export type ApplicantAction = z.infer<typeof ApplicantActionSchema>;
