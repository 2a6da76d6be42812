import { z } from "zod";

const SignInMethodSchema = z.enum(["password", "email_link", "passkey", "invitation"]);
const SecondFactorMethodSchema = z.enum(["totp", "recovery_code", "passkey", "mail_code"]);

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
  z.object({ type: z.literal("auth.reauthenticated"), outcome: z.literal("success"), detail: z.object({ method: z.enum(["password", "totp", "passkey", "mail_code"]) }) }),
  // A code mailed to prove again before what matters (ADR 141); never the code.
  z.object({ type: z.literal("auth.proof_code_sent"), outcome: z.enum(["success", "rate_limited"]), detail: z.object({}) }),
  // A person's request about their data and each step of its answer (issue 58 items 2 and 6, ADR 142); never the words.
  z.object({
    type: z.literal("rights.request_made"),
    outcome: z.literal("success"),
    detail: z.object({ requestId: z.string(), kind: z.enum(["deletion", "correction", "stop_use"]), participantId: z.string() }),
  }),
  z.object({
    type: z.literal("rights.request_step"),
    outcome: z.literal("success"),
    detail: z.object({ requestId: z.string(), state: z.enum(["in_progress", "answered"]), result: z.enum(["done", "partly_done", "refused"]).optional() }),
  }),
  // Contact details changed by their holder (ADR 141): which, never the addresses themselves (the old one is told).
  z.object({
    type: z.literal("account.contact_changed"),
    outcome: z.enum(["requested", "success", "refused"]),
    detail: z.object({ field: z.enum(["email", "phone"]), reason: z.string().optional() }),
  }),
  z.object({
    type: z.literal("auth.factor_changed"),
    outcome: z.literal("success"),
    detail: z.object({
      factor: z.enum(["password", "totp", "passkey", "recovery_codes"]),
      change: z.enum(["added", "removed", "changed", "regenerated"]),
      credentialName: z.string().optional(),
    }),
  }),
  // Web Push on a device (issue 32 item 5; ADR 110): turned on, its kinds changed, stopped by its holder or found gone
  // (the push service answered 404/410). Never the endpoint itself: it is a capability to reach the device.
  z.object({
    type: z.literal("push.device_changed"),
    outcome: z.literal("success"),
    detail: z.object({ subscriptionId: z.string(), change: z.enum(["subscribed", "kinds_changed", "stopped", "gone"]), kinds: z.array(z.string()).optional() }),
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
  // The clinic tablet as a kiosk (issue 55, ADR 121): a coordinator's session locked to one participant's assisted
  // journey when the tablet is handed over, unlocked with the coordinator's own factor, and every refused unlock.
  z.object({ type: z.literal("kiosk.locked"), outcome: z.literal("success"), detail: z.object({ participantId: z.string(), journeyId: z.string(), sessionIdPrefix: z.string() }) }),
  z.object({
    type: z.literal("kiosk.unlocked"),
    outcome: z.literal("success"),
    detail: z.object({ participantId: z.string(), method: z.enum(["password", "totp"]), lockedForSeconds: z.number().int().nonnegative(), sessionIdPrefix: z.string() }),
  }),
  z.object({
    type: z.literal("kiosk.unlock_refused"),
    outcome: z.literal("failure"),
    detail: z.object({ participantId: z.string().optional(), reason: z.enum(["wrong_credential", "rate_limited", "stale_lock"]), sessionIdPrefix: z.string() }),
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
      change: z.enum(["scope_changed", "ended", "paused_at_majority", "confirmed", "left_by_follower", "nominated", "unnominated"]),
      scope: z.enum(["updates", "updates_and_summary"]).optional(),
      previousScope: z.enum(["updates", "updates_and_summary"]).optional(),
    }),
  }),
  // Data access (issue 15; ADR 040): every step of an application and of its review, with the version or round.
  z.object({
    type: z.literal("access.application_changed"),
    outcome: z.literal("success"),
    detail: z.object({
      /** Absent when an applicant signs up (no application yet). */
      applicationId: z.string().optional(),
      change: z.enum(["applicant_signed_up", "created", "draft_saved", "submitted", "returned", "review_opened", "outputs_reported", "research_output_recorded", "withdrawn", "ethics_document_attached"]),
      /** On withdrawal: the state it was withdrawn from. */
      from: z.enum(["draft", "submitted", "returned", "in_review"]).optional(),
      version: z.number().int().optional(),
      note: z.string().optional(),
      /** At submission: what automatic consent matching counted then (participants by result). */
      matching: z.object({ approve: z.number().int(), deny: z.number().int(), abstain: z.number().int() }).optional(),
      /** An ethics approval document attached (issue 27 item 7): its hash and size, and the hash of the one it replaced. */
      document: z.object({ sha256: z.string(), bytes: z.number().int(), previousSha256: z.string().nullable() }).optional(),
      /** At submission: the ethics approval document submitted with the version, if one was attached. */
      ethicsDocumentSha256: z.string().nullable().optional(),
    }),
  }),
  z.object({
    type: z.literal("access.review_changed"),
    outcome: z.enum(["success", "failure"]),
    detail: z.object({
      applicationId: z.string(),
      change: z.enum(["conflict_declared", "comment_added", "purpose_flagged", "vote_cast", "vote_closed", "decided", "recused_access_refused"]),
      round: z.number().int().optional(),
      conflicted: z.boolean().optional(),
      choice: z.enum(["approve", "approve_with_conditions", "reject", "abstain"]).optional(),
      outcome: z.enum(["approved", "rejected", "deferred"]).optional(),
      approvalId: z.string().optional(),
      path: z.string().optional(),
      // Who closed the vote or recorded the decision: the chair, or the vice-chair because the chair was recused.
      capacity: z.enum(["chair", "vice_chair"]).optional(),
    }),
  }),
  z.object({
    type: z.literal("access.committee_changed"),
    outcome: z.literal("success"),
    detail: z.object({
      change: z.enum(["member_seated", "member_ended", "rule_changed", "vice_chair_designated", "vice_chair_cleared"]),
      memberId: z.string().optional(),
      userId: z.string().optional(),
      seat: z.enum(["chair", "expert", "panel"]).optional(),
      rule: z.object({ quorumPercent: z.number().int(), majorityPercent: z.number().int(), majorityInclusive: z.boolean(), requirePanelVote: z.boolean() }).optional(),
    }),
  }),
  z.object({ type: z.literal("family.summary_read"), outcome: z.literal("success"), detail: z.object({ participantId: z.string(), accessId: z.string() }) }),
  z.object({ type: z.literal("account.disabled"), outcome: z.literal("success"), detail: z.object({}) }),
  // Accounts and the two-person second-factor reset (issue 15; ADR 042). A reset's reason stays on its row, not here.
  z.object({
    type: z.literal("account.created"),
    outcome: z.literal("success"),
    detail: z.object({ role: z.string(), additionalRoles: z.array(z.string()), preferredLanguage: z.enum(["ja", "ja_easy", "en"]) }),
  }),
  z.object({ type: z.literal("account.enabled"), outcome: z.literal("success"), detail: z.object({}) }),
  // A welcome link sent again (issue 27 item 7; ADR 042 amended), by an admin or by an applicant for themselves: the
  // links it made stop working are counted. An applicant's request that sends nothing says why (the page does not).
  z.object({
    type: z.literal("account.welcome_link_resent"),
    outcome: z.enum(["success", "ignored", "rate_limited"]),
    detail: z.object({
      by: z.enum(["admin", "self"]),
      replacedLinks: z.number().int().nonnegative().optional(),
      expiresAt: z.string().optional(),
      reason: z.enum(["no_account", "not_an_applicant", "disabled", "set_up"]).optional(),
      attemptedEmail: z.string().optional(),
    }),
  }),
  z.object({
    type: z.literal("account.roles_changed"),
    outcome: z.literal("success"),
    // sessionsEnded: a role that brings staff rules ends the account's sessions, which had not passed a second factor.
    detail: z.object({ added: z.array(z.string()), removed: z.array(z.string()), additionalRoles: z.array(z.string()), sessionsEnded: z.number().int().nonnegative().optional() }),
  }),
  z.object({ type: z.literal("second_factor_reset.requested"), outcome: z.literal("success"), detail: z.object({ resetId: z.string() }) }),
  z.object({
    type: z.literal("second_factor_reset.approved"),
    outcome: z.literal("success"),
    detail: z.object({
      resetId: z.string(),
      requestedById: z.string(),
      totpRemoved: z.boolean(),
      recoveryCodesRemoved: z.number().int().nonnegative(),
      passkeysRemoved: z.number().int().nonnegative(),
      sessionsEnded: z.number().int().nonnegative(),
    }),
  }),
  z.object({ type: z.literal("second_factor_reset.cancelled"), outcome: z.literal("success"), detail: z.object({ resetId: z.string() }) }),
  z.object({
    type: z.literal("second_factor_reset.refused"),
    outcome: z.literal("denied"),
    detail: z.object({ resetId: z.string(), refusal: z.enum(["own_request", "own_reset"]) }),
  }),
  // BRIEF §4: every read of identifiable data is logged with who, when, what and why.
  z.object({
    type: z.literal("data.identifiable_read"),
    outcome: z.literal("success"),
    detail: z.object({
      resource: z.enum(["user_list", "audit_log", "participant_list", "participant_identity", "consent_document", "consent_receipt", "paper_consent_scan"]),
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
  // The co-review of the explanatory documents (issue 28 item 6; ADR 061): rounds opened and closed, comments made and
  // answered — never a comment's text in the audit log (it is in the round's record).
  z.object({
    type: z.literal("document_review.changed"),
    outcome: z.literal("success"),
    detail: z.object({
      formVersionId: z.string(),
      roundId: z.string(),
      change: z.enum(["opened", "commented", "answered", "closed", "invited", "invitation_withdrawn"]),
      commentId: z.string().optional(),
      // An invited patient (ADR 064): which invitation; never their name or address in the audit log.
      invitationId: z.string().optional(),
      answer: z.enum(["accepted", "changed", "declined"]).optional(),
    }),
  }),
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
  // A staff action on a data-access approval (issue 15 item 5; ADR 041): the change, the version it made, and why.
  z.object({
    type: z.literal("access.approval_changed"),
    outcome: z.literal("success"),
    detail: z.object({
      approvalId: z.string(),
      change: z.enum(["suspended", "reinstated", "revoked", "extended", "granted", "amended"]),
      version: z.number().int(),
      status: z.enum(["active", "suspended", "revoked"]),
      endsAt: z.string(),
      reason: z.string(),
    }),
  }),
  z.object({
    type: z.literal("invitation.sent"),
    outcome: z.literal("success"),
    // reissuedFrom: the invitation this one replaces (and revoked), when a coordinator reissued it.
    detail: z.object({ invitationId: z.string(), participantId: z.string(), recipient: z.enum(["participant", "proxy"]), reissuedFrom: z.string().optional() }),
  }),
  // 相談窓口 (issue 59 item 1; ADR 145): a question received (never its words), answered or closed, agreed to be shared,
  // published as a FAQ entry.
  z.object({ type: z.literal("enquiry.received"), outcome: z.literal("success"), detail: z.object({ enquiryId: z.string(), asker: z.string(), withEmail: z.boolean() }) }),
  z.object({ type: z.literal("enquiry.answered"), outcome: z.literal("success"), detail: z.object({ enquiryId: z.string(), state: z.enum(["answered", "closed"]) }) }),
  z.object({ type: z.literal("enquiry.faq_agreed"), outcome: z.literal("success"), detail: z.object({ enquiryId: z.string() }) }),
  z.object({ type: z.literal("enquiry.faq_published"), outcome: z.literal("success"), detail: z.object({ enquiryId: z.string(), faqEntryId: z.string() }) }),
  z.object({ type: z.literal("enquiry.help_place_saved"), outcome: z.literal("success"), detail: z.object({ placeId: z.string(), change: z.enum(["added", "corrected", "retired"]) }) }),
  // Told when it moves (issue 59 item 2; ADR 147): which kinds' frequency an account changed; a decision followed by mail
  // asked for, confirmed or stopped (never the address).
  z.object({
    type: z.literal("notification.settings_changed"),
    outcome: z.literal("success"),
    detail: z.object({ changes: z.array(z.object({ kind: z.string(), frequency: z.enum(["at_once", "weekly", "never"]) })) }),
  }),
  z.object({ type: z.literal("decision.follow_changed"), outcome: z.literal("success"), detail: z.object({ followerId: z.string(), decisionId: z.string().optional(), change: z.enum(["requested", "confirmed", "stopped"]) }) }),
  // Public sessions (issue 59 item 5; ADR 148): published, called off or minuted; a place taken, waitlisted, given up or
  // offered from the waiting list (never the name or address); how many came.
  z.object({ type: z.literal("briefing.saved"), outcome: z.literal("success"), detail: z.object({ briefingId: z.string(), change: z.enum(["published", "cancelled", "minutes"]) }) }),
  z.object({
    type: z.literal("briefing.registration_changed"),
    outcome: z.literal("success"),
    detail: z.object({ briefingId: z.string(), registrationId: z.string(), change: z.enum(["registered", "waitlisted", "cancelled", "promoted"]) }),
  }),
  z.object({ type: z.literal("briefing.attendance_recorded"), outcome: z.literal("success"), detail: z.object({ briefingId: z.string(), attended: z.number().int().nonnegative() }) }),
  // An open panel (issue 59 item 3; ADR 151): a call opened; an application received, decided or withdrawn (never the
  // applicant's name, address or words).
  z.object({ type: z.literal("panel.call_opened"), outcome: z.literal("success"), detail: z.object({ callId: z.string(), seats: z.number().int().positive() }) }),
  z.object({
    type: z.literal("panel.application_changed"),
    outcome: z.literal("success"),
    detail: z.object({ callId: z.string(), applicationId: z.string(), change: z.enum(["received", "selected", "reserve", "not_selected", "withdrawn"]) }),
  }),
  // A panel member's honorarium or expense claim (issue 59 item 3; ADR 152): claimed, decided, paid or withdrawn — its
  // kind and amount, never its description, the reason or the payment reference.
  z.object({
    type: z.literal("panel_claim.changed"),
    outcome: z.literal("success"),
    detail: z.object({
      claimId: z.string(),
      change: z.enum(["submitted", "approved", "rejected", "paid", "withdrawn"]),
      kind: z.enum(["honorarium_meeting", "honorarium_review", "travel", "care_cover", "other"]),
      amountYen: z.number().int().positive(),
    }),
  }),
  // How consent felt (issue 59 item 4; ADR 149): answered (never the answers), a comment approved or hidden.
  z.object({ type: z.literal("survey.answered"), outcome: z.literal("success"), detail: z.object({ participantId: z.string(), withComment: z.boolean() }) }),
  z.object({ type: z.literal("survey.comment_moderated"), outcome: z.literal("success"), detail: z.object({ surveyId: z.string(), decision: z.enum(["approved", "hidden"]) }) }),
  // The clinic appoints a proxy after a loss of capacity (issue 58; ADR 144): on what basis, and whether it is the relative
  // the participant named.
  z.object({
    type: z.literal("proxy.appointed"),
    outcome: z.literal("success"),
    detail: z.object({
      participantId: z.string(),
      proxyAssignmentId: z.string(),
      relationship: z.string(),
      basis: z.enum(["nominated_relative", "legal_guardian", "family_consensus"]),
      nominatedRelative: z.boolean(),
      incapacityOn: z.string(),
    }),
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
  // Analysis reports (issue 57, ADR 137): every accepted submission (`replayed`: the same content again, nothing new
  // stored); the explanation that releases a version to the participant; each download of the clinicians' PDF by the
  // participant or their proxy. Ids only, never a gene, a variant or the PDF.
  z.object({
    type: z.literal("report.submitted"),
    outcome: z.literal("success"),
    detail: z.object({ reportId: z.string(), version: z.number().int().positive(), participantId: z.string(), senderId: z.string(), tokenId: z.string(), result: z.enum(["created", "amended", "replayed"]) }),
  }),
  z.object({
    type: z.literal("report.explained"),
    outcome: z.literal("success"),
    detail: z.object({ reportId: z.string(), version: z.number().int().positive(), participantId: z.string(), mode: z.enum(["face_to_face", "video", "phone"]), explainedOn: z.string() }),
  }),
  z.object({
    type: z.literal("report.viewed"),
    outcome: z.literal("success"),
    detail: z.object({ reportId: z.string(), version: z.number().int().positive(), participantId: z.string(), view: z.literal("clinical_pdf") }),
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
  // Study invitations chosen by genome (issue 57 item 4, ADR 138): a study's question taken up (ids and counts), and a
  // participant's yes handed to the study (which details, by whom). Never the gene or a name.
  z.object({
    type: z.literal("study_invitation.claimed"),
    outcome: z.enum(["success", "denied"]),
    detail: z.object({ requestId: z.string(), approvalId: z.string(), campaignId: z.string(), invitable: z.number().int(), invited: z.number().int(), approvalInForce: z.boolean() }),
  }),
  z.object({
    type: z.literal("study_invitation.handed_over"),
    outcome: z.literal("success"),
    detail: z.object({ deliveryId: z.string(), campaignId: z.string(), participantId: z.string(), byRole: z.enum(["self", "proxy"]), details: z.array(z.string()) }),
  }),
  z.object({
    type: z.literal("study_invitation.handovers_read"),
    outcome: z.literal("success"),
    detail: z.object({ approvalId: z.string(), handovers: z.number().int() }),
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
  // "Everything you hold about me" (issue 16 item 3, ADR 047): the disclosure a person may ask for under Japan's
  // personal-information law, downloaded by the participant or their proxy; written in the transaction that read it.
  z.object({
    type: z.literal("participant.disclosure_downloaded"),
    outcome: z.literal("success"),
    detail: z.object({ participantId: z.string(), format: z.enum(["json", "pdf"]), by: z.enum(["self", "proxy"]) }),
  }),
  // Transparency reports (issue 16 item 2, ADR 048): every step of a version, by whom (none for the scheduled job).
  z.object({
    type: z.literal("transparency.report_changed"),
    outcome: z.literal("success"),
    detail: z.object({
      reportId: z.string(),
      version: z.number().int().positive(),
      change: z.enum(["created", "draft_saved", "scheduled", "unscheduled", "published", "correction_started"]),
    }),
  }),
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
        // Counted apart from 2026-12 (ADR 144); earlier claims counted them as declined.
        life_event: z.number().int().nonnegative().optional(),
        declined: z.number().int().nonnegative(),
        proxy_needed: z.number().int().nonnegative(),
        undeliverable: z.number().int().nonnegative(),
        frequency_cap: z.number().int().nonnegative(),
      }),
    }),
  }),
  // GA4GH Passport visas (issue 15 item 6; ADR 043): each visa issued (its jti and expiry, never the token), each
  // refusal with the approval's state, and an applicant naming an application that is not theirs (answered 404).
  z.object({
    type: z.literal("access.visa_issued"),
    outcome: z.literal("success"),
    detail: z.object({ applicationId: z.string(), approvalId: z.string(), approvalVersion: z.number().int(), jti: z.string(), expiresAt: z.string() }),
  }),
  z.object({
    type: z.literal("access.visa_refused"),
    outcome: z.literal("failure"),
    detail: z.object({ applicationId: z.string(), approvalId: z.string().optional(), reason: z.enum(["not_approved", "not_yet_active", "expired", "suspended", "revoked"]) }),
  }),
  z.object({ type: z.literal("authz.application_out_of_scope"), outcome: z.literal("denied"), detail: z.object({ applicationId: z.string(), path: z.string() }) }),
  // The secretariat's checks of an applicant (ADR 043): the institution verified; new applications refused (a sanction
  // under the data policy) or accepted again, with the reason given.
  z.object({ type: z.literal("access.applicant_verified"), outcome: z.literal("success"), detail: z.object({ applicantId: z.string(), institution: z.string() }) }),
  z.object({
    type: z.literal("access.applicant_applications_changed"),
    outcome: z.literal("success"),
    detail: z.object({ applicantId: z.string(), change: z.enum(["refused", "allowed"]), reason: z.string() }),
  }),
  // The participant panel's learning path (issue 28 item 7; ADR 060): a module finished, once per person and module.
  z.object({ type: z.literal("learning.module_completed"), outcome: z.literal("success"), detail: z.object({ moduleId: z.string() }) }),
  // The panel's meetings (issue 28 item 7; ADR 065): announced, changed, cancelled, minutes published.
  z.object({
    type: z.literal("panel_meeting.changed"),
    outcome: z.literal("success"),
    detail: z.object({ meetingId: z.string(), change: z.enum(["scheduled", "saved", "cancelled", "minutes_published"]) }),
  }),
  // An operator started a new checkpoint log after a restore (ADR 056): the checkpoints the restored database does not
  // hold were rolled back, and the old log is kept, unchanged, as the evidence of what they vouched for.
  z.object({
    type: z.literal("ledger.checkpoint_log_restarted"),
    outcome: z.literal("success"),
    detail: z.object({
      keptThroughSeq: z.number().int().nonnegative(),
      rolledBackFromSeq: z.number().int().positive(),
      rolledBackThroughSeq: z.number().int().positive(),
      participantsAffected: z.number().int().nonnegative(),
      oldLog: z.string(),
      oldLogSha256: z.string(),
      newLog: z.string(),
      // The public checkpoint list restarted beside it (issue 27): how many published checkpoints it keeps, and where
      // the old list was set aside (null when the new list is in another folder and the old one stays where it is).
      // Optional: rows written before the list lived outside the database have neither.
      publishedKeptThroughSeq: z.number().int().nonnegative().optional(),
      publishedOldList: z.string().nullable().optional(),
      reason: z.string(),
    }),
  }),
  // Consultations (issue 28; ADR 059). A response's rows never name a public responder (no actor, no address kept):
  // nothing in the audit log links a public answer to a person.
  z.object({ type: z.literal("consultation.created"), outcome: z.literal("success"), detail: z.object({ consultationId: z.string() }) }),
  z.object({ type: z.literal("consultation.edited"), outcome: z.literal("success"), detail: z.object({ consultationId: z.string(), version: z.number().int().positive() }) }),
  z.object({
    type: z.literal("consultation.published"),
    outcome: z.literal("success"),
    detail: z.object({ consultationId: z.string(), opensAt: z.string(), closesAt: z.string(), questions: z.number().int().nonnegative() }),
  }),
  z.object({
    type: z.literal("consultation.response_changed"),
    outcome: z.literal("success"),
    detail: z.object({
      consultationId: z.string(),
      responseId: z.string(),
      change: z.enum(["submitted", "edited", "withdrawn"]),
      capacity: z.enum(["public", "participants", "families", "panel"]),
    }),
  }),
  // A moderator's decision on one free-text answer, and a moderator reading an answer's original (unredacted) text:
  // which answer, never its text or the reason's words.
  z.object({
    type: z.literal("consultation.answer_moderated"),
    outcome: z.literal("success"),
    detail: z.object({ consultationId: z.string(), responseId: z.string(), questionId: z.string(), decision: z.enum(["approved", "hidden"]), from: z.enum(["pending", "approved", "hidden"]) }),
  }),
  z.object({
    type: z.literal("consultation.answer_original_viewed"),
    outcome: z.literal("success"),
    detail: z.object({ consultationId: z.string(), responseId: z.string(), questionId: z.string() }),
  }),
  // The analysis (issue 28 item 4; ADR 062): a theme added, and the themes a free-text answer was given (their ids).
  z.object({ type: z.literal("consultation.theme_created"), outcome: z.literal("success"), detail: z.object({ consultationId: z.string(), themeId: z.string() }) }),
  z.object({
    type: z.literal("consultation.answer_themes_set"),
    outcome: z.literal("success"),
    detail: z.object({ consultationId: z.string(), responseId: z.string(), questionId: z.string(), themeIds: z.array(z.string()) }),
  }),
  // A consultation's figures released (issue 54; ADR 115): which release, of what kind — never a count.
  z.object({
    type: z.literal("consultation.figures_released"),
    outcome: z.literal("success"),
    detail: z.object({ consultationId: z.string(), release: z.number().int().positive(), kind: z.enum(["interim", "closing", "themes"]) }),
  }),
  // "You said, we did" (issue 28 item 5; ADR 063): the report's versions and the decisions tracked until done.
  z.object({
    type: z.literal("consultation.report_changed"),
    outcome: z.literal("success"),
    detail: z.object({ consultationId: z.string(), version: z.number().int().positive(), change: z.enum(["draft_started", "draft_saved", "published", "correction_started"]) }),
  }),
  z.object({
    type: z.literal("consultation.decision_changed"),
    outcome: z.literal("success"),
    detail: z.object({
      consultationId: z.string(),
      decisionId: z.string(),
      change: z.enum(["created", "edited", "state_changed"]),
      state: z.enum(["considered", "adopted", "partly", "declined", "done"]),
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
