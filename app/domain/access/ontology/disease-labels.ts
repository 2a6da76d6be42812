import labels from "./disease-labels.json" with { type: "json" };

/**
 * The names of the diseases an application may name (issue 29 item 7; ADR 069), so that nobody has to read
 * "DOID:1612": each DOID or MONDO term the programme uses with its English label and, where one is given, its
 * Japanese one. A code not listed here is still a valid code: it is shown as the code alone, never dropped or refused.
 *
 * Sources. English labels: the Human Disease Ontology (DOID, CC0) as its `DOreports/HumanDO.tsv` names them
 * (DiseaseOntology/HumanDiseaseOntology at 9fbefd66, 2026-08-19; every DOID label here was compared with that file
 * when the list was written) and, for MONDO terms, the labels already shipped with the matching hierarchy
 * (`@tsunagi/consent-rules/disease-hierarchy`, read from monarch-initiative/mondo at 2d171de4; Mondo Disease Ontology,
 * CC BY 4.0 — credit wherever MONDO labels are shown). No npm package carries either ontology's labels.
 * Japanese labels: neither ontology has any; these are the project's own, in the words Japanese clinical and
 * patient information uses (e.g. 乳がん, 膠芽腫, 網膜色素変性症), written by hand. A term whose Japanese name is not
 * settled (the ontology's grouping classes such as "organ system cancer") has none, and Japanese readers see the
 * English label. Add a term only after checking its code against the ontology's own release: a wrong code is worse
 * than a missing one.
 */
export interface DiseaseLabel {
  curie: string;
  en: string;
  ja: string | null;
}

type Stored = Record<string, { en: string; ja?: string }>;

const stored: Stored = labels;

export const diseaseLabels: readonly DiseaseLabel[] = Object.entries(stored).map(([curie, label]) => ({ curie, en: label.en, ja: label.ja ?? null }));

const byCurie = new Map(diseaseLabels.map((label) => [label.curie, label]));

/** Which of the two label languages a reader gets: やさしい日本語 reads the Japanese one. */
export type LabelLanguage = "ja" | "ja-easy" | "en";

/**
 * The term's label for a reader and the language it is in: Japanese readers get the English one where no Japanese is
 * given (so a page can mark it `lang="en"`); null for an unknown code.
 */
export function diseaseLabelFor(curie: string, language: LabelLanguage): { text: string; language: "ja" | "en" } | null {
  const label = byCurie.get(curie);
  if (!label) return null;
  return language !== "en" && label.ja !== null ? { text: label.ja, language: "ja" } : { text: label.en, language: "en" };
}

/** The term's label in the reader's language (Japanese readers get the English one where no Japanese is given); null for an unknown code. */
export function diseaseLabel(curie: string, language: LabelLanguage): string | null {
  return diseaseLabelFor(curie, language)?.text ?? null;
}

/** "乳がん (DOID:1612)", or the code alone when the list does not know it. */
export function diseaseName(curie: string, language: LabelLanguage): string {
  const label = diseaseLabel(curie, language);
  return label ? `${label} (${curie})` : curie;
}

/** Folds width, case and the small differences a searcher should not have to type exactly (ｶﾞﾝ, がん, ガン). */
function folded(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/gu, (katakana) => String.fromCharCode(katakana.charCodeAt(0) - 0x60))
    .replace(/[\s・'’\-（）()]/gu, "");
}

const searchable = diseaseLabels.map((label) => ({ label, en: folded(label.en), ja: label.ja ? folded(label.ja) : "", code: label.curie.toLowerCase() }));

/**
 * The terms whose Japanese or English label (or code) contains what was typed, best first: an exact code, then
 * labels that start with it, then labels that contain it, shorter labels before longer ones. Empty for a query of
 * nothing but spaces. At most `limit`.
 */
export function searchDiseases(query: string, limit = 20): DiseaseLabel[] {
  const wanted = folded(query.slice(0, 100));
  if (wanted === "") return [];
  const scored: { label: DiseaseLabel; score: number }[] = [];
  for (const entry of searchable) {
    let score: number | null = null;
    if (entry.code === wanted) score = 0;
    else if (entry.ja.startsWith(wanted) || entry.en.startsWith(wanted)) score = 1;
    else if (entry.ja.includes(wanted) || entry.en.includes(wanted) || entry.code.includes(wanted)) score = 2;
    if (score !== null) scored.push({ label: entry.label, score });
  }
  scored.sort((a, b) => a.score - b.score || (a.label.ja ?? a.label.en).length - (b.label.ja ?? b.label.en).length || a.label.curie.localeCompare(b.label.curie));
  return scored.slice(0, limit).map((entry) => entry.label);
}

/** The code a picked or typed entry names: a bare code, or a code in parentheses at the end ("乳がん (DOID:1612)"). */
export function curieOf(entry: string): string | null {
  const match = /(?:^|\()(DOID:\d{1,7}|MONDO:\d{7})\)?$/u.exec(entry.trim());
  return match ? match[1]! : null;
}

/**
 * The code a typed entry means: a code (bare, or in parentheses after a name as the list offers it), or a name that
 * is exactly one term's Japanese or English label (width, case and kana folded). Null when it names nothing for sure.
 */
export function resolveDisease(entry: string): string | null {
  const code = curieOf(entry);
  if (code) return code.toUpperCase() === code ? code : null;
  const wanted = folded(entry);
  if (wanted === "") return null;
  const named = searchable.filter((candidate) => candidate.ja === wanted || candidate.en === wanted).map((candidate) => candidate.label.curie);
  return named.length === 1 ? named[0]! : null;
}
