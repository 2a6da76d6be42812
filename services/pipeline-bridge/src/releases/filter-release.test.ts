import { describe, expect, it } from "vitest";
import { choiceSnapshot } from "../../../../tests/factories/choice-snapshot";
import { subjectRecord } from "../../../../tests/support/subject-record";
import type { HealthState } from "../health/bridge-health";
import { SubjectStore, type SubjectRecord } from "../projection/subject-store";
import { computeDatasetClocks, releaseEmbargo } from "./dataset-clocks";
import { filterRelease } from "./filter-release";

const now = "2026-11-21T08:00:00.000Z";
const ready: HealthState = { ready: true };
const releaser = new Set(["gate:release"]);
const open = { blocked: false, publicationNotBefore: null } as const;

let serial = 0;
function participant(consent: Partial<SubjectRecord["consent"]> = {}, destroyed = [false, false]): SubjectRecord {
  serial += 1;
  const id = String(serial).padStart(4, "0");
  return subjectRecord({
    pseudonym: `TGP-${id}-PPPP`,
    version: 2,
    globalSeq: String(serial),
    consent,
    samples: destroyed.map((gone, index) => ({ code: `S-${id}-${index}`, destroyed: gone })),
  });
}

function storeOf(...records: SubjectRecord[]): SubjectStore {
  const store = new SubjectStore();
  for (const record of records) store.apply(record);
  return store;
}

describe("filterRelease", () => {
  const consenting = participant();
  const withdrawn = participant({ status: "withdrawn", withdrawalLevel: "no_further_use" });
  const noIndustry = participant({ choices: choiceSnapshot({ "share.industry": "no" }) });
  const paused = participant({ status: "reconsent_required", interimRule: "pause_new_uses" });
  const halfDestroyed = participant({}, [true, false]);
  const subjects = storeOf(consenting, withdrawn, noIndustry, paused, halfDestroyed);
  const codes = (record: SubjectRecord) => record.samples.map((sample) => sample.code);

  it("keeps the allowed samples in the order given and counts the rest by the decision's reason", () => {
    const samples = [...codes(withdrawn), consenting.samples[1]!.code, "S-NOBODY", ...codes(noIndustry), consenting.samples[0]!.code, ...codes(paused), ...codes(halfDestroyed)];
    const result = filterRelease(samples, { recipient: "industry", purpose: "DUO:0000006", embargo: open }, subjects, ready, releaser, now);
    expect(result.included).toEqual([consenting.samples[1]!.code, consenting.samples[0]!.code, halfDestroyed.samples[1]!.code]);
    expect(result.excluded).toEqual([...codes(withdrawn), "S-NOBODY", ...codes(noIndustry), ...codes(paused), halfDestroyed.samples[0]!.code]);
    expect(result.excludedCounts).toEqual({ choice_declined: 2, reconsent_pending: 2, sample_destroyed: 1, unknown_subject: 1, withdrawn_no_further_use: 2 });
    expect(Object.keys(result.excludedCounts)).toEqual(Object.keys(result.excludedCounts).sort());
  });

  it("asks about the recipient and purpose given: the same participant goes to academia but not for an unconsented purpose", () => {
    const academia = filterRelease(codes(noIndustry), { recipient: "academia", purpose: "DUO:0000006", embargo: open }, subjects, ready, releaser, now);
    expect(academia).toMatchObject({ included: codes(noIndustry), excludedCounts: {} });
    const otherPurpose = filterRelease(codes(consenting), { recipient: "academia", purpose: "DUO:0000007", embargo: open }, subjects, ready, releaser, now);
    expect(otherPurpose).toMatchObject({ included: [], excludedCounts: { purpose_not_permitted: 2 } });
  });

  it("does not take a participant's pseudonym for a sample", () => {
    const result = filterRelease([consenting.pseudonym], { recipient: "academia", purpose: "DUO:0000006", embargo: open }, subjects, ready, releaser, now);
    expect(result).toMatchObject({ included: [], excludedCounts: { unknown_subject: 1 } });
  });

  it("leaves every sample out with the embargo's reason while the public-database date has not come, whatever consent says", () => {
    const clocks = computeDatasetClocks(new Date("2026-01-01T00:00:00.000Z"), 24, 30);
    const embargo = releaseEmbargo(clocks, "public", Date.parse(now));
    const result = filterRelease([...codes(consenting), ...codes(withdrawn), "S-NOBODY"], { recipient: "public", purpose: "DUO:0000006", embargo }, subjects, ready, releaser, now);
    expect(result).toEqual({ included: [], excluded: [...codes(consenting), ...codes(withdrawn), "S-NOBODY"], excludedCounts: { embargo_public_database: 5 } });
  });

  it("includes nothing when the bridge cannot vouch for its projection (the route refuses before this; the filter still fails closed)", () => {
    const result = filterRelease(codes(consenting), { recipient: "academia", purpose: "DUO:0000006", embargo: open }, subjects, { ready: false, reason: "projection_stale" }, releaser, now);
    expect(result).toMatchObject({ included: [], excludedCounts: { projection_stale: 2 } });
  });
});
