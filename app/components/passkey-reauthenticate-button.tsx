import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useTranslation } from "react-i18next";
import { useHydrated, usePasskeyAssertion } from "./passkey-client";

/**
 * "Confirm with a passkey", for the re-authentication page: people who sign in with e-mail links and
 * passkeys have no password to type. Rendered after hydration only; the page should show it only to accounts
 * that have a passkey (listPasskeys), since for others the options request answers 404.
 */
export function PasskeyReauthenticateButton({ redirectTo }: { redirectTo: string }) {
  const { t } = useTranslation("account");
  const hydrated = useHydrated();
  const { busy, error, start } = usePasskeyAssertion("reauthentication", redirectTo);
  if (!hydrated || !browserSupportsWebAuthn()) return null;

  return (
    <div className="panel">
      <div role="alert">{error ? <p className="alert alert--error">{t(`passkeys.reauth.errors.${error}`)}</p> : null}</div>
      <button type="button" className="button button--secondary button--block" onClick={() => void start()} disabled={busy} aria-busy={busy}>
        {busy ? t("passkeys.reauth.working") : t("passkeys.reauth.button")}
      </button>
    </div>
  );
}
