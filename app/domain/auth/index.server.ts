/**
 * The auth concept's public entry for server code: what other concepts may use (ADR 101). Everything else in
 * this folder is the concept's own; lint refuses another concept's import of it.
 */
export { completeSignIn } from "./complete-sign-in.server";
export { describeDevice } from "./describe-device";
export type { CompletedSignIn } from "./complete-sign-in.server";
export { recognizeDevice } from "./recognize-device.server";
export { requestSignInLink, signInLinkLifetimeMinutes } from "./request-sign-in-link.server";
export { accountKeyOf } from "./sign-in-rate-limit.server";
export { ChangePasswordSchema, changePassword } from "./change-password.server";
export { ConfirmTotpSchema, beginTotpEnrolment, confirmTotpEnrolment, readPendingTotpEnrolment } from "./enrol-totp.server";
export { FinishPasskeyAuthenticationSchema, finishPasskeyAuthentication } from "./passkeys/finish-passkey-authentication.server";
export { FinishPasskeyRegistrationSchema, finishPasskeyRegistration } from "./passkeys/finish-passkey-registration.server";
export { listPasskeys } from "./passkeys/list-passkeys.server";
export { ReauthenticateWithPasskeySchema, reauthenticateWithPasskey } from "./passkeys/reauthenticate-with-passkey.server";
export { removePasskey } from "./passkeys/remove-passkey.server";
export { startPasskeyAuthentication } from "./passkeys/start-passkey-authentication.server";
export { startPasskeyReauthentication } from "./passkeys/start-passkey-reauthentication.server";
export { startPasskeyRegistration } from "./passkeys/start-passkey-registration.server";
export { hashPassword } from "./password.server";
export { ReauthenticateSchema, reauthenticate } from "./reauthenticate.server";
export { mayProveByMail, proofCodeLifetimeMinutes, sendProofCode } from "./proof-code.server";
export { regenerateRecoveryCodes } from "./regenerate-recovery-codes.server";
export { removeTotp } from "./remove-totp.server";
export { SignInLinkRequestSchema } from "./request-sign-in-link.server";
export { signInWithLink } from "./sign-in-with-link.server";
export { PasswordSignInSchema, signInWithPassword } from "./sign-in-with-password.server";
export { currentTotpCode, generateTotpKey } from "./totp.server";
export { KioskUnlockSchema, unlockKiosk } from "./unlock-kiosk.server";
export { SecondFactorSchema, totpKeyPurpose, verifySecondFactor } from "./verify-second-factor.server";
