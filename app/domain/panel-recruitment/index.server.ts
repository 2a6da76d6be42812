/** An open panel (issue 59 item 3; ADR 151): calls, applications, decisions. */
export { createPanelCall, listPanelCalls, listStaffPanelCalls, loadPanelCall, loadStaffPanelCall } from "./panel-calls.server";
export type { PanelCallView, StaffPanelApplication, StaffPanelCall } from "./panel-calls.server";
export { applyToPanelCall, applicationsPerAddress, applicationsPerEmail, connectionShownBy, readPanelApplication, withdrawPanelApplication } from "./apply-to-panel-call.server";
export type { ApplicationView, ApplyResult } from "./apply-to-panel-call.server";
export { decidePanelApplication } from "./decide-panel-application.server";
