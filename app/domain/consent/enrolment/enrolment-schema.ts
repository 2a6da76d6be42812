import { z } from "zod";
import { supportedLanguages } from "../../../i18n/languages";

export const proxyRelationships = ["parent", "legal_guardian", "spouse", "adult_child", "sibling", "other_relative", "other"] as const;
export const enrolledSampleKinds = ["tumour", "blood"] as const;

// Letters of any script, combining marks, spaces and the punctuation real names use (・ ー ' . -). Anything
// else — digits, angle brackets, control characters — is a typing slip or an attack, never a name.
const namePattern = /^[\p{L}\p{M}][\p{L}\p{M}\p{Zs}・ー'’.-]*$/u;
const kanaPattern = /^[\p{Script=Hiragana}\p{Script=Katakana}A-Za-z][\p{Script=Hiragana}\p{Script=Katakana}A-Za-z\p{Zs}・ー'’.-]*$/u;

export const PersonNameSchema = z.string().trim().min(1).max(100).regex(namePattern);
export const EmailSchema = z.email().max(254);

/** A calendar date `YYYY-MM-DD` that exists, from 1900 up to today in Japan. */
export const BirthDateSchema = z.iso.date().refine((value) => {
  const date = new Date(`${value}T00:00:00Z`);
  const todayInJapan = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  return !Number.isNaN(date.getTime()) && value >= "1900-01-01" && value <= todayInJapan;
});

function missing(ctx: z.RefinementCtx, path: string) {
  // An "invalid_type" issue on an absent value reads as "please fill this in" (app/forms/form-error-map.ts).
  ctx.addIssue({ code: "invalid_type", expected: "string", input: undefined, path: [path] });
}

/**
 * The enrolment form. The invitation goes to the proxy when there is one (a child may have no address of
 * their own), otherwise to the participant, whose email is then required.
 */
export const EnrolParticipantSchema = z
  .object({
    fullName: PersonNameSchema,
    fullNameKana: z.string().trim().min(1).max(100).regex(kanaPattern).optional(),
    dateOfBirth: BirthDateSchema,
    email: EmailSchema.optional(),
    phone: z.string().trim().regex(/^\+?[0-9][0-9\- ()]{5,19}$/).optional(),
    medicalRecordNumber: z.string().trim().regex(/^[A-Za-z0-9-]{1,32}$/).optional(),
    preferredLanguage: z.enum(supportedLanguages),
    samples: z
      .array(z.enum(enrolledSampleKinds))
      .min(1)
      .max(enrolledSampleKinds.length)
      .refine((kinds) => new Set(kinds).size === kinds.length),
    withProxy: z.boolean().optional(),
    proxyFullName: PersonNameSchema.optional(),
    proxyEmail: EmailSchema.optional(),
    proxyRelationship: z.enum(proxyRelationships).optional(),
    // One of the coordinator's own facilities (checked by enrolParticipant); optional for a member of only one.
    facilityId: z.uuid().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.withProxy) {
      if (!value.proxyFullName) missing(ctx, "proxyFullName");
      if (!value.proxyEmail) missing(ctx, "proxyEmail");
      if (!value.proxyRelationship) missing(ctx, "proxyRelationship");
    } else if (!value.email) {
      missing(ctx, "email");
    }
  });
export type EnrolParticipantInput = z.infer<typeof EnrolParticipantSchema>;
