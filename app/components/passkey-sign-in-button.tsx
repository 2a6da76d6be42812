import { browserSupportsWebAuthn, startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { postPasskeyJson, problemOf, stringField, useHydrated } from "./passkey-client";

type ErrorKey = "cancelled" | "invalid" | "rateLimited" | "failed";

/**
 * "Sign in with a passkey" on the sign-in page. Rendered only after hydration in a browser that has WebAuthn:
 * without JavaScript the page offers e-mail links and passwords alone, with no button that cannot work.
 */
export function PasskeySignInButton({ redirectTo }: { redirectTo: string }) {
  const { t } = useTranslation("auth");
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorKey | null>(null);
  if (!hydrated || !browserSupportsWebAuthn()) return null;

  async function signIn() {
    setBusy(true);
    setError(null);
    const outcome = await runSignIn(redirectTo);
    // While the next page loads the button stays busy, so a second press cannot start another ceremony.
    if (outcome === "navigating") return;
    setError(outcome);
    setBusy(false);
  }

  return (
    <>
      <div className="divider">{t("signIn.or")}</div>
      <section className="panel" aria-labelledby="passkey-sign-in-heading">
        <h2 id="passkey-sign-in-heading">{t("passkeys.signIn.heading")}</h2>
        <p>{t("passkeys.signIn.description")}</p>
        {/* Present before any error, so screen readers announce the message when it appears. */}
        <div role="alert">{error ? <p className="alert alert--error">{t(`passkeys.signIn.errors.${error}`)}</p> : null}</div>
        <button type="button" className="button button--secondary button--block" onClick={() => void signIn()} disabled={busy} aria-busy={busy}>
          {busy ? t("passkeys.signIn.working") : t("passkeys.signIn.button")}
        </button>
      </section>
    </>
  );
}

/** Options, the authenticator, verification; then a full page load so every loader sees the new session. */
async function runSignIn(redirectTo: string): Promise<ErrorKey | "navigating"> {
  try {
    const start = await postPasskeyJson("/passkeys/authentication/options");
    const challengeId = stringField(start.body, "challengeId");
    if (start.status !== 200 || !challengeId) return "failed";
    const response = await startAuthentication({ optionsJSON: start.body?.options as PublicKeyCredentialRequestOptionsJSON });
    const finish = await postPasskeyJson("/passkeys/authentication/verify", { challengeId, response, redirectTo: redirectTo || undefined });
    const next = stringField(finish.body, "redirectTo");
    if (finish.status === 200 && next) {
      window.location.assign(next);
      return "navigating";
    }
    return finish.status === 429 ? "rateLimited" : finish.status === 401 ? "invalid" : "failed";
  } catch (error) {
    const problem = problemOf(error);
    return problem === "cancelled" ? "cancelled" : "failed";
  }
}
