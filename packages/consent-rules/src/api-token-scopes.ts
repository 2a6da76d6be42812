import { z } from "zod";

/**
 * What a machine client may do. `fhir:read` reads consent records as FHIR; the `gate:*` scopes are for the
 * pipeline bridge, one per gate action plus `gate:events` to follow the stream of consent changes and
 * `gate:datasets` to set a dataset's embargo clocks; `bridge:ingest` is the outbox relay's, to deliver changes;
 * `findings:submit` is the analysis team's, to submit secondary findings (`POST /api/v1/findings`, ADR 032);
 * `reports:submit` the analysis centre's or the hospital report system's, to send analysis reports (`POST /api/v1/reports`, ADR 137).
 * A scope is stored as this string on the token, so a value here is never renamed, only added.
 */
export const apiTokenScopes = [
  "fhir:read",
  "gate:sequence",
  "gate:analyze",
  "gate:store",
  "gate:share",
  "gate:release",
  "gate:distribute_specimen",
  "gate:return_primary",
  "gate:return_secondary",
  "gate:recontact",
  "gate:events",
  "gate:datasets",
  "bridge:ingest",
  "findings:submit",
  "reports:submit",
] as const;

export const ApiTokenScopeSchema = z.enum(apiTokenScopes);
export type ApiTokenScope = z.infer<typeof ApiTokenScopeSchema>;

export function isApiTokenScope(value: string): value is ApiTokenScope {
  return (apiTokenScopes as readonly string[]).includes(value);
}
