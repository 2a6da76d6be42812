/**
 * The panel-meetings concept's public entry: what routes, components, the server, scripts and other concepts may use
 * (ADR 101, 130). Everything else in this folder is the concept's own; lint refuses an import of it from outside.
 */
export { ScheduleMeetingFormSchema, StaffMeetingFormSchema, meetingAgendaMax, meetingMinutesMax, meetingPlaceMax, meetingTitleMax } from "./panel-meeting-forms";
export type { MeetingFields } from "./panel-meeting-forms";
