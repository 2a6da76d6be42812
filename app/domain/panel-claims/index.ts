/** A panel member's honoraria and expenses (issue 59 item 3; ADR 152): what the browser may also load — the forms, kinds, amounts and deadlines. */
export { MemberClaimFormSchema, panelClaimDecideDays, panelClaimDescriptionMax, panelClaimKinds, panelClaimPayDays, panelHonoraria, StaffClaimFormSchema, SubmitPanelClaimSchema } from "./panel-claim-forms";
export type { PanelClaimKind, PanelClaimState } from "./panel-claim-forms";
