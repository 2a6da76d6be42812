import { z } from "zod";
import { emailField } from "../kernel/index";
import { supportedLanguages } from "../../i18n/languages";
import { personNameSchema } from "../kernel/index";
import { familyRelationships, familyScopes } from "./family-access-rule";

/** The participant's invitation form (`/consent/family`): who, how related, what they may see, the mail's language. */
export const InviteFamilySchema = z.object({
  intent: z.literal("invite"),
  fullName: personNameSchema(100),
  relationship: z.enum(familyRelationships),
  email: emailField(),
  scope: z.enum(familyScopes),
  language: z.enum(supportedLanguages),
});
export type InviteFamilyInput = z.infer<typeof InviteFamilySchema>;

export const ChangeFamilyScopeSchema = z.object({ intent: z.literal("change_scope"), accessId: z.uuid(), scope: z.enum(familyScopes) });
export const EndFamilyAccessSchema = z.object({ intent: z.literal("end"), accessId: z.uuid() });
export const ConfirmFamilyAccessSchema = z.object({ intent: z.literal("confirm"), accessId: z.uuid() });
export const WithdrawFamilyInvitationSchema = z.object({ intent: z.literal("withdraw_invitation"), invitationId: z.uuid() });

/** Name (or stop naming) the relative to be told if the participant dies or loses capacity (ADR 143). */
export const NominateFamilySchema = z.object({ intent: z.literal("nominate"), accessId: z.uuid(), nominate: z.enum(["yes", "no"]) });
export const FamilyActionSchema = z.discriminatedUnion("intent", [InviteFamilySchema, ChangeFamilyScopeSchema, EndFamilyAccessSchema, ConfirmFamilyAccessSchema, WithdrawFamilyInvitationSchema, NominateFamilySchema]);
export type FamilyAction = z.infer<typeof FamilyActionSchema>;

/** A follower's own page (`/family`): stop following one participant. */
export const StopFollowingSchema = z.object({ accessId: z.uuid() });

/** The invitee's answer: the language they will read in. */
export const AcceptFamilyInvitationSchema = z.object({ language: z.enum(supportedLanguages) });

/** The link secret as it travels in the invitation's URL: 32 characters of the secure alphabet. */
export const familyInvitationTokenPattern = /^[a-z2-9]{32}$/;
