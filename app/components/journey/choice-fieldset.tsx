import { useTranslation } from "react-i18next";
import type { ChoiceItem } from "../../domain/consent/index";
import { RadioOption } from "./journey-parts";

/**
 * One choice as the participant answers it: what it is, what each answer means, and the answers as radio buttons of
 * the same size, none chosen for them (a saved answer of their own is shown checked). A choice with two answers
 * shows them side by side, so saying no is exactly as easy to find and to press as saying yes. The only place a
 * choice is drawn in the journey, alone on its screen or in its group.
 */
export function ChoiceFieldset({
  choice,
  position,
  legend,
  checked,
  describedBy,
  optionalNote = true,
}: {
  choice: ChoiceItem;
  position: number;
  legend: string;
  checked: string | null;
  describedBy?: string;
  /** A group's screen says once, above its rows, that either answer is fine; a choice alone says it here. */
  optionalNote?: boolean;
}) {
  const { t } = useTranslation("journey");
  const explanationId = `choice-${position}-explanation`;
  return (
    <fieldset className="journey-choice" aria-describedby={describedBy}>
      <legend>{legend}</legend>
      <input type="hidden" name={`ids.${position}`} value={choice.id} />
      <div className="journey-text" id={explanationId}>
        <p>{choice.explanation}</p>
        {choice.required ? <p className="hint">{t("choice.required")}</p> : optionalNote ? <p className="hint">{t("choice.optional")}</p> : null}
        {choice.reconsent?.kind === "carried" ? <p className="hint">{t("reconsent.choiceCarried")}</p> : null}
        {choice.reconsent?.kind === "changed" ? (
          <p className="alert">{choice.reconsent.inForceLabel ? t("reconsent.choiceChanged", { answer: choice.reconsent.inForceLabel }) : t("reconsent.choiceNew")}</p>
        ) : null}
      </div>
      <div className={choice.options.length === 2 ? "journey-options journey-options--pair" : "journey-options"}>
        {choice.options.map((option) => (
          <RadioOption key={option.value} name={`answers.${position}`} value={option.value} label={option.label} defaultChecked={checked === option.value} describedBy={explanationId} />
        ))}
      </div>
    </fieldset>
  );
}
