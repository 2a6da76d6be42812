import { useTranslation } from "react-i18next";
import type { RegisterEntryView } from "../domain/access/index";
import { DiseaseName, InLanguage, NameList } from "./access/names";
import { PersonName } from "./person-name";
import { UserText } from "./user-text";

// Dates of a register entry in Japan time, as a date (the approval's days, not its minutes).
const formatters = new Map<string, Intl.DateTimeFormat>();
function JapanDate({ value, language }: { value: string; language: string }) {
  const locale = language === "en" ? "en-GB" : "ja-JP";
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Tokyo", dateStyle: "long" });
    formatters.set(locale, formatter);
  }
  return <time dateTime={value}>{formatter.format(new Date(value))}</time>;
}

/** The status of an approval as a word with its own class (never colour alone: the word is the status). */
export function RegisterStatusBadge({ status }: { status: RegisterEntryView["status"] }) {
  const { t } = useTranslation("register");
  return (
    <span className={`register-status register-status--${status}`} data-testid="register-status" data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

/**
 * What the register publishes of one approved use, as a description list. `full` adds the lay summary and the
 * outputs (the entry's own page); the list shows the rest. Text the applicant wrote is shown through UserText.
 */
export function RegisterEntryFields({ entry, full }: { entry: RegisterEntryView; full: boolean }) {
  const { t, i18n } = useTranslation("register");
  const words = i18n.language === "en" ? "en" : "ja";
  return (
    <dl className="register-fields">
      <dt>{t("fields.status")}</dt>
      <dd>
        <RegisterStatusBadge status={entry.status} />
      </dd>
      <dt>{t("fields.institution")}</dt>
      <dd>
        <InLanguage text={entry.institution} />
      </dd>
      <dt>{t("fields.applicant")}</dt>
      <dd>
        <PersonName name={entry.applicantName} />
      </dd>
      <dt>{t("fields.purpose")}</dt>
      <dd data-testid="register-purpose">
        <ul className="list-plain">
          {entry.purposes.map((purpose) => (
            <li key={purpose.code}>
              {purpose[words]} <span className="mono">({purpose.code})</span>
            </li>
          ))}
        </ul>
      </dd>
      {full || entry.diseases.length > 0 ? (
        <>
          <dt>{t("fields.diseases")}</dt>
          <dd>
            {entry.diseases.length === 0 ? (
              t("noDiseases")
            ) : (
              <ul className="list-plain">
                {entry.diseases.map((disease) => (
                  <li key={disease.curie}>
                    <DiseaseName curie={disease.curie} />
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </>
      ) : null}
      <dt>{t("fields.commercial")}</dt>
      <dd>{entry.commercial ? t("commercial.yes") : t("commercial.no")}</dd>
      <dt>{t("fields.datasets")}</dt>
      <dd>
        <NameList kind="dataset" codes={entry.datasets} />
      </dd>
      <dt>{t("fields.dataKinds")}</dt>
      <dd>{entry.dataKinds.map((kind) => t(`dataKinds.${kind}`, { defaultValue: kind })).join(t("listSeparator"))}</dd>
      {full ? (
        <>
          <dt>{t("fields.recipient")}</dt>
          <dd>
            {t(`recipientTypes.${entry.recipientType}`, { defaultValue: entry.recipientType })} ({entry.recipientCountry})
          </dd>
        </>
      ) : null}
      <dt>{t("fields.decidedAt")}</dt>
      <dd>
        <JapanDate value={entry.decidedAt} language={i18n.language} />
      </dd>
      <dt>{t("fields.period")}</dt>
      <dd>
        <JapanDate value={entry.startsAt} language={i18n.language} /> – <JapanDate value={entry.endsAt} language={i18n.language} />
      </dd>
      {full ? (
        <>
          <dt>{t("fields.outputs")}</dt>
          <dd data-testid="register-outputs">{entry.outputs.trim() === "" ? t("noOutputs") : <UserText text={entry.outputs} />}</dd>
        </>
      ) : null}
    </dl>
  );
}
