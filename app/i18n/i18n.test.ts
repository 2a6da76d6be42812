import { describe, expect, it } from "vitest";
import { createI18n, translator } from "./i18n";
import { namespaces, resources } from "./resources";

type Tree = { [key: string]: string | Tree };
const leaves = (tree: Tree, prefix = ""): [string, string][] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`)));

describe("やさしい日本語 (issue 11, defect 14)", () => {
  it("never falls back to standard Japanese, even for a string that exists only in ja", () => {
    const i18n = createI18n("ja-easy");
    expect(i18n.languages).toEqual(["ja-easy"]);
    i18n.addResource("ja", "email", "probe.onlyInStandard", "標準の日本語だけにある文です。");
    expect(i18n.t("probe.onlyInStandard", { ns: "email" })).not.toBe("標準の日本語だけにある文です。");
  });

  it("gives every key its own やさしい日本語 value in every namespace", () => {
    for (const namespace of namespaces) {
      const t = translator("ja-easy", namespace);
      for (const [key, value] of leaves(resources["ja-easy"][namespace] as Tree)) {
        if (/\{\{/.test(value)) continue; // interpolated strings are compared in the mail tests
        expect(t(key), `${namespace}:${key}`).toBe(value);
      }
    }
  });
});
