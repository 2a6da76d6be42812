import { useTranslation } from "react-i18next";

/** Shown exactly once, right after they are made; only their hashes are kept. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useTranslation("account");
  return (
    <section className="panel" aria-labelledby="recovery-heading">
      <h2 id="recovery-heading">{t("recovery.heading")}</h2>
      <p>{t("recovery.explain")}</p>
      <ul className="codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <p>
        <strong>{t("recovery.onlyOnce")}</strong>
      </p>
    </section>
  );
}
