// Browser side of the passkey ceremonies: talking to app/routes/passkeys.*.ts and naming what went wrong.
import { startAuthentication, WebAuthnError, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useState, useSyncExternalStore } from "react";

const noSubscription = () => () => undefined;

/**
 * False on the server and during hydration, true once React runs in the browser. Passkey buttons need
 * JavaScript, so they are rendered only then; a page without JavaScript never shows a button that cannot work.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

export interface PasskeyReply {
  status: number;
  /** The parsed JSON body, or null when the answer was not JSON (a redirect to the sign-in page, a crash). */
  body: Record<string, unknown> | null;
}

export async function postPasskeyJson(url: string, payload: unknown = {}): Promise<PasskeyReply> {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(payload),
  });
  const isJson = response.headers.get("Content-Type")?.includes("application/json") ?? false;
  const body: unknown = isJson ? await response.json().catch(() => null) : null;
  return { status: response.status, body: body && typeof body === "object" ? (body as Record<string, unknown>) : null };
}

export type PasskeyProblem = "cancelled" | "alreadyRegistered" | "failed";

/**
 * What the authenticator's refusal means for the person. Browsers report "cancelled", "timed out" and
 * "no passkey here" all as NotAllowedError, on purpose, so they cannot be told apart.
 */
export function problemOf(error: unknown): PasskeyProblem {
  if (error instanceof WebAuthnError) {
    if (error.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") return "alreadyRegistered";
    if (error.code === "ERROR_CEREMONY_ABORTED" || error.code === "ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY") return "cancelled";
  }
  if (error instanceof Error && (error.name === "NotAllowedError" || error.name === "AbortError")) return "cancelled";
  return "failed";
}

export function stringField(body: Record<string, unknown> | null, key: string): string | null {
  const value = body?.[key];
  return typeof value === "string" ? value : null;
}

export type AssertionFailure = "cancelled" | "invalid" | "rateLimited" | "failed";

/**
 * Options → authenticator → verification, shared by sign-in and re-authentication. On success the browser
 * loads the page the server names (a full load, so every loader sees the new or refreshed session).
 */
export async function runPasskeyAssertion(
  ceremony: "authentication" | "reauthentication",
  redirectTo: string | undefined,
): Promise<AssertionFailure | "navigating"> {
  try {
    const start = await postPasskeyJson(`/passkeys/${ceremony}/options`);
    const challengeId = stringField(start.body, "challengeId");
    if (start.status !== 200 || !challengeId) return "failed";
    const response = await startAuthentication({ optionsJSON: start.body?.options as PublicKeyCredentialRequestOptionsJSON });
    const finish = await postPasskeyJson(`/passkeys/${ceremony}/verify`, { challengeId, response, redirectTo: redirectTo || undefined });
    const next = stringField(finish.body, "redirectTo");
    if (finish.status === 200 && next) {
      window.location.assign(next);
      return "navigating";
    }
    return finish.status === 429 ? "rateLimited" : finish.status === 401 ? "invalid" : "failed";
  } catch (error) {
    return problemOf(error) === "cancelled" ? "cancelled" : "failed";
  }
}

/** Busy and error state around one ceremony; while the next page loads the button stays busy. */
export function usePasskeyAssertion(ceremony: "authentication" | "reauthentication", redirectTo: string | undefined) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AssertionFailure | null>(null);
  async function start() {
    setBusy(true);
    setError(null);
    const outcome = await runPasskeyAssertion(ceremony, redirectTo);
    if (outcome === "navigating") return;
    setError(outcome);
    setBusy(false);
  }
  return { busy, error, start };
}
