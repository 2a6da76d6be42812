import { AppError, type AppErrorCode } from "../kernel/index";

/**
 * Why an account change was refused (issue 15; ADR 042). Each reason is a sentence under "refusals" in
 * locales/<lang>/admin.json; `code` is the AppError code whose status (app/forms/refusals.server.ts, ADR 092) answers
 * it: 403 for what this administrator may never do, 409 for the accounts' state.
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
  email_taken: "account_change_refused",
  own_admin_role: "forbidden",
  last_admin: "forbidden",
  own_reset_request: "forbidden",
  reset_pending: "account_change_refused",
  reset_not_pending: "account_change_refused",
  reset_expired: "account_change_refused",
  own_request: "forbidden",
  own_reset: "forbidden",
  not_disabled: "account_change_refused",
  welcome_set_up_factors: "account_change_refused",
  welcome_set_up_signed_in: "account_change_refused",
  welcome_disabled: "account_change_refused",
  welcome_not_from_admin: "account_change_refused",
};

export class AccountRefusal extends AppError {
  constructor(readonly reason: AccountRefusalReason) {
    super(codes[reason], reason, { namespace: "admin", key: `refusals.${reason}` });
    this.name = "AccountRefusal";
  }
}

export function isAccountRefusal(error: unknown): error is AccountRefusal {
  return error instanceof AccountRefusal;
}

