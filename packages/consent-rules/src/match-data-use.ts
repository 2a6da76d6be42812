import { programmeDiseases, type DiseaseHierarchy } from "./disease-hierarchy";
import { duoTerms, isDuoTermId } from "./duo-terms";

export type { DiseaseHierarchy };

/**
 * Automatic consent matching (issue 15 item 2; issue 27 item 5): does a research purpose fall within what a data use
 * (a participant's consent as DUO terms, or a dataset's) permits? `approve`, `deny`, or `abstain` — the case goes to
 * the committee.
 *
 * It follows DUOS's current matcher (DataBiosphere/consent, `DataUseMatcherV5` over `DataUseMatcherV4` and
 * `DataUseMatchCasesV4`, with `DataUsePrimaryClassifier`). V5 first classifies the data use's primary categories
 * (GRU, HMB, POA, DS with a disease, free-text `other`): none, several, or `other` alone send the case to review with
 * that rationale and nothing else; exactly one canonical category goes to V4's six checks (disease, HMB, POA, methods,
 * non-profit, abstain), where any abstention wins over a denial and only all approvals approve. This platform departs
 * only toward review, never toward approval or denial, each departure named where it is made (ADR 039):
 *   A. COL, IRB, GS (a geographical restriction, which the recipient's country decides) and free-text
 *      `secondary_other` on the data use, and free text on the purpose, abstain (DUOS's documentation says so; V4's
 *      code ignores them and approves);
 *   B. a disease the hierarchy does not know abstains (V4 denies on a failed ontology lookup);
 *   C. NMDS against a methods purpose, NPOA against an ancestry one, NCU and NPUNCU against a commercial one abstain
 *      (V4 reads none of them and approves; V4's own NPU rule still denies);
 *   D. methods development on disease-restricted data, for a purpose naming no disease, abstains (V4 approves: its
 *      disease check passes an empty list).
 * Conditions that matching cannot decide (PUB, MOR, TS, US, PS, IS, RTN, CC) are carried as reasons and do not change
 * the result: the approval states them. No I/O; the disease hierarchy is shipped as data (disease-hierarchy.ts).
 */

export type MatchResult = "approve" | "deny" | "abstain";

/** What the data may be used for: DUO codes (abbreviations or CURIEs), diseases (DOID / MONDO CURIEs), free-text flags. */
export interface DataUse {
  codes: readonly string[];
  diseases?: readonly string[];
  /** `other:<text>` and `secondary_other:<text>`: restrictions a person must read. */
  flags?: readonly string[];
}

/** What a researcher asks to do: DUO codes (GRU, HMB, DS, POA, MDS), diseases, commercial or not, sensitive-research flags. */
export interface ResearchPurpose {
  codes: readonly string[];
  diseases?: readonly string[];
  commercial: boolean;
  flags?: readonly string[];
}

export type MatchCheck = "codes" | "disease" | "hmb" | "poa" | "methods" | "commercial" | "abstain" | "conditions";

/** One finding of one check: a stable `code` to count and translate, and what it says about the result. */
export interface MatchReason {
  check: MatchCheck;
  result: MatchResult;
  code: string;
  /** The disease, code or flag the reason is about. */
  subject?: string;
}

export interface DataUseMatch {
  result: MatchResult;
  reasons: MatchReason[];
}

/** The DUOS sensitive-research questions a purpose may answer yes to; each sends the case to the committee. */
export const sensitiveResearchFlags = [
  "controls",
  "population_structure",
  "gender",
  "pediatric",
  "vulnerable_populations",
  "illegal_behavior",
  "sexual_diseases",
  "psychological_traits",
  "not_health",
  "stigmatized_diseases",
  "other",
  "secondary_other",
] as const;
export type SensitiveResearchFlag = (typeof sensitiveResearchFlags)[number];

/** Data-use codes matching reads, by DUO abbreviation; MDS (methods development) is a purpose DUO has no term for. */
const dataUseCodes = new Set(["GRU", "HMB", "DS", "POA", "NMDS", "GSO", "NPU", "NCU", "NPUNCU", "PUB", "COL", "IRB", "GS", "MOR", "TS", "US", "PS", "IS", "RTN", "CC", "NRES", "NPOA"]);
const purposeCodes = new Set(["GRU", "HMB", "DS", "POA", "MDS"]);
/** Conditions the approval carries; matching cannot decide them. */
const conditionCodes = new Set(["PUB", "MOR", "TS", "US", "PS", "IS", "RTN", "CC", "GSO"]);

