import { z } from "zod";
import { roles } from "../../domain/authz/index";
import { facilityKinds } from "../../domain/facilities/index";

/**
 * `.data/demo.json`: how anyone drives the demo. Later issues add fields (participants, samples, bridge
 * tokens); existing fields keep their meaning. Documented in README.md ("The demo file").
 */
export const DemoAccountSchema = z.object({
  role: z.enum(roles),
  email: z.email(),
  displayName: z.string(),
  password: z.string(),
  /** Base32 TOTP key, as an authenticator app takes it; staff roles only. */
  totpSecret: z.string().optional(),
  /** Codes of the facilities a staff account belongs to (ADR 015); ELSI staff and admins reach all by role. */
  facilities: z.array(z.string()).optional(),
});

/** A hospital taking part (ADR 015): coordinators and counsellors reach only their own facilities' participants. */
export const DemoFacilitySchema = z.object({ code: z.string(), nameJa: z.string(), nameEn: z.string(), kind: z.enum(facilityKinds) });

export const demoParticipantStates = [
  "consented",
  "secondary_findings_declined",
  "reconsent_required",
  "withdrawn",
  "proxy_with_child",
  "secondary_findings_undecided",
] as const;

/** A participant in a known consent state, with the sign-in that reaches them (their own, or their proxy's). */
export const DemoParticipantSchema = z.object({
  state: z.enum(demoParticipantStates),
  pseudonym: z.string(),
  /** The participant's sample ids, as the pipeline and the bridge know them. */
  sampleCodes: z.array(z.string()),
  fullName: z.string(),
  dateOfBirth: z.iso.date(),
  signIn: z.object({ as: z.enum(["participant", "proxy"]), email: z.email(), password: z.string() }),
  /** Code of the facility the participant is enrolled at. */
  facility: z.string().optional(),
});

/** Who follows whom (issue 14; ADR 036): the demo family account and the participant it follows, with the scope. */
export const DemoFollowSchema = z.object({
  familyEmail: z.email(),
  participantPseudonym: z.string(),
  participantName: z.string(),
  scope: z.enum(["updates", "updates_and_summary"]),
});

/** The states the demo puts one data-access application in each (issue 15 item 7); walking the demo moves them on. */
export const demoApplicationStates = ["draft", "submitted", "returned", "in_review", "approved", "rejected"] as const;

/**
 * The data-access demo (issue 15 item 7; ADR 007): who plays which part (e-mails of accounts listed under `accounts`),
 * one application per state, the active approval, and the release the demo made under it at start (once the bridge
 * held the approval; absent until then, `notes` say how to make one).
 */
export const DemoDataAccessSchema = z.object({
  applicant: z.email(),
  secretariat: z.email(),
  chair: z.email(),
  experts: z.array(z.email()),
  panelMembers: z.array(z.email()),
  applications: z.array(z.object({ state: z.enum(demoApplicationStates), id: z.string(), reference: z.string(), title: z.string() })),
  approval: z.object({ id: z.string(), applicationReference: z.string(), datasets: z.array(z.string()), recipient: z.string(), purpose: z.string(), endsAt: z.string() }),
  release: z.object({ id: z.string(), approvalId: z.string(), dataset: z.string(), recipient: z.string(), purpose: z.string(), requestedCount: z.number(), includedCount: z.number() }).optional(),
  /**
   * The study invitation the demo asked the bridge for at start under the approval (issue 57 item 4; ADR 138): the
   * study's registry id, the criterion, what the bridge counted and how many the platform invited.
   */
  studyInvitation: z
    .object({ requestId: z.string(), registry: z.string(), studyId: z.string(), gene: z.string(), askedCount: z.number(), invitableCount: z.number(), invited: z.number() })
    .optional(),
  notes: z.array(z.string()).default([]),
});

/**
 * The demo cohort (issue 29): how many synthetic participants, enrolled over how many months since when, and the one
 * member with a sign-in, to try withdrawal on someone nothing else in the demo rests on.
 */
export const DemoCohortSchema = z.object({
  participants: z.number().int().nonnegative(),
  months: z.number().int().positive(),
  since: z.iso.date(),
  tryWithdrawal: z.object({ pseudonym: z.string(), email: z.email(), password: z.string() }),
});
export type DemoCohort = z.infer<typeof DemoCohortSchema>;

export const DemoFileSchema = z.object({
  version: z.literal(1),
  appUrl: z.url(),
  bridgeUrl: z.url(),
  accounts: z.array(DemoAccountSchema),
  facilities: z.array(DemoFacilitySchema).default([]),
  participants: z.array(DemoParticipantSchema).default([]),
  follows: z.array(DemoFollowSchema).default([]),
  /** Bearer token for GET /fhir/Consent?patient=<pseudonym> (scope fhir:read). */
  fhirToken: z.string().optional(),
  /** Bearer token for the pipeline bridge (every gate:* scope): decisions, subjects, events, datasets, releases. */
  bridgeToken: z.string().optional(),
  /** Bearer token for POST /api/v1/findings (scope findings:submit), as the analysis team's lab would hold. */
  findingsToken: z.string().optional(),
  /** Bearer token for POST /api/v1/reports (scope reports:submit), as the analysis centre's report system would hold. */
  reportsToken: z.string().optional(),
  dataAccess: DemoDataAccessSchema.optional(),
  /** Absent when the database's ledger already held events when the demo was first seeded (seed-demo-cohort). */
  cohort: DemoCohortSchema.optional(),
});

export type DemoAccount = z.infer<typeof DemoAccountSchema>;
export type DemoFile = z.infer<typeof DemoFileSchema>;
export type DemoParticipant = z.infer<typeof DemoParticipantSchema>;
export type DemoFacility = z.infer<typeof DemoFacilitySchema>;
export type DemoFollow = z.infer<typeof DemoFollowSchema>;
export type DemoDataAccess = z.infer<typeof DemoDataAccessSchema>;
