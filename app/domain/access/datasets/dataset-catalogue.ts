/**
 * The datasets an applicant may ask for (issue 29 item 7; ADR 069): the programme's own, each with the id the
 * pipeline bridge knows it by (`bridge.dataset`, the id a release names) and its name in Japanese and English. The
 * application form offers these as checkboxes and refuses any other id; an approval or release naming an id not
 * listed here (one written before this list, or by the bridge's tooling) is still shown, as its id.
 *
 * A new dataset is added here, with the same id, when the bridge is given its clocks (`PUT /v1/datasets/{id}`).
 */
export interface DatasetEntry {
  id: string;
  ja: string;
  en: string;
}

export const datasetCatalogue: readonly DatasetEntry[] = [
  { id: "wgs-cancer-2026", ja: "がん全ゲノム解析データ（2026年）", en: "Cancer whole-genome data (2026)" },
  { id: "wgs-rare-disease-2026", ja: "難病全ゲノム解析データ（2026年）", en: "Rare-disease whole-genome data (2026)" },
  { id: "wgs-demo-2026", ja: "デモ用全ゲノムデータ（がん、2026年）", en: "Demo whole-genome dataset (cancer, 2026)" },
];

export const datasetIds: readonly string[] = datasetCatalogue.map((dataset) => dataset.id);

const byId = new Map(datasetCatalogue.map((dataset) => [dataset.id, dataset]));

export function isKnownDataset(id: string): boolean {
  return byId.has(id);
}

/** The dataset's name in the reader's language (やさしい日本語 reads the Japanese one); null for an id not listed. */
export function datasetLabel(id: string, language: "ja" | "ja-easy" | "en"): string | null {
  const entry = byId.get(id);
  if (!entry) return null;
  return language === "en" ? entry.en : entry.ja;
}

/** "がん全ゲノム解析データ（2026年） (wgs-cancer-2026)", or the id alone when the list does not know it. */
export function datasetName(id: string, language: "ja" | "ja-easy" | "en"): string {
  const label = datasetLabel(id, language);
  return label ? `${label} (${id})` : id;
}
