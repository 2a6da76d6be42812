/**
 * The panel-meetings concept's public entry for server code: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { cancelPanelMeeting } from "./cancel-panel-meeting.server";
export { listPanelMeetings, loadPanelMeeting, loadPanelMeetingRecord } from "./load-panel-meetings.server";
export { publishPanelMeetingMinutes } from "./publish-panel-meeting-minutes.server";
export { savePanelMeeting } from "./save-panel-meeting.server";
export { schedulePanelMeeting } from "./schedule-panel-meeting.server";
