import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { approvalRecipientTypes, approvalStatuses, type ApprovalScope } from "./approval-change-message";
import { recipients } from "./choice-catalogue";
import { decideReleaseApproval, recipientsCoveredBy, type HeldApproval, type ReleaseUnderApproval } from "./decide-release-approval";

const day = 24 * 3600_000;
const now = Date.parse("2026-11-28T03:00:00.000Z");
const scope: ApprovalScope = {
  status: "active",
  applicationReference: "DA-2026-0001",
  recipientInstitution: "Kyoto University",
  recipientType: "academia",
  recipientCountry: "JP",
  datasets: ["lung-2026", "colorectal-2026"],
  dataKinds: ["genome"],
  purposeCodes: ["HMB", "DS"],
  purposeDiseases: ["DOID:1324"],
  commercial: false,
  startsAt: new Date(now - 10 * day).toISOString(),
  endsAt: new Date(now + 300 * day).toISOString(),
};
const held = (changes: Partial<ApprovalScope> = {}): HeldApproval => ({ parked: false, scope: { ...scope, ...changes } });
const release: ReleaseUnderApproval = { dataset: "lung-2026", recipient: "academia", purpose: "DUO:0000006", approvalId: "6f0c7c1e-0000-4000-8000-000000000001" };

describe("decideReleaseApproval", () => {
  it("allows a release inside an active approval, within its dates", () => {
    expect(decideReleaseApproval(held(), release, now)).toEqual({ allowed: true });
    expect(decideReleaseApproval(held(), { ...release, dataset: "colorectal-2026", purpose: "DUO:0000007", recipientInstitution: " ｋｙｏｔｏ  university " }, now)).toEqual({ allowed: true });
  });

  it("needs no approval for public, and denies every other recipient without one", () => {
    expect(decideReleaseApproval(undefined, { ...release, recipient: "public", approvalId: undefined }, now)).toEqual({ allowed: true });
    for (const recipient of ["academia", "industry", "international"] as const) {
      expect(decideReleaseApproval(held(), { ...release, recipient, approvalId: undefined }, now)).toEqual({ allowed: false, reason: "approval_required" });
    }
    // Naming one for public is checked like any other, and no approval covers the public.
    expect(decideReleaseApproval(held(), { ...release, recipient: "public" }, now)).toEqual({ allowed: false, reason: "approval_recipient_not_covered" });
  });

  it("gives each refusal its own reason", () => {
    const cases: [HeldApproval | undefined, Partial<ReleaseUnderApproval>, string][] = [
      [undefined, {}, "approval_unknown"],
      [{ parked: true }, {}, "approval_message_parked"],
      [held({ status: "revoked" }), {}, "approval_revoked"],
      [held({ status: "suspended" }), {}, "approval_suspended"],
      [held({ startsAt: new Date(now + 1).toISOString() }), {}, "approval_not_yet_active"],
      [held({ endsAt: new Date(now).toISOString() }), {}, "approval_expired"],
      [held({ endsAt: new Date(now - day).toISOString() }), {}, "approval_expired"],
      [held(), { dataset: "gastric-2026" }, "approval_dataset_not_covered"],
      [held(), { recipient: "industry" }, "approval_recipient_not_covered"],
      [held(), { recipient: "international" }, "approval_recipient_not_covered"],
      [held(), { recipientInstitution: "Osaka University" }, "approval_recipient_not_covered"],
      [held(), { purpose: "DUO:0000042" }, "approval_purpose_not_covered"],
      [held(), { purpose: "DUO:0000011" }, "approval_purpose_not_covered"],
      [held({ recipientType: "industry" }), {}, "approval_recipient_not_covered"],
      [held({ recipientCountry: "US" }), {}, "approval_recipient_not_covered"],
      [held({ startsAt: "not a date" }), {}, "approval_not_yet_active"],
      [held({ endsAt: "not a date" }), {}, "approval_expired"],
    ];
    for (const [approval, changes, reason] of cases) {
      expect(decideReleaseApproval(approval, { ...release, ...changes }, now), `${reason} ${JSON.stringify(changes)}`).toEqual({ allowed: false, reason });
    }
    // A revocation is named as such even after the approval's end.
    expect(decideReleaseApproval(held({ status: "revoked", endsAt: new Date(now - day).toISOString() }), release, now)).toEqual({ allowed: false, reason: "approval_revoked" });
  });

  it("maps the approval's recipient to the release recipients it covers", () => {
    expect(recipientsCoveredBy({ recipientType: "academia", recipientCountry: "JP" })).toEqual(["academia"]);
    expect(recipientsCoveredBy({ recipientType: "public_body", recipientCountry: "JP" })).toEqual(["academia"]);
    expect(recipientsCoveredBy({ recipientType: "industry", recipientCountry: "JP" })).toEqual(["industry"]);
    expect(recipientsCoveredBy({ recipientType: "industry", recipientCountry: "DE" })).toEqual(["international"]);
  });

  it("property: an expired, suspended or revoked approval never allows, whatever the release asks", () => {
    const iso = fc.integer({ min: now - 2000 * day, max: now + 2000 * day }).map((at) => new Date(at).toISOString());
    const scopes = fc.record({
      status: fc.constantFrom(...approvalStatuses),
      applicationReference: fc.constant("DA-2026-0001"),
      recipientInstitution: fc.constantFrom("Kyoto University", "Osaka University"),
      recipientType: fc.constantFrom(...approvalRecipientTypes),
      recipientCountry: fc.constantFrom("JP", "US"),
      datasets: fc.subarray(["lung-2026", "colorectal-2026", "gastric-2026"]),
      dataKinds: fc.constant<string[]>(["genome"]),
      purposeCodes: fc.subarray(["GRU", "HMB", "DS", "POA", "MDS"]),
      purposeDiseases: fc.constant<string[]>([]),
      commercial: fc.boolean(),
      startsAt: iso,
      endsAt: iso,
    });
    const releases = fc.record({
      dataset: fc.constantFrom("lung-2026", "colorectal-2026", "gastric-2026"),
      recipient: fc.constantFrom(...recipients),
      purpose: fc.constantFrom("DUO:0000006", "DUO:0000007", "DUO:0000042", "DUO:0000011"),
      approvalId: fc.option(fc.constant(release.approvalId!), { nil: undefined }),
      recipientInstitution: fc.option(fc.constantFrom("Kyoto University", "Osaka University"), { nil: undefined }),
    });
    const instants = fc.integer({ min: now - 2000 * day, max: now + 2000 * day });
    fc.assert(
      fc.property(scopes, releases, instants, (approval, asked, at) => {
        const decision = decideReleaseApproval({ parked: false, scope: approval }, asked, at);
        const expired = at >= Date.parse(approval.endsAt);
        if (decision.allowed && asked.recipient !== "public") {
          expect(approval.status).toBe("active");
          expect(expired).toBe(false);
          expect(at).toBeGreaterThanOrEqual(Date.parse(approval.startsAt));
          expect(approval.datasets).toContain(asked.dataset);
        }
        // Named or not, a public release is the only one that may pass without an active approval in its dates.
        if (approval.status !== "active" || expired) expect(decision.allowed && asked.approvalId !== undefined).toBe(false);
        // The same release on a parked or unknown approval never passes either.
        if (asked.approvalId !== undefined) {
          expect(decideReleaseApproval({ parked: true }, asked, at).allowed).toBe(false);
          expect(decideReleaseApproval(undefined, asked, at).allowed).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
