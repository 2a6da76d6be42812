import { useTranslation } from "react-i18next";

export function SiteFooter() {
  const { t } = useTranslation("common");
  return (
    <footer className="site-footer">
      <p>{t("footer.programme")}</p>
      <p>{t("footer.privacy")}</p>
    </footer>
  );
}
