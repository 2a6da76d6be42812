/** A panel member's honoraria and expenses (issue 59 item 3; ADR 152): the verbs and reads other parts may use. */
export { submitPanelClaim } from "./submit-panel-claim.server";
export { decidePanelClaim } from "./decide-panel-claim.server";
export { markPanelClaimPaid } from "./mark-panel-claim-paid.server";
export { withdrawPanelClaim } from "./withdraw-panel-claim.server";
export { listOwnPanelClaims, listStaffPanelClaims } from "./load-panel-claims.server";
export type { PanelClaimView, StaffPanelClaimView } from "./load-panel-claims.server";
