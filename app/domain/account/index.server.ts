/**
 * The account concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { lockAccount, replaceOpenLinks, welcomeStandingOf } from "./welcome-links.server";
export { countSecondFactorResetsAwaiting } from "./count-second-factor-resets-awaiting.server";
export { approveSecondFactorReset } from "./approve-second-factor-reset.server";
export { cancelSecondFactorReset } from "./cancel-second-factor-reset.server";
export { createAccount } from "./create-account.server";
export { disableAccount } from "./disable-account.server";
export { enableAccount } from "./enable-account.server";
export { listSecondFactorResets } from "./list-second-factor-resets.server";
export { listUsers } from "./list-users.server";
export { loadWelcomeLinkStanding } from "./load-welcome-link-standing.server";
export { requestSecondFactorReset } from "./request-second-factor-reset.server";
export { resendWelcomeLink } from "./resend-welcome-link.server";
export { setAccountRoles } from "./set-account-roles.server";
export { setPreferredLanguage } from "./set-preferred-language.server";
export { changeOwnContact, confirmEmailChange, loadOwnContact } from "./change-own-contact.server";
