import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useTranslation } from "react-i18next";
import { useHydrated, usePasskeyAssertion } from "./passkey-client";

/**
 * "Sign in with a passkey" on the sign-in page. Rendered only after hydration in a browser that has WebAuthn:
 * without JavaScript the page offers e-mail links and passwords alone, with no button that cannot work.
 */
export function PasskeySignInButton({ redirectTo }: { redirectTo: string }) {
  const { t } = useTranslation("auth");
  const hydrated = useHydrated();
  const { busy, error, start } = usePasskeyAssertion("authentication", redirectTo);
  if (!hydrated || !browserSupportsWebAuthn()) return null;

  return (
    <>
      <div className="divider">{t("signIn.or")}</div>
      <section className="panel" aria-labelledby="passkey-sign-in-heading">
        <h2 id="passkey-sign-in-heading">{t("passkeys.signIn.heading")}</h2>
        <p>{t("passkeys.signIn.description")}</p>
        {/* Present before any error, so screen readers announce the message when it appears. */}
        <div role="alert">{error ? <p className="alert alert--error">{t(`passkeys.signIn.errors.${error}`)}</p> : null}</div>
        <button type="button" className="button button--secondary button--block" onClick={() => void start()} disabled={busy} aria-busy={busy}>
          {busy ? t("passkeys.signIn.working") : t("passkeys.signIn.button")}
        </button>
      </section>
    </>
  );
}
