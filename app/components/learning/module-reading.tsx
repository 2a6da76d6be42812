import { useTranslation } from "react-i18next";
import type { PublicLearningModule } from "../../domain/learning/index";

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\s*\n/).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </>
  );
}

/**
 * A learning module's sections and its self-check (ADR 060), as the panel's path and the public pages (ADR 148) both
 * show it: the self-check is a GET form to `checkPath`, its feedback from the query, nothing stored.
 */
export function ModuleReading({ data, checkPath }: { data: PublicLearningModule; checkPath: string }) {
  const { t } = useTranslation("learning");
  const { module } = data;
  const key = (rest: string) => `modules.${module.id}.${rest}`;
  const feedback = new Map(data.feedback.map((entry) => [entry.questionId, entry]));
  const answered = data.feedback.length;
  return (
    <>
      <p>{t("module.position", { position: data.position, total: data.total })}</p>
      <h1 id="module-title">{t(key("title"))}</h1>
      <p>{t(key("summary"))}</p>
      {module.sections.map((section) => (
        <section key={section} className="stack" aria-labelledby={`section-${section}`}>
          <h2 id={`section-${section}`}>{t(key(`sections.${section}.heading`))}</h2>
          <Paragraphs text={t(key(`sections.${section}.body`))} />
        </section>
      ))}

      <section className="stack panel" id="self-check" aria-labelledby="self-check-heading">
        <h2 id="self-check-heading">{t("check.heading")}</h2>
        <p>{t("check.intro")}</p>
        {answered > 0 ? (
          <p role="status" data-testid="self-check-summary">
            {t("check.summary", { correct: data.feedback.filter((entry) => entry.correct).length, answered })}
          </p>
        ) : null}
        <form noValidate method="get" action={`${checkPath}#self-check`} className="stack">
          {module.questions.map((question, index) => {
            const result = feedback.get(question.id);
            return (
              <fieldset key={question.id} className="stack" aria-describedby={result ? `${question.id}-feedback` : undefined}>
                <legend>
                  {t("check.questionNumber", { number: index + 1 })} {t(key(`questions.${question.id}.prompt`))}
                </legend>
                {question.options.map((option) => (
                  <div key={option} className="choice-option">
                    <input type="radio" id={`${question.id}-${option}`} name={question.id} value={option} defaultChecked={result?.chosen === option} />
                    <label htmlFor={`${question.id}-${option}`}>{t(key(`questions.${question.id}.options.${option}`))}</label>
                  </div>
                ))}
                {result ? (
                  <div id={`${question.id}-feedback`} className="alert" data-testid={`feedback-${question.id}`}>
                    <p>
                      <strong>{result.correct ? t("check.correct") : t("check.notQuite")}</strong>{" "}
                      {result.correct ? null : t("check.theAnswer", { answer: t(key(`questions.${question.id}.options.${result.answer}`)) })}
                    </p>
                    <p>{t(key(`questions.${question.id}.explanation`))}</p>
                  </div>
                ) : null}
              </fieldset>
            );
          })}
          <div>
            <button type="submit" className="button button--secondary">
              {t("check.submit")}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}
