import { createContext, useContext } from "react";

/**
 * The texts a page's routes load with their modules (ADR 156), for the layout to ask for with the page's scripts: the
 * server works them out from the routes it matched (entry.server.tsx), and the browser reads back the links the server
 * drew (entry.client.tsx), so both render the same head.
 */
const RouteTextsContext = createContext<readonly string[]>([]);
export const RouteTextsProvider = RouteTextsContext.Provider;
export const useRouteTexts = () => useContext(RouteTextsContext);

/** The marker on each such link, by which the browser finds them. */
export const routeTextsAttribute = "data-route-texts";

/** Where the build put each route module's texts, by the module's URL and language (build/client/.vite/route-texts.json). */
export type RouteTextsMap = Record<string, Partial<Record<string, string[]>>>;

/** The texts of the routes a page matched, in `language`, each once. */
export function routeTextsOf(map: RouteTextsMap | undefined, modules: readonly (string | undefined)[], language: string): string[] {
  if (!map) return [];
  return [...new Set(modules.flatMap((module) => (module ? (map[module]?.[language] ?? []) : [])))];
}
