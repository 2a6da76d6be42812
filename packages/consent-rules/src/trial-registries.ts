/**
 * The registries a clinical study is named by (issue 57): Japan's jRCT and ClinicalTrials.gov, each id as its registry
 * writes it. One definition for the reports' trial matches (ADR 137) and the studies that invite by genome (ADR 138).
 */
export const trialRegistries = ["jRCT", "ClinicalTrials.gov"] as const;
export type TrialRegistry = (typeof trialRegistries)[number];

const idPatterns: Record<TrialRegistry, RegExp> = { jRCT: /^jRCT\d{10}$/, "ClinicalTrials.gov": /^NCT\d{8}$/ };

export const trialIdRule = "a jRCT number (jRCT + 10 digits) or an NCT number (NCT + 8 digits) as its registry writes it";

export function isTrialId(registry: TrialRegistry, trialId: string): boolean {
  return idPatterns[registry].test(trialId);
}

const registryUrls: Record<TrialRegistry, (id: string) => string> = {
  jRCT: (id) => `https://jrct.mhlw.go.jp/latest-detail/${id}`,
  "ClinicalTrials.gov": (id) => `https://clinicaltrials.gov/study/${id}`,
};

/** The study's page at its registry. */
export function trialUrl(registry: TrialRegistry, trialId: string): string {
  return registryUrls[registry](trialId);
}
