/** Public sessions (issue 59 item 5; ADR 148): the verbs and reads other parts may use. */
export { cancelBriefing, createBriefing, listBriefings, listStaffBriefings, loadBriefing, loadStaffBriefing, publishBriefingMinutes, recordAttendance } from "./briefings.server";
export type { BriefingView, StaffBriefing } from "./briefings.server";
export { cancelRegistration, readRegistration, registerForBriefing, registrationsPerAddress, sendBriefingReminders } from "./register-for-briefing.server";
export type { RegisterResult, RegistrationView } from "./register-for-briefing.server";
export { briefingCalendar } from "./briefing-calendar.server";
