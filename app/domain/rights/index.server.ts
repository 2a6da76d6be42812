/**
 * The rights concept's public entry for server code (issue 58 items 2 and 6, ADR 142).
 */
export { listOwnRightsRequests, loadOwnRightsRequest } from "./load-own-rights-requests.server";
export type { RightsRequestStepView, RightsRequestView } from "./load-own-rights-requests.server";
export { makeRightsRequest } from "./make-rights-request.server";
export { listRightsQueue, loadRightsRequestForStaff, recordRightsStep } from "./staff-rights-requests.server";
export type { QueuedRightsRequest } from "./staff-rights-requests.server";
