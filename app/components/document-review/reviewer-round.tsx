import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "../date-time";
import { FormErrors } from "../form-field";
import { UserText } from "../user-text";
import type { RoundForReviewer } from "../../domain/consent/index";
import { reviewTextMax } from "../../domain/consent/index";

type SerializedRound = Omit<RoundForReviewer, "mine"> & { mine: (Omit<RoundForReviewer["mine"][number], "createdAt"> & { createdAt: string | Date })[] };

/**
 * A review round as a reviewer reads it (ADR 061, ADR 064): the draft section by section, the comment form while
 * the round is open, and their own comments with the answers given. The same for a panel member at
 * /panel/reviews/<round> and an invited patient at /review-invitation/<secret>: one page, two ways in.
 */
export function ReviewerRound({ round, errors }: { round: SerializedRound; errors: Record<string, string[] | null | undefined> }) {
  const { t } = useTranslation("forms");
  const sectionName = (id: string | null) => (id === null ? t("review.wholeDocument") : (round.sections.find((section) => section.id === id)?.heading ?? id));
  return (
    <>
      <section className="stack" aria-labelledby="draft-text">
        <h2 id="draft-text">{t("reviewer.draftHeading")}</h2>
        {round.sections.map((section) => (
          <section key={section.id} className="panel stack" aria-labelledby={`section-${section.id}`}>
            <h3 id={`section-${section.id}`}>
              <UserText text={section.heading} />
            </h3>
            {section.paragraphs.map((paragraph, index) => (
              <p key={index}>
                <UserText text={paragraph} />
              </p>
            ))}
          </section>
        ))}
      </section>

      {round.open ? (
        <Form noValidate method="post" className="panel stack" aria-labelledby="comment-heading">
          <h2 id="comment-heading">{t("reviewer.commentHeading")}</h2>
          <input type="hidden" name="intent" value="comment" />
          <FormErrors id="comment-errors" errors={errors[""] ?? undefined} />
          <div className="field">
            <label htmlFor="comment-section">{t("reviewer.section")}</label>
            <select id="comment-section" name="sectionId" defaultValue="">
              <option value="">{t("review.wholeDocument")}</option>
              {round.sections.map((section) => (
                <option key={section.id} value={section.id}>
                  {section.heading}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="comment-text">{t("reviewer.text")}</label>
            <span className="hint" id="comment-text-hint">
              {t("reviewer.textHint", { max: reviewTextMax })}
            </span>
            <textarea
              id="comment-text"
              name="text"
              rows={5}
              maxLength={reviewTextMax * 2}
              required
              aria-invalid={errors.text?.length ? true : undefined}
              aria-describedby={["comment-text-hint", errors.text?.length ? "comment-text-error" : ""].filter(Boolean).join(" ")}
            />
            {errors.text?.length ? (
              <p className="field-error" id="comment-text-error" role="alert">
                {errors.text.join(" ")}
              </p>
            ) : null}
          </div>
          <div className="choice-option">
            <input type="checkbox" id="comment-show-name" name="showName" value="yes" />
            <label htmlFor="comment-show-name">{t("reviewer.showName")}</label>
          </div>
          <button type="submit" className="button">
            {t("reviewer.submit")}
          </button>
        </Form>
      ) : (
        <p className="alert">{t("reviewer.closed")}</p>
      )}

      <section className="stack" aria-labelledby="mine-heading">
        <h2 id="mine-heading">{t("reviewer.mineHeading")}</h2>
        {round.mine.length === 0 ? <p>{t("reviewer.noneYet")}</p> : null}
        {round.mine.map((comment) => (
          <article key={comment.id} id={`mine-${comment.id}`} className="panel stack" data-testid="my-comment">
            <p className="hint">
              <UserText text={sectionName(comment.sectionId)} /> · <DateTime value={comment.createdAt} /> · {t(comment.showName ? "review.named" : "review.notNamed")}
            </p>
            <blockquote>
              <UserText text={comment.text} />
            </blockquote>
            {comment.answer ? (
              <p>
                <strong>{t(`review.answers.${comment.answer}`)}</strong> <UserText text={comment.answerText ?? ""} />
              </p>
            ) : (
              <p className="hint">{t("reviewer.awaitingAnswer")}</p>
            )}
          </article>
        ))}
      </section>
    </>
  );
}
