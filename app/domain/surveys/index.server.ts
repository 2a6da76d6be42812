/** How consent felt (issue 59 item 4; ADR 149): the verbs and reads. */
export { answerConsentSurvey, answerOwnSurvey, consentSurveyStanding, inviteConsentSurveys, loadOwnSurvey, surveyStillAllowed } from "./consent-surveys.server";
export type { SurveyStanding } from "./consent-surveys.server";
export { loadFacilitySurveyResults, moderateSurveyComment } from "./facility-survey-results.server";
export type { FacilitySurveyResults } from "./facility-survey-results.server";
