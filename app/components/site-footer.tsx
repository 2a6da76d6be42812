import { useTranslation } from "react-i18next";

export function SiteFooter() {
  const { t } = useTranslation(["common", "register", "transparency", "consultations"]);
  return (
    <footer className="site-footer">
      <p>{t("footer.programme")}</p>
      <p>{t("footer.privacy")}</p>
      {/* What the installed app keeps on the device: its own files and the offline page, nothing about the reader (ADR 109). */}
      <p>{t("footer.device")}</p>
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
