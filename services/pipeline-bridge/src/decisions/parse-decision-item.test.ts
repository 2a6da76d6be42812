import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findingsCategories, gateActions, recipients, recontactTopics } from "@tsunagi/consent-rules/choice-catalogue";
import { DecisionBatchSchema, DecisionRequestSchema, MAX_DECISIONS_PER_REQUEST } from "./decision-request";
import { acceptPlainDecisionBatch, acceptPlainDecisionItem, parseDecisionItem } from "./parse-decision-item";

/** Values near the schema's edges: valid ones, almost-valid ones, and the wrong types. */
const nearValue = (valid: readonly string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "analyze ", "Analyze", "DUO:000006", "DUO:00000066", "duo:0000006", "S-\u0000", "S-A\uD800", "x".repeat(65), "S.AAAA", "-S", "__proto__", "constructor") },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant([]), fc.constant({})) },
  );

const subjects = ["S-7KQ2M9X4TB", "TGP-8QX2-K4TM", "S-12345-T", "a", "A".repeat(64), "S_1-2"];
const memberArbitraries = {
  subject: nearValue(subjects),
  action: nearValue(gateActions),
  purpose: nearValue(["DUO:0000006", "DUO:0000042", "DUO:1234567"]),
  recipient: nearValue(recipients),
  findingsCategory: nearValue(findingsCategories),
  recontactTopic: nearValue(recontactTopics),
};

/** An item as a client might send it: some members, maybe a stray one, in any order. */
const itemArbitrary = fc
  .tuple(
    fc.record(memberArbitraries, { requiredKeys: [] }),
    fc.option(fc.tuple(fc.constantFrom("extra", "Subject", "__proto__", "toString", "0"), fc.jsonValue()), { nil: undefined }),
    fc.boolean(),
  )
  .map(([members, stray, reversed]) => {
    const entries: [string, unknown][] = Object.entries(members);
    if (stray) entries.push(stray);
    if (reversed) entries.reverse();
    return Object.fromEntries(entries) as Record<string, unknown>;
  });

/** The same item as it arrives over HTTP: through JSON (undefined members vanish, `__proto__` becomes a member). */
const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? "null");

describe("the plain-item fast path agrees with DecisionRequestSchema", () => {
  it("accepts only what the schema accepts, as the schema returns it, members in the schema's order", () => {
    fc.assert(
      fc.property(itemArbitrary, (item) => {
        for (const raw of [item, viaJson(item)]) {
          const fast = acceptPlainDecisionItem(raw);
          if (fast === undefined) continue;
          const schema = DecisionRequestSchema.safeParse(raw);
          expect(schema.success).toBe(true);
          expect(JSON.stringify(fast)).toBe(JSON.stringify(schema.data));
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it("leaves nothing that came as JSON to the schema that the schema would accept (the path taken is the fast one)", () => {
    fc.assert(
      fc.property(itemArbitrary, (item) => {
        const raw = viaJson(item);
        expect(acceptPlainDecisionItem(raw) !== undefined).toBe(DecisionRequestSchema.safeParse(raw).success);
      }),
      { numRuns: 5_000 },
    );
  });

  it("parseDecisionItem gives the schema's verdict on anything, JSON or not", () => {
    const odd: unknown[] = [null, undefined, 0, "analyze", [], [{ subject: "S-1", action: "analyze" }], new Date(), Object.create(null), Object.assign(Object.create({ inherited: 1 }), { subject: "S-1", action: "analyze" })];
    const nullPrototype = Object.assign(Object.create(null) as object, { subject: "S-1", action: "analyze" });
    for (const [index, raw] of [...odd, nullPrototype, { subject: "S-1", action: "analyze", purpose: undefined }].entries()) {
      const schema = DecisionRequestSchema.safeParse(raw);
      expect(parseDecisionItem(raw), `case ${index}`).toEqual(schema.success ? schema.data : undefined);
    }
    fc.assert(
      fc.property(fc.oneof(itemArbitrary, fc.anything()), (raw) => {
        const schema = DecisionRequestSchema.safeParse(raw);
        expect(parseDecisionItem(raw)).toEqual(schema.success ? schema.data : undefined);
      }),
      { numRuns: 3_000 },
    );
  });

  it("the plain-batch fast path accepts only what DecisionBatchSchema accepts, and every JSON batch it would", () => {
    const item = { subject: "S-1", action: "analyze" };
    const batches: unknown[] = [
      { requests: [item] },
      { requests: Array.from({ length: MAX_DECISIONS_PER_REQUEST }, () => item) },
      { requests: Array.from({ length: MAX_DECISIONS_PER_REQUEST + 1 }, () => item) },
      { requests: [] },
      { requests: [1, "two", null] },
      { requests: [item], extra: true },
      { requests: "all" },
      { requests: { 0: item } },
      [{ requests: [item] }],
      Object.assign(Object.create({ requests: [item] }) as object, {}),
      null,
    ];
    for (const raw of batches) {
      const schema = DecisionBatchSchema.safeParse(raw);
      const fast = acceptPlainDecisionBatch(raw);
      if (fast !== undefined) expect(schema.success && fast).toEqual(schema.data?.requests);
      const asJson = viaJson(raw);
      expect(acceptPlainDecisionBatch(asJson) !== undefined).toBe(DecisionBatchSchema.safeParse(asJson).success);
    }
  });
});
