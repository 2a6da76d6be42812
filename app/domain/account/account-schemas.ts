import { z } from "zod";
import { emailField } from "../kernel/index";
import { roles, type Role } from "../authz";
import { freeTextSchema, personNameSchema, refusedAs, typedString } from "../kernel/index";

/**
 * The roles an administrator gives an account (issue 15; ADR 042). Proxies and family members get theirs from the
 * person they act for or follow, never from an administrator; a participant's role may be held beside another one
 * (a participant who sits on the panel), not as the role an account is created for — participants are enrolled.
 */
export const primaryRolesAdminsCreate = [
  "coordinator",
  "counsellor",
  "elsi_staff",
  "dac_secretariat",
  "dac_chair",
  "dac_expert",
  "panel_member",
  "applicant",
  "admin",
] as const satisfies readonly Role[];
export const additionalRolesAdminsGive = ["participant", ...primaryRolesAdminsCreate] as const satisfies readonly Role[];

const languages = ["ja", "ja-easy", "en"] as const;

/** A checkbox group arrives as nothing, one value or several. */
const roleList = z.preprocess(
  (value) => (value === undefined || value === null || value === "" ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.enum(additionalRolesAdminsGive)).max(roles.length),
);

export const CreateAccountSchema = z.object({
  email: emailField(),
  displayName: personNameSchema(100),
  // A string first, so an empty choice reads "please fill this in" and only a value not offered "not one of the choices".
  preferredLanguage: z.string().pipe(z.enum(languages)),
  role: z.string().pipe(z.enum(primaryRolesAdminsCreate)),
  additionalRoles: roleList,
});
export type CreateAccountInput = z.infer<typeof CreateAccountSchema>;

export const AccountRolesSchema = z.object({ userId: z.uuid(), additionalRoles: roleList });
export const AccountIdSchema = z.object({ userId: z.uuid() });

/** Why an administrator asks for someone's second factor to be reset: required, so the approver can judge it. */
export const RequestResetSchema = z.object({ userId: z.uuid(), reason: freeTextSchema(500) });
export const ResetIdSchema = z.object({ resetId: z.uuid() });

/** A request for a reset lapses a day after it was made, unapproved. */
export const resetRequestLifetimeMs = 24 * 60 * 60 * 1000;
/** How long the mailed link for a new account's first sign-in works. */
export const welcomeLinkLifetimeHours = 72;

/** Contact details changed by their holder (issue 58 item 5, ADR 141): one form per detail, told apart by `intent`. */
const ChangeEmailSchema = z.object({ intent: z.literal("email"), email: emailField() });
const ChangePhoneSchema = z.object({
  intent: z.literal("phone"),
  phone: typedString("phone").refine((value) => /^\+?[0-9][0-9\- ()]{5,19}$/.test(value), refusedAs("phoneFormat")),
});
export const ChangeContactSchema = z.discriminatedUnion("intent", [ChangeEmailSchema, ChangePhoneSchema]);
/** `<id>.<secret>` as mailed to the new address. */
export const ConfirmEmailChangeSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]{16,64}$/) });
