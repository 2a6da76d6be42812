import { useTranslation } from "react-i18next";
import { lawPurposeOf, lawRecipients } from "@tsunagi/consent-rules/provision-law";

/**
 * Who may receive medical information under the 2024 law rather than the research consent (ADR 140), in plain words:
 * the list is the rule's own (`lawRecipients`), each named as the participant's explanations name recipients, with
 * what each may receive it for. On a participant's data-use page (with the link to their notice and stop) and on the
 * public register.
 */
export function LawRecipients({ headingId, provisionHref }: { headingId: string; provisionHref?: string }) {
  const { t } = useTranslation("dashboard");
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="law-recipients">
      <h2 id={headingId}>{t("lawRecipients.heading")}</h2>
      <p>{t("lawRecipients.intro")}</p>
      <ul data-testid="law-recipient-list">
        {lawRecipients.map((recipient) => (
          <li key={recipient} data-recipient={recipient}>
            {t(`explain.recipients.${recipient}`)} — {t(`lawRecipients.purposes.${lawPurposeOf[recipient].replace(":", "_")}`)}
          </li>
        ))}
      </ul>
      <p>{t("lawRecipients.stop")}</p>
      {provisionHref ? (
        <p>
          <a href={provisionHref}>{t("lawRecipients.link")}</a>
        </p>
      ) : null}
    </section>
  );
}
