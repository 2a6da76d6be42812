import { z } from "zod";
import { findingsCategories, gateActions, recipients, recontactTopics } from "@tsunagi/consent-rules/choice-catalogue";
import { decisionReasons, type DecisionReason } from "@tsunagi/consent-rules/decide-action";
import { PSEUDONYM_PATTERN, SAMPLE_CODE_PATTERN } from "@tsunagi/consent-rules/consent-change-message";
import { PURPOSE_ID_PATTERN } from "@tsunagi/consent-rules/provision-law";

export const MAX_DECISIONS_PER_REQUEST = 10_000;
/** 10,000 items of a few hundred bytes each, with room to spare; more is refused unread. */
export const DECISIONS_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** A DUO id, or a purpose the programme defines in DUO's shape (TSUNAGI:0000001, the 2024 law's; ADR 140). */
export { PURPOSE_ID_PATTERN };

/** A sample code or a participant pseudonym (both are single NATS subject tokens). */
const subjectCode = z.union([z.string().regex(SAMPLE_CODE_PATTERN), z.string().regex(PSEUDONYM_PATTERN)]);

export const DecisionRequestSchema = z.strictObject({
  subject: subjectCode.meta({ description: "A sample code or a participant pseudonym", examples: ["S-7KQ2M9X4TB", "TGP-8QX2-K4TM"] }),
  action: z.enum(gateActions),
  purpose: z.string().regex(PURPOSE_ID_PATTERN, "a DUO id such as DUO:0000006, or TSUNAGI:0000001").optional().meta({ description: "A DUO data-use permission id, or a purpose the programme defines (TSUNAGI:0000001: provision to a certified producer under the 2024 law)" }),
  recipient: z.enum(recipients).optional(),
  findingsCategory: z.enum(findingsCategories).optional().meta({ description: "For return_secondary" }),
  recontactTopic: z.enum(recontactTopics).optional().meta({ description: "For recontact" }),
});
export type DecisionRequestItem = z.infer<typeof DecisionRequestSchema>;

export const DecisionBatchSchema = z.strictObject({
  requests: z.array(z.unknown()).min(1).max(MAX_DECISIONS_PER_REQUEST),
});

/** Every reason a decision can carry: the consent rule's and the bridge's own fail-closed ones. */
export type BridgeDecisionReason = DecisionReason | "sample_destroyed" | "message_parked" | "projection_stale" | "database_unavailable" | "malformed_request" | "scope_missing";
export const bridgeDecisionReasons = [
  ...decisionReasons,
  "sample_destroyed",
  "message_parked",
  "projection_stale",
  "database_unavailable",
  "malformed_request",
  "scope_missing",
] as const satisfies readonly BridgeDecisionReason[];

export const DecisionSchema = z.object({
  subject: z.string().nullable(),
  action: z.string().nullable(),
  purpose: z.string().nullable(),
  recipient: z.string().nullable(),
  findingsCategory: z.string().optional(),
  recontactTopic: z.string().optional(),
  allowed: z.boolean(),
  reason: z.enum(bridgeDecisionReasons),
  /** The choices the answer rests on. */
  choices: z.array(z.string()),
  pseudonym: z.string().nullable(),
  /** The label of the consent form version signed ("1.1"). */
  consentVersion: z.string().nullable(),
  /** The participant's consent state version (event count) the answer is based on. */
  stateVersion: z.number().int().nullable(),
  eventId: z.string().nullable(),
  evaluatedAt: z.string(),
});
export type BridgeDecision = z.infer<typeof DecisionSchema>;

export const DecisionResponseSchema = z.object({
  requestId: z.uuid(),
  evaluatedAt: z.string(),
  decisions: z.array(DecisionSchema),
  jws: z.string().meta({ description: "Compact ES256 JWS over the body without `jws`" }),
});
