import { browserSupportsWebAuthn, startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { postPasskeyJson, problemOf, stringField, useHydrated } from "./passkey-client";

type ErrorKey = "cancelled" | "invalid" | "rateLimited" | "failed";

/**
 * "Confirm with a passkey", for the re-authentication page: people who sign in with e-mail links and
 * passkeys have no password to type. Rendered after hydration only; the page should show it only to accounts
 * that have a passkey (listPasskeys), since for others the options request answers 404.
 */
export function PasskeyReauthenticateButton({ redirectTo }: { redirectTo: string }) {
  const { t } = useTranslation("account");
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorKey | null>(null);
  if (!hydrated || !browserSupportsWebAuthn()) return null;

  async function confirm() {
    setBusy(true);
    setError(null);
    const outcome = await runReauthentication(redirectTo);
    if (outcome === "navigating") return;
    setError(outcome);
    setBusy(false);
  }

  return (
    <div className="panel">
      <div role="alert">{error ? <p className="alert alert--error">{t(`passkeys.reauth.errors.${error}`)}</p> : null}</div>
      <button type="button" className="button button--secondary button--block" onClick={() => void confirm()} disabled={busy} aria-busy={busy}>
        {busy ? t("passkeys.reauth.working") : t("passkeys.reauth.button")}
      </button>
    </div>
  );
}

async function runReauthentication(redirectTo: string): Promise<ErrorKey | "navigating"> {
  try {
    const start = await postPasskeyJson("/passkeys/reauthentication/options");
    const challengeId = stringField(start.body, "challengeId");
    if (start.status !== 200 || !challengeId) return "failed";
    const response = await startAuthentication({ optionsJSON: start.body?.options as PublicKeyCredentialRequestOptionsJSON });
    const finish = await postPasskeyJson("/passkeys/reauthentication/verify", { challengeId, response, redirectTo });
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
