/**
 * The home concept's public entry for server code: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { loadConsentOverview } from "./consent-overview.server";
export { listWaitingItems, loadHomeItems } from "./list-waiting-items.server";
