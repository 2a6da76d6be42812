import { useTranslation } from "react-i18next";

/** On a clinic tablet locked to a patient's journey (ADR 121) the footer keeps its words and drops its links. */
export function SiteFooter({ kiosk = false }: { kiosk?: boolean }) {
  const { t } = useTranslation("common");
  if (kiosk) {
    return (
      <footer className="site-footer">
        <p>{t("footer.programme")}</p>
        <p>{t("footer.privacy")}</p>
      </footer>
    );
  }
  return (
    <footer className="site-footer">
      <p>{t("footer.programme")}</p>
      <p>{t("footer.privacy")}</p>
      {/* What the installed app keeps on the device: its own files and the offline page, nothing about the reader (ADR 109). */}
      <p>{t("footer.device")}</p>
      <p>
        <a href="/register">{t("footer.register")}</a>
      </p>
      <p>
        <a href="/transparency">{t("footer.transparency")}</a>
      </p>
      <p>
        <a href="/consultations">{t("footer.consultations")}</a>
      </p>
      <p>
        <a href="/ask">{t("footer.ask")}</a>
      </p>
      <p>
        <a href="/join-the-panel">{t("footer.joinPanel")}</a>
      </p>
    </footer>
  );
}
