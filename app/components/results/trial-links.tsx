import { useTranslation } from "react-i18next";
import type { TrialLink } from "../../domain/results/index";

/** The studies a report names, each linked to its registry's page (ADR 137): the participant's page and the counsellor's. */
export function TrialLinks({ trials }: { trials: readonly TrialLink[] }) {
  const { t } = useTranslation("results");
  return (
    <ul>
      {trials.map((trial) => (
        <li key={trial.trialId}>
          <a href={trial.url} rel="noopener noreferrer">
            {t("trials.link", { id: trial.trialId, registry: trial.registry })}
          </a>
        </li>
      ))}
    </ul>
  );
}
