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

/** A history Bundle: every version of one resource, newest first, each with its versioned URL. */
export function historyBundle<Resource extends { resourceType: string; id: string; meta: { versionId: string; lastUpdated: string } }>(options: {
  baseUrl: string;
  selfUrl: string;
  versions: readonly Resource[];
  now: Date;
}): FhirBundle<Resource> {
  const base = options.baseUrl.replace(/\/+$/, "");
  const newestFirst = [...options.versions].reverse();
  return {
    resourceType: "Bundle",
    meta: { lastUpdated: options.now.toISOString() },
    type: "history",
    total: newestFirst.length,
    link: [{ relation: "self", url: options.selfUrl }],
    ...(newestFirst.length
      ? {
          entry: newestFirst.map((resource, index) => ({
            fullUrl: `${base}/fhir/${resource.resourceType}/${resource.id}`,
            resource,
            // The first version created the record; every later one updated it (FHIR history entries carry both).
            request: { method: index === newestFirst.length - 1 ? ("POST" as const) : ("PUT" as const), url: `${resource.resourceType}/${resource.id}/_history/${resource.meta.versionId}` },
            response: { status: index === newestFirst.length - 1 ? "201" : "200", lastModified: resource.meta.lastUpdated },
          })),
        }
      : {}),
  };
}

export function operationOutcome(code: IssueType, diagnostics: string): OperationOutcome {
  return { resourceType: "OperationOutcome", issue: [{ severity: "error", code, diagnostics }] };
}
