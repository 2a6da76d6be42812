/**
 * What a route's action reads from a POST's body, declared in the route module's `handle`:
 *
 * - `form` (every route that does not say otherwise): `application/x-www-form-urlencoded` or `multipart/form-data`,
 *   which is all a browser's form or Remix's fetcher sends. The edge (server/form-body.ts) answers any other body 415
 *   or 400 before route code runs, where `request.formData()` would have thrown inside the action (a 500 and a stack
 *   trace; issue 27).
 * - `json`: the action reads `application/json` and answers anything else itself, in the JSON its clients read
 *   (readJsonBody, the findings API): the passkey ceremonies, the readings helper, the API routes.
 */
export type RequestBodyKind = "form" | "json";

export interface RequestBodyHandle {
  requestBody?: RequestBodyKind;
}

/** `export const handle = jsonBodyHandle;` in a route whose action reads JSON. */
export const jsonBodyHandle = { requestBody: "json" } as const satisfies RequestBodyHandle;

/** The kind a route module declares; `form` where it says nothing. */
export function requestBodyKindOf(module: { handle?: unknown } | undefined): RequestBodyKind {
  const handle = module?.handle as RequestBodyHandle | undefined;
  return handle?.requestBody === "json" ? "json" : "form";
}
