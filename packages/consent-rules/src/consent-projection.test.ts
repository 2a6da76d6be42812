import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConsentEventType, WithdrawalLevel } from "./ledger-event";
import { applyConsentEvent, projectConsent, type ConsentProjection, type ProjectableEvent } from "./consent-projection";

const participantId = "6f0c7c1e-0000-4000-8000-000000000001";
const v1 = "6f0c7c1e-0000-4000-8000-0000000000a1";
const v2 = "6f0c7c1e-0000-4000-8000-0000000000a2";
const programme = ["DUO:0000006", "DUO:0000007"];
const allYes = { "core.wgs": "yes", "share.academia": "yes", "share.industry": "yes", "findings.secondary.hereditary_cancer": "want" };

type Step = { type: ConsentEventType } & Partial<Omit<ProjectableEvent, "type">>;

/** Numbers the steps as the ledger would (participantSeq 1, 2, …) and gives each an id and a time. */
function events(...steps: Step[]): ProjectableEvent[] {
  return steps.map((step, index) => ({
    id: `event-${index + 1}`,
    participantId,
    participantSeq: index + 1,
    occurredAt: new Date(Date.UTC(2026, 3, 1 + index)).toISOString(),
    formVersionId: v1,
    formVersionHash: "h1",
    withdrawalLevel: null,
    detail: {},
    ...step,
    // Every event its own copy, as rows read from the database are.
    choices: { ...(step.choices ?? allYes) },
  }));
}

const grant: Step = { type: "granted", detail: { permittedPurposes: programme } };
const withdraw = (level: WithdrawalLevel | null): Step => ({ type: "withdrawn", withdrawalLevel: level });
const reconsentRequested = (interimRule?: string): Step => ({
  type: "reconsent_requested",
  detail: { pendingFormVersionId: v2, ...(interimRule ? { interimRule } : {}) },
});

