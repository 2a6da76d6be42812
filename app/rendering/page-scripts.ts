/**
 * A page that does nothing in the browser which its HTML and CSS do not already do — links, plain forms, <details> —
 * is sent without the app's scripts (ADR 085): no module scripts, no copy of its loader's data for hydration, no
 * router. Its route says so with `export const handle = withoutAppScripts`, for the whole page: the layouts above it
 * must have no client behaviour of their own (the root's header has none that needs the app's scripts).
 */
export const withoutAppScripts = { appScripts: false } as const;

/** Whether the page of these matched routes' handles is sent with the app's scripts. */
export function pageHasAppScripts(handles: readonly unknown[]): boolean {
  return !handles.some((handle) => typeof handle === "object" && handle !== null && (handle as { appScripts?: unknown }).appScripts === false);
}
