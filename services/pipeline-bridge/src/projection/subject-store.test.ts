import { describe, expect, it } from "vitest";
import { subjectRecord } from "../../../../tests/support/subject-record";
import { SubjectStore } from "./subject-store";

// A consent holds nothing of its person, so records with equal consents share one object (fewer objects for the
// garbage collector to mark in a million-subject projection); what each participant's decisions read must not change.
describe("SubjectStore: equal consents shared", () => {
  const withdrawn = { status: "withdrawn" as const, withdrawalLevel: "no_further_use" as const, permittedPurposes: [] };

  it("gives records with equal consents one frozen object, and keeps different consents apart", () => {
    const store = new SubjectStore();
    store.apply(subjectRecord({ pseudonym: "TGP-0001", samples: [{ code: "S-0001-T", destroyed: false }] }));
    store.apply(subjectRecord({ pseudonym: "TGP-0002", samples: [{ code: "S-0002-T", destroyed: false }] }));
    store.apply(subjectRecord({ pseudonym: "TGP-0003", samples: [{ code: "S-0003-T", destroyed: false }], consent: withdrawn }));

    const first = store.get("TGP-0001")!;
    const second = store.get("TGP-0002")!;
    const third = store.get("TGP-0003")!;
    expect(first.consent).toBe(second.consent);
    expect(third.consent).not.toBe(first.consent);
    expect(third.consent).toEqual(subjectRecord({ consent: withdrawn }).consent);
    expect(Object.isFrozen(first.consent) && Object.isFrozen(first.consent.choices) && Object.isFrozen(first.consent.permittedPurposes)).toBe(true);
    expect(store.resolve("S-0002-T")!.record.consent).toBe(first.consent);
  });

  it("a participant's new consent leaves the one they shared with others as it was", () => {
    const store = new SubjectStore();
    store.apply(subjectRecord({ pseudonym: "TGP-0001", samples: [{ code: "S-0001-T", destroyed: false }] }));
    store.apply(subjectRecord({ pseudonym: "TGP-0002", samples: [{ code: "S-0002-T", destroyed: false }] }));
    const shared = store.get("TGP-0002")!.consent;

    expect(store.apply(subjectRecord({ pseudonym: "TGP-0001", version: 2, samples: [{ code: "S-0001-T", destroyed: false }], consent: withdrawn }))).toBe(true);
    expect(store.get("TGP-0001")!.consent).toMatchObject({ status: "withdrawn", withdrawalLevel: "no_further_use" });
    expect(store.get("TGP-0002")!.consent).toBe(shared);
    expect(shared).toEqual(subjectRecord().consent);
  });
});
