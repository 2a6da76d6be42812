import { findingsCategories, gateActions, recipients, recontactTopics } from "@tsunagi/consent-rules/choice-catalogue";
import { PSEUDONYM_PATTERN, SAMPLE_CODE_PATTERN } from "@tsunagi/consent-rules/consent-change-message";
import { DecisionRequestSchema, PURPOSE_ID_PATTERN, MAX_DECISIONS_PER_REQUEST, type DecisionRequestItem } from "./decision-request";

const actionSet: ReadonlySet<string> = new Set(gateActions);
const recipientSet: ReadonlySet<string> = new Set(recipients);
const findingsCategorySet: ReadonlySet<string> = new Set(findingsCategories);
const recontactTopicSet: ReadonlySet<string> = new Set(recontactTopics);

const isSubjectCode = (value: unknown): value is string => typeof value === "string" && (SAMPLE_CODE_PATTERN.test(value) || PSEUDONYM_PATTERN.test(value));
const isMember = (set: ReadonlySet<string>, value: unknown): value is string => typeof value === "string" && set.has(value);

/**
 * DecisionRequestSchema's verdict without zod's cost for an item that is plainly valid — what nearly every item a
 * pipeline sends is. The schema stays the source of truth: this accepts only a plain object whose every member the
 * schema would accept (checked with the schema's own patterns and enums), and answers `undefined` for anything else,
 * which the caller then hands to the schema (for its verdict and its issues). A property test holds the two together
 * (parse-decision-item.test.ts). The item is copied, members in the schema's order, as the schema would return it.
 */
export function acceptPlainDecisionItem(raw: unknown): DecisionRequestItem | undefined {
  if (typeof raw !== "object" || raw === null || Object.getPrototypeOf(raw) !== Object.prototype) return undefined;
  const item = raw as Record<string, unknown>;
  let subject: string | undefined;
  let action: DecisionRequestItem["action"] | undefined;
  let purpose: string | undefined;
  let recipient: DecisionRequestItem["recipient"];
  let findingsCategory: DecisionRequestItem["findingsCategory"];
  let recontactTopic: DecisionRequestItem["recontactTopic"];
  for (const key in item) {
    if (!Object.hasOwn(item, key)) return undefined;
    const value = item[key];
    switch (key) {
      case "subject":
        if (!isSubjectCode(value)) return undefined;
        subject = value;
        break;
      case "action":
        if (!isMember(actionSet, value)) return undefined;
        action = value as DecisionRequestItem["action"];
        break;
      case "purpose":
        if (typeof value !== "string" || !PURPOSE_ID_PATTERN.test(value)) return undefined;
        purpose = value;
        break;
      case "recipient":
        if (!isMember(recipientSet, value)) return undefined;
        recipient = value as DecisionRequestItem["recipient"];
        break;
      case "findingsCategory":
        if (!isMember(findingsCategorySet, value)) return undefined;
        findingsCategory = value as DecisionRequestItem["findingsCategory"];
        break;
      case "recontactTopic":
        if (!isMember(recontactTopicSet, value)) return undefined;
        recontactTopic = value as DecisionRequestItem["recontactTopic"];
        break;
      default:
        return undefined;
    }
  }
  if (subject === undefined || action === undefined) return undefined;
  const request: DecisionRequestItem = { subject, action };
  if (purpose !== undefined) request.purpose = purpose;
  if (recipient !== undefined) request.recipient = recipient;
  if (findingsCategory !== undefined) request.findingsCategory = findingsCategory;
  if (recontactTopic !== undefined) request.recontactTopic = recontactTopic;
  return request;
}

/** One item as the schema reads it, or `undefined` when it does not match. */
export function parseDecisionItem(raw: unknown): DecisionRequestItem | undefined {
  const plain = acceptPlainDecisionItem(raw);
  if (plain !== undefined) return plain;
  const parsed = DecisionRequestSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/**
 * DecisionBatchSchema's verdict for a plainly valid batch (`{ requests: [1–10,000 anything] }`), without zod
 * copying up to 10,000 items; `undefined` for anything else, which the caller hands to the schema.
 */
export function acceptPlainDecisionBatch(raw: unknown): unknown[] | undefined {
  if (typeof raw !== "object" || raw === null || Object.getPrototypeOf(raw) !== Object.prototype) return undefined;
  const batch = raw as Record<string, unknown>;
  for (const key in batch) if (key !== "requests" || !Object.hasOwn(batch, key)) return undefined;
  const requests = batch.requests;
  if (!Array.isArray(requests) || requests.length < 1 || requests.length > MAX_DECISIONS_PER_REQUEST) return undefined;
  return requests;
}
