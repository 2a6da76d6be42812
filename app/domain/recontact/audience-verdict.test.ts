import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { audienceVerdict, recontactCampaignKinds, type AudienceFacts, type AudienceVerdict, type RecontactCampaignKind, type RecontactConsentView } from "./audience-verdict";
import { addJapanCalendarMonths } from "@tsunagi/consent-rules/frequency-allowance";

// ---------------------------------------------------------------------------------------------------------------
// The oracle: the audience rules written out again from the raw consent fields, without decideAction or the
// catalogue: any withdrawal stops contact; otherwise the core consent and the topic's choice must both be "yes"
// (a pending re-consent pauses new uses of data, not contact); then proxy, address, frequency — first that applies.

function oracle(consent: RecontactConsentView | null, kind: RecontactCampaignKind, facts: AudienceFacts): AudienceVerdict {
  if (consent === null) return { included: false, reason: "declined" };
  if (consent.status === "withdrawn") return { included: false, reason: "withdrawn_no_contact" };
  const topicChoice = kind === "findings_reinterpretation" ? "recontact.findings_update" : "recontact.research";
  if (consent.choices["core.wgs"] !== "yes" || consent.choices[topicChoice] !== "yes") return { included: false, reason: "declined" };
  if (consent.consentedBy === "proxy" || facts.hasActiveProxy || facts.minor) return { included: false, reason: "proxy_needed" };
  if (facts.undeliverable) return { included: false, reason: "undeliverable" };
  const frequency = consent.choices["recontact.frequency"];
  const yearAgo = addJapanCalendarMonths(facts.now, -12).getTime();
  // Checked against addJapanCalendarMonths from the other side (now − 12 months), away from month-end clamping.
  const inYear = facts.previousMessages.filter((at) => at.getTime() > yearAgo).length;
  const allowed =
    frequency === "as_needed" ? inYear < facts.asNeededCap : frequency === "yearly" ? inYear < 1 : facts.previousMessages.length === 0;
  return allowed ? { included: true } : { included: false, reason: "frequency_cap" };
}

const maybe = <T>(values: readonly T[]) => fc.option(fc.constantFrom(...values), { nil: undefined });

const choices: fc.Arbitrary<ChoiceSnapshot> = fc.record({
  "core.wgs": maybe(["yes", "no"]),
  "recontact.research": maybe(["yes", "no", "undecided"]),
  "recontact.findings_update": maybe(["yes", "no"]),
  "recontact.frequency": maybe(["once_only", "yearly", "as_needed", "weekly"]),
  "recontact.channel": maybe(["email", "post", "phone"]),
}).map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as ChoiceSnapshot);

const consentView: fc.Arbitrary<RecontactConsentView | null> = fc.option(
  fc.record({
    status: fc.constantFrom("active", "reconsent_required", "withdrawn"),
    choices,
    permittedPurposes: fc.constant(["DUO:0000006"]),
    withdrawalLevel: fc.constantFrom(null, "no_contact", "no_further_use", "destroy"),
    interimRule: fc.constantFrom(null, "continue_previous", "pause_new_uses"),
    consentedBy: fc.constantFrom("self", "proxy"),
  }),
  { nil: null },
);

// Days of the month up to 28 only, so that "12 months before now" and "12 months after a message" cannot disagree
// through month-end clamping, and hours before 15:00 UTC only, so that the Japan date is the same day (the frequency
// test covers month ends and Japan dates against its own oracle).
const time = fc
  .record({ year: fc.integer({ min: 2024, max: 2032 }), month: fc.integer({ min: 0, max: 11 }), day: fc.integer({ min: 1, max: 28 }), ms: fc.integer({ min: 0, max: 53_999_999 }) })
  .map(({ year, month, day, ms }) => new Date(Date.UTC(year, month, day) + ms));

const facts: fc.Arbitrary<AudienceFacts> = fc.record({
  minor: fc.boolean(),
  hasActiveProxy: fc.boolean(),
  undeliverable: fc.boolean(),
  previousMessages: fc.array(time, { maxLength: 6 }),
  now: time,
  asNeededCap: fc.integer({ min: 1, max: 6 }),
});

describe("audienceVerdict", () => {
  it("agrees with the oracle for random consents, campaigns and facts", () => {
    fc.assert(
      fc.property(consentView, fc.constantFrom(...recontactCampaignKinds), facts, (consent, kind, given) => {
        expect(audienceVerdict(consent, { kind }, given)).toEqual(oracle(consent, kind, given));
      }),
      { numRuns: 5000 },
    );
  });

  const base = { status: "active", choices: { "core.wgs": "yes", "recontact.research": "yes", "recontact.findings_update": "no", "recontact.frequency": "yearly" }, permittedPurposes: [], withdrawalLevel: null, interimRule: null, consentedBy: "self" } as const satisfies RecontactConsentView;
  const none: AudienceFacts = { minor: false, hasActiveProxy: false, undeliverable: false, previousMessages: [], now: new Date("2027-01-01T00:00:00Z"), asNeededCap: 4 };

  it("reads the campaign's topic: a study invitation uses recontact.research, a re-interpretation recontact.findings_update", () => {
    expect(audienceVerdict(base, { kind: "new_study" }, none)).toEqual({ included: true });
    expect(audienceVerdict(base, { kind: "findings_reinterpretation" }, none)).toEqual({ included: false, reason: "declined" });
  });

  it("reports a withdrawal before anything else, at every level", () => {
    for (const level of ["no_contact", "no_further_use", "destroy"] as const) {
      expect(audienceVerdict({ ...base, status: "withdrawn", withdrawalLevel: level }, { kind: "survey" }, { ...none, minor: true, undeliverable: true })).toEqual({ included: false, reason: "withdrawn_no_contact" });
    }
  });
});
