import type { FhirBundle, IssueType, OperationOutcome } from "./fhir-types";

export const FHIR_JSON = "application/fhir+json; charset=utf-8";

/** A search result: `total` counts every match (there is no paging; a participant has few consent records). */
export function searchsetBundle<Resource extends { resourceType: string; id: string }>(options: {
  baseUrl: string;
  selfUrl: string;
  resources: readonly Resource[];
  now: Date;
}): FhirBundle<Resource> {
  const base = options.baseUrl.replace(/\/+$/, "");
  return {
    resourceType: "Bundle",
    meta: { lastUpdated: options.now.toISOString() },
    type: "searchset",
    total: options.resources.length,
    link: [{ relation: "self", url: options.selfUrl }],
    // FHIR JSON has no empty arrays: an empty result has no `entry` at all.
    ...(options.resources.length
      ? {
          entry: options.resources.map((resource) => ({
            fullUrl: `${base}/fhir/${resource.resourceType}/${resource.id}`,
            resource,
            search: { mode: "match" as const },
          })),
        }
      : {}),
  };
}

export function operationOutcome(code: IssueType, diagnostics: string): OperationOutcome {
  return { resourceType: "OperationOutcome", issue: [{ severity: "error", code, diagnostics }] };
}
