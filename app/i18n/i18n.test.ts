import { beforeEach, describe, expect, it } from "vitest";
import { createI18n, sharedI18n, translator } from "./i18n";
import { supportedLanguages } from "./languages";
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

describe("the server's translators, which keep what they answered for a key asked without options", () => {
  // Every difference is collected and the lot compared once: an expect per answer (some 100,000) cost most of the time.
  const differences: string[] = [];
  const differ = (where: string, got: string, wanted: string) => {
    if (got !== wanted) differences.push(`${where}: ${JSON.stringify(got)}, not ${JSON.stringify(wanted)}`);
  };
  beforeEach(() => {
    differences.length = 0;
  });

  it("answer every key of every namespace in every language as a fresh i18next instance does, asked again and again", () => {
    for (const language of supportedLanguages) {
      const fresh = createI18n(language);
      for (const namespace of namespaces) {
        const remembering = translator(language, namespace);
        const plain = fresh.getFixedT(language, namespace);
        const keys = leaves(resources[language][namespace] as Tree).map(([key]) => key);
        for (let pass = 0; pass < 2; pass++) {
          for (const key of [...keys, "no.such.key"]) differ(`${language} ${namespace}:${key}`, remembering(key), plain(key));
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it("keep namespaces, key prefixes and the instance's own language apart, and pass options through each time", () => {
    const i18n = sharedI18n("en");
    const fresh = createI18n("en");
    const pairs = [
      [i18n.getFixedT(null, ["auth", "common"]), fresh.getFixedT(null, ["auth", "common"])],
      [i18n.getFixedT(null, "auth", "signIn"), fresh.getFixedT(null, "auth", "signIn")],
      [i18n.getFixedT("ja", "auth", "signIn"), fresh.getFixedT("ja", "auth", "signIn")],
    ] as const;
    for (const [remembering, plain] of pairs) {
      for (let pass = 0; pass < 2; pass++) for (const key of ["title", "signIn.title", "skipToContent", "common:skipToContent"]) expect(remembering(key)).toBe(plain(key));
    }
    const interpolated = leaves(resources.en.common as Tree).find(([, value]) => /\{\{(\w+)\}\}/.test(value));
    expect(interpolated).toBeDefined();
    const [key, value] = interpolated!;
    const name = /\{\{(\w+)\}\}/.exec(value)![1]!;
    const t = translator("en", "common");
    expect(t(key, { [name]: "first" })).toContain("first");
    expect(t(key, { [name]: "second" })).toContain("second");
  });

  it("remember an answer asked with the programme's own words as options, kept apart by every option's name, type and value", () => {
    for (const language of supportedLanguages) {
      const fresh = createI18n(language);
      for (const namespace of namespaces) {
        const remembering = translator(language, namespace);
        const plain = fresh.getFixedT(language, namespace);
        for (const [key, value] of leaves(resources[language][namespace] as Tree)) {
          const names = [...value.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]!);
          if (names.length === 0) continue;
          // Each variable asked with a few values (counts for plurals among them), twice, in both orders of options.
          for (const sample of ["1", 1, 2, "a;b", 'x";y=1', 0, true]) {
            const options = Object.fromEntries(names.map((name, index) => [name, typeof sample === "number" ? sample + index : sample]));
            const reversed = Object.fromEntries(Object.entries(options).reverse());
            // What a fresh instance answers does not change from one asking to the next; the remembering one is asked twice.
            const wanted = plain(key, options);
            const wantedReversed = plain(key, reversed);
            for (let pass = 0; pass < 2; pass++) {
              differ(`${language} ${namespace}:${key} ${JSON.stringify(options)}`, remembering(key, options), wanted);
              differ(`${language} ${namespace}:${key} ${JSON.stringify(reversed)}`, remembering(key, reversed), wantedReversed);
            }
          }
        }
      }
    }
    expect(differences).toEqual([]);
  });
});
