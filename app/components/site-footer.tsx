import { useTranslation } from "react-i18next";

export function SiteFooter() {
  const { t } = useTranslation(["common", "register", "transparency", "consultations"]);
  return (
    <footer className="site-footer">
      <p>{t("footer.programme")}</p>
      <p>{t("footer.privacy")}</p>
      <p>
        <a href="/register">{t("register:footerLink")}</a>
      </p>
      <p>
        <a href="/transparency">{t("transparency:footerLink")}</a>
      </p>
      <p>
        <a href="/consultations">{t("consultations:nav.footerLink")}</a>
      </p>
    </footer>
  );
}
