import { useTranslation } from "react-i18next";
import type { DecisionState } from "../../domain/consultations/index";
import type { LocalizedText } from "../../domain/consultations/index";
import type { SupportedLanguage } from "../../i18n/languages";
import { DateTime } from "../date-time";
import { UserText } from "../user-text";

/**
 * A decision's states as it moved (ADR 063), oldest first, each with its date and note in the reader's language: the
 * staff report page shows the whole history, the public report what happened since its version.
 */
export function DecisionHistory({ steps, className }: { steps: { state: DecisionState; note: LocalizedText; changedAt: string }[]; className?: string }) {
  const { t, i18n } = useTranslation("consultation-admin");
  const language = i18n.language as SupportedLanguage;
  return (
    <ol className={className}>
      {steps.map((step, index) => (
        <li key={index}>
          <DateTime value={step.changedAt} /> {t(`report.states.${step.state}`)}
          {step.note[language] ? (
            <>
              {" — "}
              <UserText text={step.note[language]} />
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
