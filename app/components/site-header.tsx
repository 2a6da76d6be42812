import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useNonce } from "../nonce";
import type { MenuEntry } from "../domain/authz/index";
import type { SupportedLanguage } from "../i18n/languages";
import { LanguageSwitcher } from "./language-switcher";

interface Props {
  language: SupportedLanguage;
  user: { displayName: string; role: string } | null;
  /** From menuFor (app/domain/authz/destinations.ts): the pages this person can open; publicMenu when signed out. */
  menu: readonly MenuEntry[];
  /**
   * The clinic tablet is locked to a patient's journey (ADR 121): no menu, no sign-out, no link out — only the name of
   * the service and the language buttons, which the patient may need.
   */
  kiosk?: boolean;
}

/**
 * With JavaScript, Escape closes an open menu and gives focus back to its button, as a disclosure should. Inline, so
 * that it works on every page, with or without the app's scripts; a cached public page allows it by its hash (ADR 071).
 */
export const menuEscapeScript =
  'document.addEventListener("keydown",function(e){if(e.key!=="Escape"||!(e.target instanceof Element))return;var d=e.target.closest("details.site-menu");if(!d||!d.open)return;d.open=false;var s=d.querySelector("summary");if(s)s.focus();});';

/**
 * On a phone the menu folds behind a <details> disclosure (it opens without JavaScript) so the page starts near the
 * top of the screen; the language switch stays outside it, one tap away. On a wide screen the stylesheet shows the
 * links without the button (app/styles/app.css, .site-menu).
 */
export function SiteHeader({ language, user, menu, kiosk = false }: Props) {
  const { t } = useTranslation("common");
  const location = useLocation();
  const current = (path: string) =>
    location.pathname === path ? "page" : undefined;
  const nonce = useNonce();
  if (kiosk) {
    return (
      <header className="site-header">
        <span className="brand">
          <span className="brand__name">{t("appName")}</span>
          <span className="brand__tagline">{t("tagline")}</span>
        </span>
        <LanguageSwitcher current={language} />
      </header>
    );
  }
  return (
    <header className="site-header">
      <a className="brand" href="/">
        <span className="brand__name">{t("appName")}</span>
        <span className="brand__tagline">{t("tagline")}</span>
      </a>
      <nav aria-label={t("nav.label")} className="site-nav">
        <details className="site-menu">
          <summary className="site-menu__button">{t("nav.menu")}</summary>
          <div className="site-menu__content">
            <ul>
              {menu.map((entry) => (
                <li key={entry.id}>
                  <a href={entry.path} aria-current={current(entry.path)}>
                    {t(entry.label)}
                  </a>
                </li>
              ))}
            </ul>
            {user ? (
              <form noValidate method="post" action="/sign-out" className="sign-out">
                <span className="signed-in-as">{t("signedInAs", { name: user.displayName })}</span>
                <button type="submit" className="button button--secondary">
                  {t("nav.signOut")}
                </button>
              </form>
            ) : null}
          </div>
        </details>
        {user ? null : (
          // Signed out, the menu holds the public pages (publicMenu); signing in stays one tap away beside it.
          <a className="site-nav__sign-in" href="/sign-in" aria-current={current("/sign-in")}>
            {t("nav.signIn")}
          </a>
        )}
      </nav>
      <LanguageSwitcher current={language} />
      {/* The page's own script, not React's: pages sent without the app's scripts (ADR 085) close the menu too. */}
      <script nonce={nonce || undefined} dangerouslySetInnerHTML={{ __html: menuEscapeScript }} suppressHydrationWarning />
    </header>
  );
}
