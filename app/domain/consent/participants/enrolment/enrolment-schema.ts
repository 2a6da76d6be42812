import { japanDate } from "../../../time";
import { z } from "zod";
import { emailField, typedString } from "../../../kernel/index";
import { nameReadingSchema, personNameSchema, refusedAs } from "../../../kernel/index";
import { supportedLanguages } from "../../../../i18n/languages";
import { programmeAreas } from "./programme-areas";

export const proxyRelationships = ["parent", "legal_guardian", "spouse", "adult_child", "sibling", "other_relative", "other"] as const;
export const enrolledSampleKinds = ["tumour", "blood"] as const;

// What a name may hold, and the sentence for each refusal, live in app/domain/kernel/text-rules.ts (ADR 021).
export const PersonNameSchema = personNameSchema(100);
export const EmailSchema = emailField();

/** Today's date in Japan, where every clinic is: a birth date after it is a typing slip. */
export function todayInJapan(now = Date.now()): string {
  return japanDate(now);
}

/** Why `YYYY-MM-DD` is not a possible birth date, or null: 30 February does not exist, the future has no births. */
export function birthDateRefusal(value: string): "dateNotReal" | "dateTooEarly" | "dateInFuture" | null {
  // 31 February parses as a date in JavaScript (as 3 March); only a date that round-trips is real.
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return "dateNotReal";
  if (value < "1900-01-01") return "dateTooEarly";
  if (value > todayInJapan()) return "dateInFuture";
  return null;
}

/** A calendar date `YYYY-MM-DD` that exists, from 1900 up to today in Japan. */
export const BirthDateSchema = typedString("date").superRefine((value, ctx) => {
  const reason = birthDateRefusal(value);
  if (reason) ctx.addIssue({ code: "custom", ...refusedAs(reason) });
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
    fullNameKana: nameReadingSchema(100).optional(),
    dateOfBirth: BirthDateSchema,
    email: EmailSchema.optional(),
    phone: typedString("phone")
      .refine((value) => /^\+?[0-9][0-9\- ()]{5,19}$/.test(value), refusedAs("phoneFormat"))
      .optional(),
    medicalRecordNumber: typedString("identifier")
      .refine((value) => /^[A-Za-z0-9-]{1,32}$/.test(value), refusedAs("recordNumberFormat"))
      .optional(),
    preferredLanguage: z.enum(supportedLanguages),
    programmeArea: z.enum(programmeAreas),
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
