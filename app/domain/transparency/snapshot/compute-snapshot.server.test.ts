import { gateActions, recipients } from "@tsunagi/consent-rules/choice-catalogue";
import { decisionReasons } from "@tsunagi/consent-rules/decide-action";
import { releaseApprovalDenials } from "@tsunagi/consent-rules/decide-release-approval";
import { withdrawalLevels } from "@tsunagi/consent-rules/ledger-event";
import { describe, expect, it } from "vitest";
import { translator } from "../../../i18n/i18n";
import {
  addMonths,
  cohortKeys,
  decisionDenialGroups,
  decisionRowKey,
  findingOutcomes,
  findingsChoiceIds,
  monthRange,
  publishCounts,
  reconsentStates,
  recontactResponses,
  registrationStates,
  enquiryOutcomes,
  sharingChoiceIds,
  tokyoMonthOf,
  tokyoMonthStart,
} from "./compute-snapshot.server";
import { figureIds, type Dimension } from "./snapshot-figures";

describe("months of Japan's calendar", () => {
  it("places an instant in its Tokyo month, not its UTC one", () => {
    expect(tokyoMonthOf(new Date("2026-10-31T14:59:59.999Z"))).toBe("2026-10");
    expect(tokyoMonthOf(new Date("2026-10-31T15:00:00.000Z"))).toBe("2026-11");
    expect(tokyoMonthStart("2026-11").toISOString()).toBe("2026-10-31T15:00:00.000Z");
  });

  it("counts months across a year's end", () => {
    expect(addMonths("2026-11", 2)).toBe("2027-01");
    expect(addMonths("2027-01", -1)).toBe("2026-12");
    expect(monthRange("2026-11", "2027-02")).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
    expect(monthRange("2026-11", "2026-10")).toEqual([]);
  });
});

describe("the bridge's decisions as rows", () => {
  it("names action and result, and groups denials by why", () => {
    expect(decisionRowKey("analyze", true, "consented")).toBe("analyze:allowed");
    expect(decisionRowKey("store", true, "withdrawn_no_further_use")).toBe("store:allowed");
    expect(decisionRowKey("release", false, "withdrawn_destroy")).toBe("release:denied:withdrawn");
    expect(decisionRowKey("share", false, "choice_declined")).toBe("share:denied:not_consented");
    expect(decisionRowKey("release", false, "approval_expired")).toBe("release:denied:approval");
    expect(decisionRowKey("release", false, "release_signed")).toBe("release:denied:none_included");
    expect(decisionRowKey("analyze", false, "projection_stale")).toBe("analyze:denied:fail_closed");
    expect(decisionRowKey("analyze", false, "something_new")).toBe("analyze:denied:other");
  });

  it("never publishes what a malformed request called its action", () => {
    expect(decisionRowKey("'; DROP TABLE x; --", false, "malformed_request")).toBe("unrecognised:denied:invalid_request");
    expect(decisionRowKey(null, false, "malformed_request")).toBe("unrecognised:denied:invalid_request");
  });

  it("places every reason the consent rule and the approval check can give in a group of its own", () => {
    // The two reasons that allow (the consent, and the 2024 law's notice without a stop) are no denial's.
    for (const reason of [...decisionReasons.filter((reason) => reason !== "consented" && reason !== "notified_not_stopped"), ...releaseApprovalDenials]) {
      expect(decisionRowKey("release", false, reason), reason).not.toBe("release:denied:other");
    }
  });
});

describe("an empty table", () => {
  it("is published without calling disclosure control: its rows, no cells, a total of <10", () => {
    expect(publishCounts(["cancer", "rare_disease"], [], { get: () => 0, key: () => 0 })).toEqual({
      rows: ["cancer", "rare_disease"],
      columns: [],
      cells: [[], []],
      rowTotals: null,
      columnTotals: null,
      total: { kind: "small" },
    });
  });
});

describe("the words for every key a snapshot can publish", () => {
  const keys: [Dimension, readonly string[]][] = [
    ["cohort", cohortKeys],
    ["choice", [...sharingChoiceIds, ...findingsChoiceIds]],
    ["answer", ["yes", "no", "want", "not_want", "undecided"]],
    ["withdrawalLevel", withdrawalLevels],
    ["reconsentState", reconsentStates],
    ["decision", [...gateActions.flatMap((action) => [`${action}:allowed`, ...decisionDenialGroups.map((group) => `${action}:denied:${group}`)]), "unrecognised:denied:invalid_request"]],
    ["recipient", recipients],
    ["findingOutcome", findingOutcomes],
    ["response", recontactResponses],
    ["registration", registrationStates],
    ["enquiryOutcome", enquiryOutcomes],
  ];

  for (const language of ["ja", "ja-easy", "en"] as const) {
    it(`exist in ${language}, looked up as the dashboard does (figures:dimensions.<dimension>.<key>)`, () => {
      const t = translator(language, "transparency");
      const missing: string[] = [];
      for (const [dimension, values] of keys) {
        for (const key of values) if (t(`figures:dimensions.${dimension}.${key}`, { defaultValue: "\u0000" }) === "\u0000") missing.push(`${dimension}.${key}`);
      }
      for (const id of figureIds) {
        for (const part of ["title", "description"]) if (t(`figures:${id}.${part}`, { defaultValue: "\u0000" }) === "\u0000") missing.push(`${id}.${part}`);
      }
      expect(missing).toEqual([]);
    });
  }

  it("say in every protected figure's description that small counts show as <10, and in the releases' that they are exact", () => {
    for (const language of ["ja", "ja-easy", "en"] as const) {
      const t = translator(language, "figures");
      // The releases are counted exactly (every one is in the public release log; issue 27): the description says so.
      for (const id of figureIds.filter((candidate) => candidate !== "releases")) expect(t(`${id}.description`), `${language} ${id}`).toContain("<10");
      expect(t("releases.description"), language).not.toContain("<10");
    }
    expect(translator("en", "figures")("releases.description")).toContain("exact");
  });
});
