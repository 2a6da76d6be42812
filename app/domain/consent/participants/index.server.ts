/**
 * The participants part's entry for server code (ADR 132): who a person consents for (themselves or as a proxy) and how
 * to reach them, enrolment and its pseudonyms, invitations, coming of age, samples, and the questions participants ask
 * staff. It uses the ledger's lock and append; nothing about forms or records.
 */
export { consentSubjectsOf, requireConsentSubject } from "./consent-subjects.server";
export type { ConsentSubject } from "./consent-subjects.server";
export { participantContacts } from "./participant-contacts.server";
export { queueContactNotices } from "./queue-contact-notices.server";
export { readNameReadings } from "./read-name-readings.server";
export { readSubjectsWithFacts } from "./read-subject-facts.server";
export { EnrolParticipantSchema, enrolParticipant } from "./enrolment/enrol-participant.server";
export type { EnrolParticipantInput } from "./enrolment/enrol-participant.server";
export { ParticipantSearchSchema, listParticipants } from "./enrolment/list-participants.server";
export { EmailCodeSchema, acceptInvitation } from "./invitations/accept-invitation.server";
export { IdentityCheckSchema, checkInvitationIdentity, restartInvitationCheck } from "./invitations/check-invitation-identity.server";
export { handoverFor, handoverLifetimeMs, openHandover } from "./invitations/handover-code.server";
export { closedReasonOf, hasLiveEmailCode, openInvitation } from "./invitations/open-invitation.server";
export type { InvitationStep } from "./invitations/open-invitation.server";
export { reissueInvitation } from "./invitations/reissue-invitation.server";
export { appointProxy, AppointProxySchema, loadProxyAppointment } from "./invitations/appoint-proxy.server";
export { inviteParticipantsReachingMajority } from "./majority/invite-at-majority.server";
export { pauseFamilyAccessAtMajority } from "./majority/pause-family-access-at-majority.server";
export { AnswerQuestionSchema, answerQuestion } from "./questions/answer-question.server";
export { askQuestion } from "./questions/ask-question.server";
export { countOpenQuestions } from "./questions/count-open-questions.server";
export { listOpenQuestions, listQuestionQueue, listQuestionsForParticipant } from "./questions/list-questions.server";
export type { QueuedQuestion, QuestionView } from "./questions/list-questions.server";
export { RegisterSampleSchema, loadSampleRegistration, registerSample } from "./samples/register-sample.server";