describe("projectConsent", () => {
  it("a first grant makes an active consent with the signed choices and the form's purposes", () => {
    expect(projectConsent(events(grant))).toEqual({
      participantId,
      status: "active",
      formVersionId: v1,
      formVersionHash: "h1",
      choices: allYes,
      permittedPurposes: programme,
      withdrawalLevel: null,
      pendingFormVersionId: null,
      interimRule: null,
      consentedBy: "self",
      provision: { noticeVersion: null, stopped: false },
      lifeEvent: null,
      lastEventId: "event-1",
      version: 1,
      updatedAt: "2026-04-01T00:00:00.000Z",
    } satisfies ConsentProjection);
  });

  it("has no consent until something is granted; amendments alone create nothing", () => {
    expect(projectConsent([])).toBeNull();
    for (const type of ["choices_changed", "assent", "reconsent_requested", "withdrawn"] as const) {
      expect(projectConsent(events({ type })), type).toBeNull();
    }
  });

  it("a change of choices replaces the snapshot and keeps the signed version", () => {
    const state = projectConsent(events(grant, { type: "choices_changed", choices: { "core.wgs": "yes", "share.industry": "no" }, formVersionId: null }));
    expect(state).toMatchObject({ status: "active", formVersionId: v1, choices: { "core.wgs": "yes", "share.industry": "no" }, version: 2, lastEventId: "event-2" });
  });

  it("a major version asks for re-consent under its interim rule; re-consenting makes the new version current", () => {
    const asked = projectConsent(events(grant, reconsentRequested("pause_new_uses")));
    expect(asked).toMatchObject({ status: "reconsent_required", pendingFormVersionId: v2, interimRule: "pause_new_uses", choices: allYes, formVersionId: v1 });
    const continuing = projectConsent(events(grant, reconsentRequested("continue_previous")));
    expect(continuing).toMatchObject({ status: "reconsent_required", interimRule: "continue_previous" });
    const renewed = projectConsent(events(grant, reconsentRequested("pause_new_uses"), { type: "reconsented", formVersionId: v2, formVersionHash: "h2", detail: { permittedPurposes: ["DUO:0000006"] } }));
    expect(renewed).toMatchObject({ status: "active", formVersionId: v2, formVersionHash: "h2", pendingFormVersionId: null, interimRule: null, permittedPurposes: ["DUO:0000006"], version: 3 });
  });

  it("a re-consent request that does not say what happens meanwhile pauses new uses (fail closed)", () => {
    expect(projectConsent(events(grant, reconsentRequested()))).toMatchObject({ status: "reconsent_required", interimRule: "pause_new_uses" });
    expect(projectConsent(events(grant, reconsentRequested("something_else")))).toMatchObject({ interimRule: "pause_new_uses" });
  });

  it("a withdrawal keeps the strictest level asked for; a later request for re-consent does not undo it", () => {
    expect(projectConsent(events(grant, withdraw("no_contact")))).toMatchObject({ status: "withdrawn", withdrawalLevel: "no_contact" });
    const stricter = projectConsent(events(grant, withdraw("no_contact"), withdraw("no_further_use")));
    expect(stricter).toMatchObject({ status: "withdrawn", withdrawalLevel: "no_further_use" });
    const thenMilder = projectConsent(events(grant, withdraw("destroy"), withdraw("no_contact"), withdraw(null), reconsentRequested("continue_previous")));
    expect(thenMilder).toMatchObject({ status: "withdrawn", withdrawalLevel: "destroy", pendingFormVersionId: null, interimRule: null, version: 5 });
  });

  it("a new grant after a withdrawal starts a fresh consent", () => {
    expect(projectConsent(events(grant, withdraw("no_further_use"), { type: "granted", choices: { "core.wgs": "yes" } }))).toMatchObject({
      status: "active",
      withdrawalLevel: null,
      choices: { "core.wgs": "yes" },
      permittedPurposes: programme,
    });
  });

  it("records who consented: a proxy, then the participant at majority; assent changes no choice", () => {
    const proxy = projectConsent(events({ ...grant, type: "proxy_granted" }, { type: "assent", choices: {} }));
    expect(proxy).toMatchObject({ consentedBy: "proxy", choices: allYes, version: 2, lastEventId: "event-2" });
    const adult = projectConsent(events({ ...grant, type: "proxy_granted" }, { type: "transferred_at_majority", choices: { "core.wgs": "yes" } }));
    expect(adult).toMatchObject({ consentedBy: "self", choices: { "core.wgs": "yes" } });
  });

  it("a sample registered later moves the version on and changes nothing of the consent; alone it creates none", () => {
    const before = projectConsent(events(grant, withdraw("no_contact")))!;
    const after = projectConsent(events(grant, withdraw("no_contact"), { type: "sample_registered", choices: {}, formVersionId: null, formVersionHash: null }));
    expect(after).toEqual({ ...before, version: 3, lastEventId: "event-3" });
    expect(projectConsent(events({ type: "sample_registered" }))).toBeNull();
  });

  it("never shares the event's choice object with the state", () => {
    const log = events(grant);
    const state = projectConsent(log)!;
    log[0]!.choices["share.industry"] = "no";
    expect(state.choices["share.industry"]).toBe("yes");
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Delivery to a consumer (the pipeline bridge): at least once, in any order, with duplicates.

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ type: fc.constant<ConsentEventType>("granted"), choices: fc.constant(allYes), detail: fc.constant({ permittedPurposes: programme }) }),
  fc.record({ type: fc.constant<ConsentEventType>("choices_changed"), choices: fc.dictionary(fc.constantFrom("core.wgs", "share.industry", "share.academia"), fc.constantFrom("yes", "no")) }),
  fc.record({ type: fc.constant<ConsentEventType>("reconsent_requested"), detail: fc.record({ interimRule: fc.constantFrom("continue_previous", "pause_new_uses"), pendingFormVersionId: fc.constant(v2) }) }),
  fc.record({ type: fc.constant<ConsentEventType>("reconsented"), formVersionId: fc.constant(v2), detail: fc.constant({ permittedPurposes: ["DUO:0000006"] }) }),
  fc.record({ type: fc.constant<ConsentEventType>("withdrawn"), withdrawalLevel: fc.constantFrom<WithdrawalLevel | null>("no_contact", "no_further_use", "destroy", null) }),
  fc.record({ type: fc.constant<ConsentEventType>("assent") }),
  fc.record({ type: fc.constant<ConsentEventType>("sample_registered"), choices: fc.constant({}), formVersionId: fc.constant(null), formVersionHash: fc.constant(null) }),
  // Every grant names the purposes its form covers, as grantConsent writes it.
  fc.record({ type: fc.constantFrom<ConsentEventType>("proxy_granted", "transferred_at_majority"), detail: fc.constant({ permittedPurposes: programme }) }),
);
/** A participant's ledger: it always starts with a grant, as appendConsentEvent insists. */
const ledgerArbitrary = fc.array(stepArbitrary, { minLength: 0, maxLength: 12 }).map((steps) => events(grant, ...steps));

/** Deliveries of a ledger's events: each at least once, shuffled, some repeated. */
const deliveriesArbitrary = ledgerArbitrary.chain((log) =>
  fc.tuple(fc.constant(log), fc.array(fc.nat({ max: log.length - 1 }), { maxLength: 20 })).chain(([ledger, extra]) =>
    fc.tuple(fc.constant(ledger), fc.shuffledSubarray([...ledger.map((_, index) => index), ...extra], { minLength: ledger.length + extra.length })),
  ),
);

describe("applyConsentEvent under at-least-once, out-of-order delivery", () => {
  it("never lowers the version, and every state it holds is the true state after that many events", () => {
    fc.assert(
      fc.property(deliveriesArbitrary, ([ledger, order]) => {
        let state: ConsentProjection | null = null;
        for (const index of order) {
          const before = state?.version ?? 0;
          state = applyConsentEvent(state, ledger[index]!);
          const after = state?.version ?? 0;
          expect(after).toBeGreaterThanOrEqual(before);
          // Never a state no participant was ever in: exactly the replay of the first `version` events.
          expect(state).toEqual(projectConsent(ledger.slice(0, after)));
        }
      }),
      { numRuns: 2_000 },
    );
  }, 60_000);

  it("takes only the next event: a duplicate or stale one is ignored, and so is one that skips ahead", () => {
    const ledger = events(grant, { type: "choices_changed", choices: { "core.wgs": "yes", "share.industry": "no" } }, { type: "assent" });
    const first = applyConsentEvent(null, ledger[0]!);
    expect(applyConsentEvent(first, ledger[0]!)).toBe(first);
    // Skipping event 2 would keep industry sharing allowed after the participant declined it.
    expect(applyConsentEvent(first, ledger[2]!)).toBe(first);
    expect(applyConsentEvent(null, ledger[1]!)).toBeNull();
    const second = applyConsentEvent(first, ledger[1]!);
    expect(second).toMatchObject({ version: 2, choices: { "share.industry": "no" } });
    expect(applyConsentEvent(second, ledger[0]!)).toBe(second);
  });

  it("with no state yet, starts from a later grant (which stands on its own) and then ignores what came before it", () => {
    const ledger = events(grant, withdraw("no_further_use"), { type: "granted", choices: { "core.wgs": "yes" }, detail: { permittedPurposes: programme } });
    const fromRegrant = applyConsentEvent(null, ledger[2]!);
    expect(fromRegrant).toEqual(projectConsent(ledger));
    expect(applyConsentEvent(fromRegrant, ledger[1]!)).toBe(fromRegrant);
  });

  it("reaches the ledger's final state once every event has arrived in order at least once, whatever else came", () => {
    fc.assert(
      fc.property(
        ledgerArbitrary.chain((ledger) => fc.tuple(fc.constant(ledger), fc.array(fc.nat({ max: ledger.length - 1 }), { maxLength: 30 }))),
        ([ledger, noise]) => {
          // The consumer's recovery: whatever arrived, redeliver from its version + 1 until it has caught up.
          let state: ConsentProjection | null = null;
          for (const index of noise) state = applyConsentEvent(state, ledger[index]!);
          for (let next = state?.version ?? 0; next < ledger.length; next++) state = applyConsentEvent(state, ledger[next]!);
          expect(state).toEqual(projectConsent(ledger));
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