const shorthandByCurie = new Map(Object.entries(duoTerms).map(([id, term]) => [id, term.shorthand]));

/** `DUO:0000042` and `GRU` alike to `GRU`; an IRI's last part read as a CURIE; unknown codes as given (upper case). */
export function duoAbbreviation(code: string): string {
  const curie = normaliseCurie(code);
  if (isDuoTermId(curie)) return shorthandByCurie.get(curie) || curie;
  return code.trim().toUpperCase();
}

/** `DOID:162`, `DOID_162` and `http://purl.obolibrary.org/obo/DOID_162` alike to `DOID:162`. */
export function normaliseCurie(value: string): string {
  const last = value.trim().split("/").pop() ?? "";
  const match = /^([A-Za-z]+)[:_](\w+)$/.exec(last);
  return match ? `${match[1]!.toUpperCase()}:${match[2]}` : value.trim();
}

function flagName(flag: string): string {
  return flag.split(":")[0]!.trim().toLowerCase();
}

interface Read {
  dataUse: Set<string>;
  purpose: Set<string>;
  dataDiseases: string[];
  purposeDiseases: string[];
}

function checkCodes(read: Read, dataUse: DataUse, purpose: ResearchPurpose): MatchReason[] {
  const reasons: MatchReason[] = [];
  for (const code of dataUse.codes) {
    const abbreviation = duoAbbreviation(code);
    if (!dataUseCodes.has(abbreviation)) reasons.push({ check: "codes", result: "abstain", code: "code.unknown_in_data_use", subject: code });
  }
  for (const code of purpose.codes) {
    const abbreviation = duoAbbreviation(code);
    if (!purposeCodes.has(abbreviation)) reasons.push({ check: "codes", result: "abstain", code: "code.unknown_in_purpose", subject: code });
  }
  if (read.purpose.has("DS") && read.purposeDiseases.length === 0) reasons.push({ check: "codes", result: "abstain", code: "purpose.ds_without_disease" });
  if (read.dataUse.has("DS") && read.dataDiseases.length === 0 && !read.dataUse.has("GRU") && !read.dataUse.has("HMB")) {
    reasons.push({ check: "codes", result: "abstain", code: "data_use.ds_without_disease" });
  }
  return reasons;
}

/** DUOS's disease check: every purpose disease lies under a data-use disease, unless the data use is GRU or HMB. */
function checkDisease(read: Read, hierarchy: DiseaseHierarchy): MatchReason[] {
  const reasons: MatchReason[] = [];
  // Departure B: a disease the hierarchy does not know is never matched by guess; the committee reads it.
  for (const disease of [...read.dataDiseases, ...read.purposeDiseases]) {
    if (!hierarchy.ancestorsOf(disease)) reasons.push({ check: "disease", result: "abstain", code: "disease.unknown", subject: disease });
  }
  if (read.purposeDiseases.length === 0) return reasons;
  if (read.dataUse.has("GRU") || read.dataUse.has("HMB")) return [...reasons, { check: "disease", result: "approve", code: "disease.covered_by_general_use" }];
  for (const disease of read.purposeDiseases) {
    const ancestors = hierarchy.ancestorsOf(disease);
    if (!ancestors) continue;
    const within = read.dataDiseases.some((allowed) => ancestors.has(allowed));
    reasons.push(within ? { check: "disease", result: "approve", code: "disease.within", subject: disease } : { check: "disease", result: "deny", code: "disease.not_within", subject: disease });
  }
  return reasons;
}

