import { AppError, type AppErrorCode } from "../app-error";

/**
 * Why an account change was refused (issue 15; ADR 042). Each reason is a sentence under "refusals" in
 * locales/<lang>/admin.json; `code` is the AppError code that decides the HTTP status.
 */
export const accountRefusalReasons = [
  "email_taken",
  "own_admin_role",
  "last_admin",
  "own_reset_request",
  "reset_pending",
  "reset_not_pending",
  "reset_expired",
  "own_request",
  "own_reset",
  "not_disabled",
  // A welcome link sent again (ADR 042 amended): not to an account that has its own way in, is disabled, or was not
  // an administrator's to welcome.
  "welcome_set_up_factors",
  "welcome_set_up_signed_in",
  "welcome_disabled",
  "welcome_not_from_admin",
] as const;
export type AccountRefusalReason = (typeof accountRefusalReasons)[number];

const codes: Record<AccountRefusalReason, AppErrorCode> = {
  email_taken: "invalid_input",
  own_admin_role: "forbidden",
  last_admin: "forbidden",
  own_reset_request: "forbidden",
  reset_pending: "invalid_input",
  reset_not_pending: "invalid_input",
  reset_expired: "invalid_input",
  own_request: "forbidden",
  own_reset: "forbidden",
  not_disabled: "invalid_input",
  welcome_set_up_factors: "invalid_input",
  welcome_set_up_signed_in: "invalid_input",
  welcome_disabled: "invalid_input",
  welcome_not_from_admin: "invalid_input",
};

export class AccountRefusal extends AppError {
  constructor(readonly reason: AccountRefusalReason) {
    super(codes[reason], reason);
    this.name = "AccountRefusal";
  }
}

export function isAccountRefusal(error: unknown): error is AccountRefusal {
  return error instanceof AccountRefusal;
}

/** The HTTP status a refusal is answered with: 403 for what this admin may never do, 409 for the state of things. */
export function refusalStatus(refusal: AccountRefusal): number {
  return refusal.code === "forbidden" ? 403 : 409;
}
