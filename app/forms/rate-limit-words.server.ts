import type { TFunction } from "i18next";

/**
 * What a refused sign-in attempt tells the person: how long to wait, in minutes or, for the daily per-address
 * limit, hours (ADR 013). `t` is the "errors" namespace, as parseForm hands it out.
 */
export function rateLimitMessage(t: TFunction, retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  if (minutes <= 90) return t("signIn.rateLimitedMinutes", { count: minutes });
  return t("signIn.rateLimitedHours", { count: Math.ceil(retryAfterSeconds / 3600) });
}

/** RFC 9110 Retry-After, in seconds, for the 429 answers of sign-in forms and endpoints. */
export function retryAfterHeaders(retryAfterSeconds: number): Headers {
  return new Headers({ "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) });
}