/** DUOS's HMB check: a GRU purpose needs GRU data; an HMB purpose is not allowed by disease-only or ancestry-only data. */
function checkHmb(read: Read): MatchReason[] {
  const purposeGeneral = read.purpose.has("GRU");
  const purposeHmb = read.purpose.has("HMB");
  if (!purposeGeneral && !purposeHmb) return [];
  if (read.dataUse.has("GRU")) return [{ check: "hmb", result: "approve", code: "hmb.general_use" }];
  if (purposeGeneral) return [{ check: "hmb", result: "deny", code: "hmb.general_purpose_needs_general_use" }];
  if (read.dataUse.has("HMB")) return [{ check: "hmb", result: "approve", code: "hmb.health_research" }];
  if (read.dataUse.has("DS")) return [{ check: "hmb", result: "deny", code: "hmb.disease_only" }];
  if (read.dataUse.has("POA")) return [{ check: "hmb", result: "deny", code: "hmb.ancestry_only" }];
  return [];
}

/** DUOS's POA check: ancestry research needs GRU or POA data (HMB excludes it by DUO's definition). */
function checkPoa(read: Read): MatchReason[] {
  if (!read.purpose.has("POA")) return [];
  // Departure C: DUO's NPOA, which V4 does not read (it approves on GRU data), goes to the committee.
  if (read.dataUse.has("NPOA")) return [{ check: "poa", result: "abstain", code: "poa.prohibited" }];
  return read.dataUse.has("GRU") || read.dataUse.has("POA") ? [{ check: "poa", result: "approve", code: "poa.permitted" }] : [{ check: "poa", result: "deny", code: "poa.not_permitted" }];
}

/** DUOS's methods check (disease-restricted data needs the disease to match), and DUO's NMDS. */
function checkMethods(read: Read, diseaseReasons: MatchReason[]): MatchReason[] {
  if (!read.purpose.has("MDS")) return [];
  // Departure C: DUO's NMDS, which V4 does not read, goes to the committee.
  if (read.dataUse.has("NMDS")) return [{ check: "methods", result: "abstain", code: "methods.prohibited" }];
  if (read.dataUse.has("GRU") || read.dataUse.has("HMB") || read.dataUse.has("POA")) return [{ check: "methods", result: "approve", code: "methods.permitted" }];
  if (read.dataUse.has("DS")) {
    // Departure D: V4 approves a methods purpose naming no disease on disease-only data; here the committee reads it.
    if (read.purposeDiseases.length === 0) return [{ check: "methods", result: "abstain", code: "methods.disease_only" }];
    const diseaseMatched = diseaseReasons.every((reason) => reason.result === "approve");
    return diseaseMatched ? [{ check: "methods", result: "approve", code: "methods.within_disease" }] : [{ check: "methods", result: "deny", code: "methods.outside_disease" }];
  }
  return [];
}

/**
 * Not-for-profit use against a commercial purpose: V4's NPU rule denies. NCU and NPUNCU, which V4 does not read,
 * send a commercial purpose to the committee (departure C).
 */
function checkCommercial(read: Read, purpose: ResearchPurpose): MatchReason[] {
  const reasons: MatchReason[] = [];
  for (const restriction of ["NPU", "NCU", "NPUNCU"].filter((code) => read.dataUse.has(code))) {
    if (!purpose.commercial) reasons.push({ check: "commercial", result: "approve", code: "commercial.non_commercial_purpose", subject: restriction });
    else reasons.push({ check: "commercial", result: restriction === "NPU" ? "deny" : "abstain", code: "commercial.not_permitted", subject: restriction });
  }
  return reasons;
}

/** What a person must weigh: sensitive research, COL, IRB, GS, free-text restrictions (departure A for the modifiers and the data use's free text). */
function checkAbstain(read: Read, dataUse: DataUse, purpose: ResearchPurpose): MatchReason[] {
  const reasons: MatchReason[] = [];
  for (const flag of purpose.flags ?? []) {
    const name = flagName(flag);
    const known = (sensitiveResearchFlags as readonly string[]).includes(name);
    reasons.push({ check: "abstain", result: "abstain", code: known ? `sensitive.${name}` : "sensitive.unknown_flag", subject: flag });
  }
  for (const flag of dataUse.flags ?? []) {
    const name = flagName(flag);
    reasons.push({ check: "abstain", result: "abstain", code: name === "other" || name === "secondary_other" ? `restriction.${name}` : "restriction.unknown_flag", subject: flag });
  }
  for (const modifier of ["COL", "IRB", "GS"]) if (read.dataUse.has(modifier)) reasons.push({ check: "abstain", result: "abstain", code: `modifier.${modifier}` });
  return reasons;
}

