import terms from "./disease-hierarchy.json" with { type: "json" };

/**
 * The diseases matching knows (issue 15 item 2; ADR 039): the programme's cancers and rare-disease areas in the Human
 * Disease Ontology (DOID, CC0), with the MONDO classes DOID lacks (hereditary neoplastic syndromes). Each term's
 * asserted parents, so every term reaches DOID:4 or MONDO:0000001; a disease not listed is unknown, and matching
 * abstains on it rather than guess.
 *
 * Read from DiseaseOntology/HumanDiseaseOntology DOreports/HumanDO.tsv at 4bc5e8a7 (release 2026-07-31; ids and names
 * also checked in the release's cancer, rare and childhood-cancer slims) and monarch-initiative/mondo at 2d171de4
 * (2026-08-04; subsets/mondo-rare_edges.tsv, reports/class-stats.tsv, and the DOID exact-match mappings). Parents a
 * reasoner adds to the released doid.obo (stomach cancer under stomach disease, and the like) are not listed: a
 * purpose is matched only under the parents asserted here, which can refuse a match, never widen one.
 */
/** A disease's ancestors, the disease itself included; undefined for a disease the hierarchy does not know. */
export interface DiseaseHierarchy {
  ancestorsOf(curie: string): ReadonlySet<string> | undefined;
}

export interface DiseaseTerm {
  name: string;
  parents: string[];
}

export const diseaseTerms: Readonly<Record<string, DiseaseTerm>> = terms;

/** Exact matches between the two ontologies (MONDO's DOID mappings), read as the same disease. */
export const equivalentDiseases: readonly (readonly [string, string])[] = [
  ["DOID:3883", "MONDO:0005835"], // Lynch syndrome
  ["DOID:5683", "MONDO:0003582"], // hereditary breast ovarian cancer syndrome
];

export function createDiseaseHierarchy(known: Readonly<Record<string, DiseaseTerm>>, equivalents: readonly (readonly [string, string])[]): DiseaseHierarchy {
  const sameAs = new Map<string, string[]>();
  for (const [a, b] of equivalents) {
    sameAs.set(a, [...(sameAs.get(a) ?? []), b]);
    sameAs.set(b, [...(sameAs.get(b) ?? []), a]);
  }
  const closure = new Map<string, ReadonlySet<string>>();
  function ancestorsOf(curie: string): ReadonlySet<string> | undefined {
    if (!Object.hasOwn(known, curie)) return undefined;
    const cached = closure.get(curie);
    if (cached) return cached;
    const found = new Set<string>();
    const pending = [curie];
    while (pending.length > 0) {
      const next = pending.pop()!;
      if (found.has(next) || !Object.hasOwn(known, next)) continue;
      found.add(next);
      pending.push(...known[next]!.parents, ...(sameAs.get(next) ?? []));
    }
    closure.set(curie, found);
    return found;
  }
  return { ancestorsOf };
}

/** The shipped hierarchy matching uses by default. */
export const programmeDiseases: DiseaseHierarchy = createDiseaseHierarchy(diseaseTerms, equivalentDiseases);
