/**
 * The dashboard part's entry for server code (ADR 132): what a participant (or their proxy) does with a consent in
 * force — change one choice, withdraw, read the history — and a withdrawal received by phone or letter. It uses the
 * records part's verbs; no other part uses the dashboard.
 */
export { ChangeChoiceSchema, changeOwnChoice, loadChoiceToChange, reviewOwnChoiceChange } from "./change-own-choice.server";
export { loadConsentHistory } from "./consent-history.server";
export { ReceivedWithdrawalSchema, loadParticipantForWithdrawal, recordReceivedWithdrawal, reviewReceivedWithdrawal } from "./record-received-withdrawal.server";
export { WithdrawSchema, loadWithdrawalStanding, reviewOwnWithdrawal, withdrawOwnConsent } from "./withdraw-own-consent.server";
export {
  PaperProvisionNoticeSchema,
  ProvisionNoticeSchema,
  StopProvisionSchema,
  acknowledgeOwnProvisionNotice,
  loadProvisionStanding,
  recordPaperProvisionNotice,
  stopOwnProvision,
} from "./provision-own.server";
export type { ProvisionStandingView } from "./provision-own.server";
