export { askEnquiry, enquiryPath, newSubmissionKey, SubmissionKeySchema } from "./ask-enquiry.server";
export type { AskEnquiryResult } from "./ask-enquiry.server";
export { agreeToFaq, readEnquiryByLink } from "./read-enquiry.server";
export type { EnquiryView } from "./read-enquiry.server";
export { answerEnquiry, listEnquiries, listFaqEntries, loadEnquiryForStaff, publishFaqEntry } from "./staff-enquiries.server";
export type { FaqEntryView, StaffEnquiry, StaffEnquiryRow } from "./staff-enquiries.server";
export { listHelpPlaces, retireHelpPlace, saveHelpPlace } from "./help-places.server";
export type { HelpPlaceView } from "./help-places.server";
