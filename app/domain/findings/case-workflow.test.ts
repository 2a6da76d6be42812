import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closeReasons } from "./case-event";
import { caseSteps, checkCaseStep, checkCloseReason, closeReasonsFor, findingContentAccess, participantCaseNotice, type CaseFacts, type CaseStep } from "./case-workflow";
import { findingQueueStates } from "./finding-queue-state";

const facts = fc.record<CaseFacts>({
  queueState: fc.constantFrom(...findingQueueStates),
  claimedBy: fc.constantFrom(null, "counsellor-a", "counsellor-b"),
  actorId: fc.constantFrom("counsellor-a", "counsellor-b"),
  appointmentScheduled: fc.boolean(),
  counsellingRecorded: fc.boolean(),
  disclosureRecorded: fc.boolean(),
  closed: fc.boolean(),
});

/** The rules as a counselling service states them, one sentence each, written apart from the module. */
function oracle(step: CaseStep, f: CaseFacts): boolean {
  const reachable = f.queueState !== "hidden" && !f.closed;
  const mine = f.claimedBy === f.actorId;
  const free = f.claimedBy === null;
  if (!reachable) return false;
  // Claiming is for a case nobody holds: one already yours is not offered again.
  if (step === "claim") return free;
  if (!mine) return false;
  if (step === "record_counselling") return f.appointmentScheduled;
  if (step === "record_disclosure") return f.queueState === "to_return" && f.counsellingRecorded;
  if (step === "record_relatives_wishes") return f.disclosureRecorded;
  return true;
}

describe("closing a case (issue 29 item 6)", () => {
  it("offers and accepts 'disclosed' only once a disclosure is recorded; every other reason at any time", () => {
    expect(closeReasonsFor({ disclosureRecorded: false }, closeReasons)).toEqual(["participant_declined", "unreachable", "other"]);
    expect(closeReasonsFor({ disclosureRecorded: true }, closeReasons)).toEqual([...closeReasons]);
    expect(checkCloseReason("disclosed", { disclosureRecorded: false })).toEqual({ allowed: false, reason: "nothing_disclosed" });
    for (const reason of closeReasons) expect(checkCloseReason(reason, { disclosureRecorded: true })).toEqual({ allowed: true });
  });

  it("tells a counsellor who claims a case they already hold that it is theirs", () => {
    const f: CaseFacts = { queueState: "to_return", claimedBy: "counsellor-a", actorId: "counsellor-a", appointmentScheduled: false, counsellingRecorded: false, disclosureRecorded: false, closed: false };
    expect(checkCaseStep("claim", f)).toEqual({ allowed: false, reason: "already_claimed" });
  });
});

describe("a counselling case's steps", () => {
  it("agree with the service's rules for every step and every state of the case", () => {
    fc.assert(
      fc.property(fc.constantFrom(...caseSteps), facts, (step, f) => {
        expect(checkCaseStep(step, f).allowed).toBe(oracle(step, f));
      }),
      { numRuns: 2_000 },
    );
  });

  it("never let anyone disclose, or even see, a finding the participant does not want to know or has withdrawn from", () => {
    fc.assert(
      fc.property(fc.constantFrom(...caseSteps), facts, (step, f) => {
        const hidden = { ...f, queueState: "hidden" as const };
        expect(checkCaseStep(step, hidden)).toEqual({ allowed: false, reason: "case_hidden" });
        expect(findingContentAccess("hidden")).toBe("never");
        expect(participantCaseNotice("hidden", hidden)).toBe("none");
      }),
    );
  });

  it("keep an undecided participant's finding sealed: counselling to decide, but no disclosure until they say want", () => {
    const undecided: CaseFacts = { queueState: "offer_counselling", claimedBy: "counsellor-a", actorId: "counsellor-a", appointmentScheduled: true, counsellingRecorded: true, disclosureRecorded: false, closed: false };
    expect(checkCaseStep("record_counselling", undecided)).toEqual({ allowed: true });
    expect(checkCaseStep("record_disclosure", undecided)).toEqual({ allowed: false, reason: "content_sealed" });
    expect(findingContentAccess("offer_counselling")).toBe("sealed");
    expect(checkCaseStep("record_disclosure", { ...undecided, queueState: "to_return" })).toEqual({ allowed: true });
  });

  it("take a wanted finding from claim to close in order, refusing each step taken too early with its reason", () => {
    const f: CaseFacts = { queueState: "to_return", claimedBy: null, actorId: "counsellor-a", appointmentScheduled: false, counsellingRecorded: false, disclosureRecorded: false, closed: false };
    expect(checkCaseStep("schedule_appointment", f)).toEqual({ allowed: false, reason: "not_claimed_by_you" });
    expect(checkCaseStep("claim", { ...f, claimedBy: "counsellor-b" })).toEqual({ allowed: false, reason: "claimed_by_another" });
    f.claimedBy = "counsellor-a";
    expect(checkCaseStep("record_counselling", f)).toEqual({ allowed: false, reason: "appointment_first" });
    f.appointmentScheduled = true;
    expect(checkCaseStep("record_disclosure", f)).toEqual({ allowed: false, reason: "counselling_first" });
    f.counsellingRecorded = true;
    expect(checkCaseStep("record_relatives_wishes", f)).toEqual({ allowed: false, reason: "disclosure_first" });
    f.disclosureRecorded = true;
    expect(checkCaseStep("record_relatives_wishes", f)).toEqual({ allowed: true });
    expect(checkCaseStep("close", f)).toEqual({ allowed: true });
    expect(checkCaseStep("schedule_appointment", { ...f, closed: true })).toEqual({ allowed: false, reason: "case_closed" });
  });
});

describe("what the participant is told", () => {
  it("is nothing until a counsellor has scheduled an appointment, then only that the care team would like to talk", () => {
    expect(participantCaseNotice("to_return", { appointmentScheduled: false, closed: false })).toBe("none");
    expect(participantCaseNotice("to_return", { appointmentScheduled: true, closed: false })).toBe("talk_about_result");
    expect(participantCaseNotice("offer_counselling", { appointmentScheduled: true, closed: false })).toBe("talk_about_choice");
    expect(participantCaseNotice("to_return", { appointmentScheduled: true, closed: true })).toBe("none");
  });
});
