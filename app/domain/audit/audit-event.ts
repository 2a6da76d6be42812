import { z } from "zod";

const SignInMethodSchema = z.enum(["password", "email_link", "passkey", "invitation"]);
const SecondFactorMethodSchema = z.enum(["totp", "recovery_code", "passkey"]);

/**
 * Every audit event type, one schema each, so stored JSON stays readable for years. `detail` never holds a
 * secret, a password or a token — only what an auditor needs to reconstruct who did what.
 */
export const AuditEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auth.sign_in"), outcome: z.literal("success"), detail: z.object({ method: SignInMethodSchema, secondFactorPending: z.boolean() }) }),
  z.object({
    type: z.literal("auth.sign_in_failed"),
    outcome: z.literal("failure"),
    detail: z.object({
      method: z.union([SignInMethodSchema, SecondFactorMethodSchema]),
      reason: z.enum(["bad_credentials", "rate_limited", "account_disabled", "link_invalid", "link_expired", "link_used", "second_factor_wrong", "passkey_invalid"]),
      // Set even when no account matched, so an auditor sees what was tried; never the password.
      attemptedEmail: z.string().optional(),
    }),
  }),
  z.object({ type: z.literal("auth.sign_in_link_requested"), outcome: z.enum(["success", "ignored", "rate_limited"]), detail: z.object({ attemptedEmail: z.string() }) }),
  z.object({ type: z.literal("auth.second_factor_passed"), outcome: z.literal("success"), detail: z.object({ method: SecondFactorMethodSchema }) }),
  z.object({ type: z.literal("auth.reauthenticated"), outcome: z.literal("success"), detail: z.object({ method: z.enum(["password", "totp", "passkey"]) }) }),
  z.object({
    type: z.literal("auth.factor_changed"),
    outcome: z.literal("success"),
    detail: z.object({
      factor: z.enum(["password", "totp", "passkey", "recovery_codes"]),
      change: z.enum(["added", "removed", "changed", "regenerated"]),
      credentialName: z.string().optional(),
    }),
  }),
  z.object({
    type: z.literal("session.ended"),
    outcome: z.literal("success"),
    detail: z.object({
      reason: z.enum(["sign_out", "expired", "idle_timeout", "signed_out_elsewhere", "password_changed", "account_disabled", "revoked_by_user"]),
      sessionIdPrefix: z.string().optional(),
      count: z.number().int().nonnegative().optional(),
    }),
  }),
  z.object({ type: z.literal("authz.permission_denied"), outcome: z.literal("denied"), detail: z.object({ permission: z.string(), path: z.string() }) }),
  // Facilities (ADR 015): a staff member named a participant outside their facilities; they were told "not found".
  z.object({
    type: z.literal("authz.participant_out_of_scope"),
    outcome: z.literal("denied"),
    detail: z.object({ participantId: z.string(), facilityId: z.string(), path: z.string(), memberOf: z.number().int().nonnegative() }),
  }),
  z.object({
    type: z.literal("facility.membership_changed"),
    outcome: z.literal("success"),
    detail: z.object({ facilityId: z.string(), facilityCode: z.string(), change: z.enum(["added", "removed"]) }),
  }),
  // Families (issue 14, ADR 036): who was let in, to see what, and every look at a participant's summary.
  z.object({
    type: z.literal("family.invited"),
    outcome: z.literal("success"),
    detail: z.object({ participantId: z.string(), invitationId: z.string(), scope: z.enum(["updates", "updates_and_summary"]), as: z.enum(["self", "proxy"]) }),
  }),
  z.object({ type: z.literal("family.invitation_withdrawn"), outcome: z.literal("success"), detail: z.object({ participantId: z.string(), invitationId: z.string() }) }),
  z.object({
    type: z.literal("family.invitation_accepted"),
    outcome: z.enum(["success", "failure"]),
    detail: z.object({
      invitationId: z.string().optional(),
      participantId: z.string().optional(),
      accessId: z.string().optional(),
      accountCreated: z.boolean().optional(),
      reason: z.enum(["invalid", "expired", "used", "withdrawn", "account_conflict", "already_following"]).optional(),
    }),
  }),
  z.object({
    type: z.literal("family.access_changed"),
    outcome: z.literal("success"),
    detail: z.object({
      participantId: z.string(),
      accessId: z.string(),
      change: z.enum(["scope_changed", "ended", "paused_at_majority", "confirmed", "left_by_follower"]),
      scope: z.enum(["updates", "updates_and_summary"]).optional(),
      previousScope: z.enum(["updates", "updates_and_summary"]).optional(),
    }),
  }),
  z.object({ type: z.literal("family.summary_read"), outcome: z.literal("success"), detail: z.object({ participantId: z.string(), accessId: z.string() }) }),
  z.object({ type: z.literal("account.disabled"), outcome: z.literal("success"), detail: z.object({}) }),
  // BRIEF §4: every read of identifiable data is logged with who, when, what and why.
  z.object({
    type: z.literal("data.identifiable_read"),
    outcome: z.literal("success"),
    detail: z.object({
      resource: z.enum(["user_list", "audit_log", "participant_list", "participant_identity", "consent_document", "paper_consent_scan"]),
      purpose: z.enum(["account_administration", "security_review", "enrolment", "consent_support", "participant_self_service"]),
      rows: z.number().int().nonnegative(),
      participantId: z.string().optional(),
      // Facilities (ADR 015): where the participant is enrolled, and whether the reader's scope was every facility.
      facilityId: z.string().optional(),
      scope: z.enum(["facilities", "all"]).optional(),
    }),
  }),
  // Consent (issue 3). The ledger is the record of consent itself; these rows let an auditor follow staff work.
  z.object({ type: z.literal("consent_form.draft_saved"), outcome: z.literal("success"), detail: z.object({ formVersionId: z.string(), version: z.string() }) }),
  z.object({ type: z.literal("consent_form.draft_deleted"), outcome: z.literal("success"), detail: z.object({ formVersionId: z.string(), version: z.string() }) }),
  z.object({
    type: z.literal("consent_form.published"),
    outcome: z.literal("success"),
    detail: z.object({ formVersionId: z.string(), version: z.string(), kind: z.enum(["major", "minor"]), contentHash: z.string(), reconsentRequested: z.number().int().nonnegative() }),
  }),
  z.object({
    type: z.literal("participant.enrolled"),
    outcome: z.literal("success"),
    detail: z.object({ participantId: z.string(), pseudonym: z.string(), samples: z.number().int().nonnegative(), proxy: z.boolean(), facilityId: z.string().optional() }),
  }),
  // A sample registered after enrolment; eventId is its ledger event (absent before the first consent: nothing to amend).
  z.object({
    type: z.literal("sample.registered"),
    outcome: z.literal("success"),
    detail: z.object({ participantId: z.string(), sampleCode: z.string(), kind: z.enum(["tumour", "blood", "other"]), eventId: z.string().optional(), facilityId: z.string() }),
  }),
  z.object({
    type: z.literal("invitation.sent"),
    outcome: z.literal("success"),
    // reissuedFrom: the invitation this one replaces (and revoked), when a coordinator reissued it.
    detail: z.object({ invitationId: z.string(), participantId: z.string(), recipient: z.enum(["participant", "proxy"]), reissuedFrom: z.string().optional() }),
  }),
  z.object({
    type: z.literal("invitation.accepted"),
    outcome: z.literal("success"),
    detail: z.object({ invitationId: z.string(), participantId: z.string(), recipient: z.enum(["participant", "proxy"]), accountCreated: z.boolean() }),
  }),
  z.object({
    type: z.literal("invitation.identity_check"),
    outcome: z.enum(["success", "failure"]),
    detail: z.object({ invitationId: z.string(), step: z.enum(["code_and_birth_date", "email_code"]), reason: z.string().optional() }),
  }),
  z.object({
    type: z.literal("consent.recorded"),
    outcome: z.literal("success"),
    detail: z.object({ participantId: z.string(), eventId: z.string(), eventType: z.string(), method: z.string() }),
  }),
  // Public /verify lookups (no account): the address is the actor, and the count per address is the rate limit.
  z.object({
    type: z.literal("consent_record.verified"),
    outcome: z.enum(["success", "failure", "rate_limited"]),
    detail: z.object({ found: z.boolean(), intact: z.boolean().optional(), eventId: z.string().optional(), pdf: z.enum(["match", "mismatch", "no_stored_copy", "not_pdf"]).optional() }),
  }),
  z.object({ type: z.literal("question.asked"), outcome: z.literal("success"), detail: z.object({ questionId: z.string(), participantId: z.string() }) }),
  z.object({ type: z.literal("question.answered"), outcome: z.literal("success"), detail: z.object({ questionId: z.string(), participantId: z.string() }) }),
  // The consent journey (reading, comprehension check, choices): progress an auditor can replay, never the choice values.
  z.object({
    type: z.literal("consent_journey.started"),
    outcome: z.literal("success"),
    detail: z.object({ journeyId: z.string(), participantId: z.string(), formVersionId: z.string(), method: z.enum(["online", "assisted"]), restartedFrom: z.string().optional() }),
  }),
  z.object({
    type: z.literal("consent_journey.progressed"),
    // failure: a comprehension answer was wrong and the explanation was shown.
    outcome: z.enum(["success", "failure"]),
    detail: z.object({ journeyId: z.string(), participantId: z.string(), step: z.enum(["section", "question", "choice"]), ref: z.string() }),
  }),
  z.object({ type: z.literal("api_token.issued"), outcome: z.literal("success"), detail: z.object({ tokenId: z.string(), name: z.string(), scopes: z.array(z.string()) }) }),
  z.object({ type: z.literal("api_token.revoked"), outcome: z.literal("success"), detail: z.object({ tokenId: z.string() }) }),
  // The job queue (ADR 031): an administrator sent a parked job round again.
  z.object({ type: z.literal("job.retried"), outcome: z.literal("success"), detail: z.object({ jobId: z.string(), task: z.string(), attempts: z.number().int().nonnegative(), mailMessageId: z.string().optional() }) }),
  z.object({
    type: z.literal("api.request"),
    outcome: z.enum(["success", "denied"]),
    detail: z.object({ tokenId: z.string().optional(), resource: z.string(), reason: z.string().optional(), rows: z.number().int().nonnegative().optional() }),
  }),
  z.object({ type: z.literal("account.language_changed"), outcome: z.literal("success"), detail: z.object({ language: z.string() }) }),
  // Findings intake (issue 13, ADR 032): every accepted submission, by the token that sent it. `replayed`: the same
  // content again, nothing new stored. Never the variant, the summary or the report: only ids.
  z.object({
    type: z.literal("finding.submitted"),
    outcome: z.literal("success"),
    detail: z.object({
      findingId: z.string(),
      version: z.number().int().positive(),
      participantId: z.string(),
      labId: z.string(),
      tokenId: z.string(),
      result: z.enum(["created", "new_version", "replayed"]),
      reinterpretation: z.boolean(),
    }),
  }),
  // Counselling cases (issue 13 item 4, ADR 034): each step a counsellor takes, and each opening of a sealed finding
  // with the reason given. Ids and the step only: the case notes stay in the case's own events.
  z.object({
    type: z.literal("finding_case.step_taken"),
    outcome: z.literal("success"),
    detail: z.object({
      findingId: z.string(),
      participantId: z.string(),
      event: z.enum(["claimed", "released", "appointment_scheduled", "counselling_recorded", "disclosure_recorded", "relatives_wishes_recorded", "closed", "reopened"]),
      seq: z.number().int().positive(),
    }),
  }),
  z.object({
    type: z.literal("finding_case.sealed_content_opened"),
    outcome: z.literal("success"),
    detail: z.object({ findingId: z.string(), participantId: z.string(), seq: z.number().int().positive(), reason: z.string() }),
  }),
  // Recontact (issue 13, ADR 033): a draft campaign written; its audience decided and its deliveries written (counts
  // only, no one named).
  z.object({
    type: z.literal("recontact_campaign.created"),
    outcome: z.literal("success"),
    detail: z.object({ campaignId: z.string(), kind: z.enum(["new_study", "clinical_trial", "findings_reinterpretation", "survey"]) }),
  }),
  // ADR 035: response tokens made and handed to the dispatch seam (counts by channel); a participant's answer.
  z.object({
    type: z.literal("recontact_campaign.dispatched"),
    outcome: z.literal("success"),
    detail: z.object({ campaignId: z.string(), email: z.number().int().nonnegative(), post: z.number().int().nonnegative() }),
  }),
  // ADR 035: a batch of letters printed (or printed again, with new links), and how many were withheld because the
  // participant's consent no longer allowed the contact.
  z.object({
    type: z.literal("recontact_letters.printed"),
    outcome: z.literal("success"),
    detail: z.object({
      campaignId: z.string(),
      batchId: z.string(),
      seq: z.number().int().positive(),
      reprint: z.boolean(),
      letters: z.number().int().nonnegative(),
      withheld: z.number().int().nonnegative(),
    }),
  }),
  z.object({
    type: z.literal("recontact_delivery.answered"),
    outcome: z.literal("success"),
    detail: z.object({ campaignId: z.string(), deliveryId: z.string(), answer: z.enum(["interested", "not_interested", "stop_contacting"]), consentEventId: z.string().nullable() }),
  }),
  // Programme updates (issue 14, ADR 038): what was written, published (or scheduled) and corrected, by whom; a
  // reader's digest switched on or off (from the page, or with the mail's one-click link).
  z.object({
    type: z.literal("programme_update.created"),
    outcome: z.literal("success"),
    detail: z.object({ updateId: z.string(), audiences: z.array(z.enum(["participants", "families", "public"])), programmeArea: z.enum(["cancer", "rare_disease"]).nullable() }),
  }),
  z.object({ type: z.literal("programme_update.edited"), outcome: z.literal("success"), detail: z.object({ updateId: z.string(), version: z.number().int().positive() }) }),
  z.object({
    type: z.literal("programme_update.published"),
    outcome: z.literal("success"),
    detail: z.object({ updateId: z.string(), version: z.number().int().positive(), visibleFrom: z.string(), correction: z.boolean() }),
  }),
  z.object({ type: z.literal("programme_update.correction_started"), outcome: z.literal("success"), detail: z.object({ updateId: z.string(), version: z.number().int().positive() }) }),
  z.object({ type: z.literal("update_digest.changed"), outcome: z.literal("success"), detail: z.object({ enabled: z.boolean(), via: z.enum(["updates_page", "unsubscribe_link"]) }) }),
  z.object({
    type: z.literal("recontact_campaign.recipients_claimed"),
    outcome: z.literal("success"),
    detail: z.object({
      campaignId: z.string(),
      kind: z.enum(["new_study", "clinical_trial", "findings_reinterpretation", "survey"]),
      matched: z.number().int().nonnegative(),
      included: z.number().int().nonnegative(),
      excluded: z.object({
        withdrawn_no_contact: z.number().int().nonnegative(),
        declined: z.number().int().nonnegative(),
        proxy_needed: z.number().int().nonnegative(),
        undeliverable: z.number().int().nonnegative(),
        frequency_cap: z.number().int().nonnegative(),
      }),
    }),
  }),
]);

export type AuditEvent = z.infer<typeof AuditEventSchema>;
export type AuditEventType = AuditEvent["type"];

/** Who did it and from where; every audit row carries this. */
export interface AuditContext {
  actorUserId?: string | null;
  subjectUserId?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
}
