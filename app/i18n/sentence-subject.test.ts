import { describe, expect, it } from "vitest";
import { createI18n } from "./i18n";
import { supportedLanguages } from "./languages";
import { namespaces, resources } from "./resources";
import { aboutPerson, personVariant, sentenceSubjectFor, subjectKey, subjectSentence, theReader } from "./sentence-subject";

/**
 * ADR 119: one rule for whom a sentence is about, and every sentence that follows it has its variant about a named
 * person in ja, やさしい日本語 and en — none of which speaks of the subject as "your"/「あなたの」.
 */
describe("the rule", () => {
  it("the participant reads about themself; a proxy and a follower read about the participant by name", () => {
    expect(sentenceSubjectFor({ as: "self" })).toEqual(theReader);
    expect(sentenceSubjectFor({ as: "proxy", name: "山田 さくら" })).toEqual(aboutPerson("山田 さくら"));
    expect(sentenceSubjectFor({ as: "follower", name: "Hanako" })).toEqual(aboutPerson("Hanako"));
  });

  it("chooses the variant's key and gives it the name", () => {
    expect(subjectKey("uses.heading", theReader)).toBe("uses.heading");
    expect(subjectKey("uses.heading", aboutPerson("X"))).toBe("uses.heading_person");
    const t = (key: string, values?: Record<string, string | number>) => `${key}:${JSON.stringify(values ?? {})}`;
    expect(subjectSentence(t, "activity.refused", aboutPerson("X"), { count: 2 })).toBe('activity.refused_person:{"count":2,"name":"X"}');
    expect(subjectSentence(t, "activity.refused", theReader, { count: 2 })).toBe('activity.refused:{"count":2}');
  });
});

type Flat = Map<string, string>;
function flatten(value: unknown, prefix: string, into: Flat): Flat {
  if (typeof value === "string") into.set(prefix, value);
  else for (const [key, child] of Object.entries(value as Record<string, unknown>)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  return into;
}

const plural = /_(zero|one|two|few|many|other)$/;
/** `a.b_person` → `a.b`, `a.b_person_one` → `a.b_one`: the sentence about the reader that the variant stands beside. */
function readerKeyOf(personKey: string): string {
  const suffix = plural.exec(personKey)?.[0] ?? "";
  return `${personKey.slice(0, personKey.length - suffix.length - personVariant.length)}${suffix}`;
}

/** Keys that end in `_person` without being a variant: an appointment held in person (対面). */
const notVariants = new Set(["findings:field.modes.in_person"]);

/** Every key with a variant about a person, per namespace, as the Japanese files hold them (check-locales keeps the three in step). */
const personKeys = namespaces.flatMap((namespace) =>
  [...flatten(resources.ja[namespace], "", new Map()).keys()]
    .filter((key) => key.replace(plural, "").endsWith(personVariant) && !notVariants.has(`${namespace}:${key}`))
    .map((key) => [namespace, key] as const),
);

/** The second person as a possessive or the subject's own: what a sentence about someone else must never say. */
const secondPersonPossessive = { en: /\b(your|yours|yourself)\b/i, ja: /あなたの|あなた自身/, "ja-easy": /あなたの|あなた自身/ } as const;

describe.each(supportedLanguages)("every sentence about a person (%s)", (language) => {
  const i18n = createI18n(language);
  const name = language === "en" ? "Sakura Yamada" : "山田 さくら";

  it("exists in the three languages, stands beside its sentence about the reader, and never says 'your'", () => {
    expect(personKeys.length).toBeGreaterThan(100);
    const offending: string[] = [];
    for (const [namespace, key] of personKeys) {
      const bundle = flatten(resources[language][namespace], "", new Map());
      expect(bundle.has(key), `${namespace}:${key} in ${language}`).toBe(true);
      expect(bundle.has(readerKeyOf(key)), `${namespace}:${readerKeyOf(key)} beside ${key}`).toBe(true);
      if (secondPersonPossessive[language].test(bundle.get(key)!)) offending.push(`${namespace}:${key} "${bundle.get(key)}"`);
    }
    expect(offending).toEqual([]);
  });

  it("renders through i18next with the name and leaves no placeholder or key", () => {
    for (const [namespace, key] of personKeys) {
      const base = key.replace(plural, "");
      const raw = flatten(resources[language][namespace], "", new Map()).get(key) ?? "";
      // Every other placeholder the sentence takes gets a word; the name is the one under test.
      const values = Object.fromEntries([...raw.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map(([, placeholder]) => [placeholder, "X"]));
      const text = i18n.t(`${namespace}:${base}`, { ...values, name, count: key.endsWith("_one") ? 1 : 2 });
      expect(text, `${namespace}:${key}`).not.toMatch(/\{\{|_person/);
      expect(text, `${namespace}:${key}`).not.toBe(base);
      if (raw.includes("{{name}}")) expect(text, `${namespace}:${key}`).toContain(name);
    }
  });
});
