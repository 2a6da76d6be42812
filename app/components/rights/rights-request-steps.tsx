import { useTranslation } from "react-i18next";
import { DateTime } from "../date-time";
import { UserText } from "../user-text";

/**
 * Every step of a request about one's data (ADR 142), as the person and the coordinator both read it: when, where it
 * stood, the outcome with the answer, and the words written to the person.
 */
export function RightsRequestSteps({ steps, withUtc = false }: { steps: readonly { seq: number; state: string; outcome: string | null; note: string | null; at: string | Date }[]; withUtc?: boolean }) {
  const { t } = useTranslation("dashboard");
  return (
    <ol className="stack" data-testid="rights-steps">
      {steps.map((step) => (
        <li key={step.seq} data-state={step.state}>
          <p>
            <DateTime value={step.at} withUtc={withUtc} /> — {t(`rights.states.${step.state}`)}
            {step.outcome ? ` · ${t(`rights.outcomes.${step.outcome}`)}` : null}
          </p>
          {step.note ? (
            <p>
              <UserText text={step.note} />
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