/** The purpose side of V4: a purpose that names no research category is for the committee to read. */
function checkPurposeCategory(read: Read): MatchReason[] {
  return [...purposeCodes].some((code) => read.purpose.has(code)) ? [] : [{ check: "codes", result: "abstain", code: "purpose.no_category" }];
}

/** The data use's primary categories as DUOS's DataUsePrimaryClassifier reads them: GRU, HMB, POA, DS with a disease, free-text `other`. */
export type PrimaryCategory = "GRU" | "HMB" | "POA" | "DS" | "OTHER";

export function primaryCategoriesOf(dataUse: DataUse): PrimaryCategory[] {
  const codes = new Set(dataUse.codes.map(duoAbbreviation));
  const categories: PrimaryCategory[] = [];
  // NRES (no restriction) is general research use.
  if (codes.has("GRU") || codes.has("NRES")) categories.push("GRU");
  if (codes.has("HMB")) categories.push("HMB");
  if (codes.has("POA")) categories.push("POA");
  // DS counts with a disease named, as DUOS's disease restrictions do; the code alone names nothing.
  if ((dataUse.diseases ?? []).length > 0) categories.push("DS");
  if ((dataUse.flags ?? []).some((flag) => flagName(flag) === "other" && flag.slice(flag.indexOf(":") + 1).trim() !== "")) categories.push("OTHER");
  return categories;
}

/**
 * V5's first step: a data use without exactly one canonical primary category is not matched by rule. Its one reason
 * names the shape and never the free text, which may say what the data holders keep confidential.
 */
function unsupportedShape(dataUse: DataUse): MatchReason | undefined {
  const categories = primaryCategoriesOf(dataUse);
  if (categories.length === 0) return { check: "codes", result: "abstain", code: "data_use.no_primary" };
  if (categories.length > 1) return { check: "codes", result: "abstain", code: "data_use.multiple_primary" };
  if (categories[0] === "OTHER") return { check: "codes", result: "abstain", code: "data_use.other_primary" };
  return undefined;
}

function conditionsOf(read: Read): MatchReason[] {
  return [...read.dataUse].filter((code) => conditionCodes.has(code)).map((code) => ({ check: "conditions" as const, result: "approve" as const, code: `condition.${code}` }));
}

/** As V4: approve when every check approves; otherwise an abstention wins over a denial (the committee reads it). */
function combine(reasons: readonly MatchReason[]): MatchResult {
  if (reasons.some((reason) => reason.result === "abstain")) return "abstain";
  if (reasons.some((reason) => reason.result === "deny")) return "deny";
  return "approve";
}

/** `hierarchy` is the shipped one (disease-hierarchy.ts) unless a test gives its own. */
export function matchDataUse(dataUse: DataUse, purpose: ResearchPurpose, hierarchy: DiseaseHierarchy = programmeDiseases): DataUseMatch {
  const shape = unsupportedShape(dataUse);
  if (shape) return { result: "abstain", reasons: [shape] };
  const read: Read = {
    dataUse: new Set(dataUse.codes.map(duoAbbreviation)),
    purpose: new Set(purpose.codes.map(duoAbbreviation)),
    dataDiseases: (dataUse.diseases ?? []).map(normaliseCurie),
    purposeDiseases: (purpose.diseases ?? []).map(normaliseCurie),
  };
  // A purpose's disease makes it disease-specific research, whether or not it also says DS.
  if (read.purposeDiseases.length > 0) read.purpose.add("DS");
  if (read.dataDiseases.length > 0) read.dataUse.add("DS");
  if (read.dataUse.has("NRES")) read.dataUse.add("GRU");
  const diseaseReasons = checkDisease(read, hierarchy);
  const reasons = [
    ...checkCodes(read, dataUse, purpose),
    ...checkPurposeCategory(read),
    ...diseaseReasons,
    ...checkHmb(read),
    ...checkPoa(read),
    ...checkMethods(read, diseaseReasons.filter((reason) => reason.code !== "disease.unknown")),
    ...checkCommercial(read, purpose),
    ...checkAbstain(read, dataUse, purpose),
    ...conditionsOf(read),
  ];
  return { result: combine(reasons), reasons };
}
