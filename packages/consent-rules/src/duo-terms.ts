/**
 * Data Use Ontology (DUO), GA4GH / EBISPOT — CC BY 4.0. Labels copied from the DUO term list
 * (shared/reference/duo/duo.csv); key terms by id, never by shorthand. Regenerate by hand if DUO adds a term
 * the choice catalogue needs: a test checks every term the catalogue names is here.
 */

export const DUO_SYSTEM = "http://purl.obolibrary.org/obo/duo";

export const duoTerms = {
  "DUO:0000001": { shorthand: "", label: "data use permission" },
  "DUO:0000004": { shorthand: "NRES", label: "no restriction" },
  "DUO:0000006": { shorthand: "HMB", label: "health or medical or biomedical research" },
  "DUO:0000007": { shorthand: "DS", label: "disease specific research" },
  "DUO:0000011": { shorthand: "POA", label: "population origins or ancestry research only" },
  "DUO:0000012": { shorthand: "RS", label: "research specific restrictions" },
  "DUO:0000015": { shorthand: "NMDS", label: "no general methods research" },
  "DUO:0000016": { shorthand: "GSO", label: "genetic studies only" },
  "DUO:0000017": { shorthand: "", label: "data use modifier" },
  "DUO:0000018": { shorthand: "NPUNCU", label: "not for profit, non commercial use only" },
  "DUO:0000019": { shorthand: "PUB", label: "publication required" },
  "DUO:0000020": { shorthand: "COL", label: "collaboration required" },
  "DUO:0000021": { shorthand: "IRB", label: "ethics approval required" },
  "DUO:0000022": { shorthand: "GS", label: "geographical restriction" },
  "DUO:0000024": { shorthand: "MOR", label: "publication moratorium" },
  "DUO:0000025": { shorthand: "TS", label: "time limit on use" },
  "DUO:0000026": { shorthand: "US", label: "user specific restriction" },
  "DUO:0000027": { shorthand: "PS", label: "project specific restriction" },
  "DUO:0000028": { shorthand: "IS", label: "institution specific restriction" },
  "DUO:0000029": { shorthand: "RTN", label: "return to database or resource" },
  "DUO:0000042": { shorthand: "GRU", label: "general research use" },
  "DUO:0000043": { shorthand: "CC", label: "clinical care use" },
  "DUO:0000044": { shorthand: "NPOA", label: "population origins or ancestry research prohibited" },
  "DUO:0000045": { shorthand: "NPU", label: "not for profit organisation use only" },
  "DUO:0000046": { shorthand: "NCU", label: "non-commercial use only" },
} as const satisfies Record<string, { shorthand: string; label: string }>;

export type DuoTermId = keyof typeof duoTerms;

export function isDuoTermId(value: string): value is DuoTermId {
  return Object.hasOwn(duoTerms, value);
}
