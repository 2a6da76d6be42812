import type { PurposeCode } from "../applications/application-content";

/**
 * The words the public register uses for an approved purpose (issue 15 item 4): the DUO term's own label in Japanese
 * and English, copied from `reference/duo` (DUO's CSVs, kept in this repository) (`duo-japanese.csv`, `duo.csv`; keyed by id, never by shorthand) —
 * `duo-purpose-labels.test.ts` reads both files and fails if a label here differs. Data Use Ontology (DUO), GA4GH /
 * EBISPOT, CC BY 4.0: the register credits it wherever these are shown.
 *
 * MDS (methods development) has no DUO permission term (DUO only has NMDS, its prohibition): its words are ours,
 * and `duoId` is null.
 */
export interface PurposeLabel {
  duoId: string | null;
  ja: string;
  en: string;
}

export const purposeLabels: Readonly<Record<PurposeCode, PurposeLabel>> = {
  GRU: { duoId: "DUO:0000042", ja: "一般研究利用", en: "general research use" },
  HMB: { duoId: "DUO:0000006", ja: "健康/医療/生物医学研究", en: "health or medical or biomedical research" },
  DS: { duoId: "DUO:0000007", ja: "疾患特異的研究", en: "disease specific research" },
  POA: { duoId: "DUO:0000011", ja: "集団の起源や祖先研究", en: "population origins or ancestry research only" },
  MDS: { duoId: null, ja: "解析手法の開発研究", en: "methods development research" },
};

export const duoCredit = "Data Use Ontology (DUO), GA4GH / EBISPOT — CC BY 4.0";

/** A code the register does not know (an approval written by another path) is shown as it is, never dropped. */
export function purposeLabel(code: string, language: "ja" | "en"): string {
  const label = (purposeLabels as Record<string, PurposeLabel | undefined>)[code];
  return label ? label[language] : code;
}
