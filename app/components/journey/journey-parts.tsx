import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { StageSpan } from "../../domain/consent/index";

/**
 * "Step n of N" in words and as a bar, and the journey's parts by name — done, now, or still to come with how many
 * steps each has left — so everyone can see how far they are and what is left before the signature.
 */
export function StepHeader({ n, total, stages }: { n: number; total: number; stages: StageSpan[] }) {
  const { t } = useTranslation("journey");
  if (n === 0) return null;
  return (
    <div className="journey-step">
      <p className="journey-step__count" data-testid="journey-step">
        {t("step", { n, total })}
      </p>
      <progress value={n} max={total} aria-label={t("progressLabel")} />
      <ol className="journey-stages" aria-label={t("stages.label")} data-testid="journey-stages">
        {stages.map((span) => {
          const state = n > span.last ? "done" : n >= span.first ? "now" : "next";
          const steps = span.last - span.first + 1;
          return (
            <li key={span.stage} className={`journey-stages__item journey-stages__item--${state}`} aria-current={state === "now" ? "step" : undefined}>
              {t(`stages.${span.stage}`)}
              <span className="journey-stages__state">
                {state === "done"
                  ? t("stages.done")
                  : state === "now"
                    ? steps > 1
                      ? t("stages.nowOf", { n: n - span.first + 1, of: steps })
                      : t("stages.now")
                    : steps > 1
                      ? t("stages.steps", { steps })
                      : null}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function useRelationship() {
  const { t } = useTranslation("journey");
  return (relationship: string | null) => t(`relationships.${relationship ?? "other"}`);
}

/** A proxy must never be unsure whose consent this is; on the clinic tablet, staff see the participant's ID. */
export function SubjectLine({ subject, method }: { subject: { as: "self" | "proxy"; displayName: string; relationship: string | null }; method: "online" | "assisted" }) {
  const { t } = useTranslation("journey");
  const relationship = useRelationship();
  if (method === "assisted") return <p className="journey-subject">{t("assisted.for", { pseudonym: subject.displayName })}</p>;
  if (subject.as === "self") return null;
  return (
    <p className="journey-subject" data-testid="journey-subject">
      {t("forSubject", { name: subject.displayName, relationship: relationship(subject.relationship) })}
    </p>
  );
}

/** One answer as a large radio button; the whole box is the label, so it is easy to hit on a phone. */
export function RadioOption({ name, value, label, defaultChecked, describedBy }: { name: string; value: string; label: string; defaultChecked?: boolean; describedBy?: string }) {
  return (
    <label className="journey-option">
      <input type="radio" name={name} value={value} defaultChecked={defaultChecked} aria-describedby={describedBy} />
      <span className="journey-option__label">{label}</span>
    </label>
  );
}

/** Back is a plain link; forward is the form's own button, given as children. */
export function JourneyNav({ backHref, children }: { backHref: string | null; children?: ReactNode }) {
  const { t } = useTranslation("journey");
  return (
    <div className="journey-nav">
      {backHref ? <a href={backHref}>{t("back")}</a> : <span />}
      {children}
    </div>
  );
}

/** Progress is saved after every step; saying so plainly lets people stop without worry. */
export function SavedNote({ stopHref }: { stopHref: string }) {
  const { t } = useTranslation("journey");
  return (
    <p className="hint">
      {t("saved")} <a href={stopHref}>{t("stopForNow")}</a>
    </p>
  );
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {errors.join(" ")}
    </p>
  );
}
