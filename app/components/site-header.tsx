import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { hasPermission } from "../domain/authz/permissions";
import type { Role } from "../domain/authz/roles";
import type { SupportedLanguage } from "../i18n/languages";
import { LanguageSwitcher } from "./language-switcher";

interface Props {
  language: SupportedLanguage;
  user: { displayName: string; role: string } | null;
  mailboxEnabled: boolean;
}

export function SiteHeader({ language, user, mailboxEnabled }: Props) {
  const { t } = useTranslation("common");
  const location = useLocation();
  const current = (path: string) => (location.pathname === path ? "page" : undefined);
  return (
    <header className="site-header">
      <div className="site-header__top">
        <a className="brand" href="/">
          <span className="brand__name">{t("appName")}</span>
          <span className="brand__tagline">{t("tagline")}</span>
        </a>
        <LanguageSwitcher current={language} />
      </div>
      <nav aria-label={t("nav.label")} className="site-nav">
        <ul>
          {user ? (
            <>
              <li>
                <a href="/home" aria-current={current("/home")}>{t("nav.home")}</a>
              </li>
              {hasPermission(user.role as Role, "consent:own") ? (
                <li>
                  <a href="/consent" aria-current={current("/consent")}>{t("nav.consent")}</a>
                </li>
              ) : null}
              <li>
                <a href="/account" aria-current={current("/account")}>{t("nav.account")}</a>
              </li>
              <li>
                <a href="/account/sessions" aria-current={current("/account/sessions")}>{t("nav.sessions")}</a>
              </li>
              {hasPermission(user.role as Role, "staff:portal") ? (
                <li>
                  <a href="/staff" aria-current={current("/staff")}>{t("enrolment:nav.staff")}</a>
                </li>
              ) : null}
              {user.role === "admin" ? (
                <li>
                  <a href="/admin" aria-current={current("/admin")}>{t("nav.admin")}</a>
                </li>
              ) : null}
            </>
          ) : (
            <li>
              <a href="/sign-in" aria-current={current("/sign-in")}>{t("nav.signIn")}</a>
            </li>
          )}
          {mailboxEnabled ? (
            <li>
              <a href="/dev/mailbox" aria-current={current("/dev/mailbox")}>{t("nav.mailbox")}</a>
            </li>
          ) : null}
        </ul>
        {user ? (
          <form method="post" action="/sign-out" className="sign-out">
            <span className="signed-in-as">{t("signedInAs", { name: user.displayName })}</span>
            <button type="submit" className="button button--secondary">
              {t("nav.signOut")}
            </button>
          </form>
        ) : null}
      </nav>
    </header>
  );
}
