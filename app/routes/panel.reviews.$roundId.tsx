import type { SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../auth/guards.server";
import { requestContextOf } from "../auth/request-context.server";
import { DateTime } from "../components/date-time";
import { FormErrors } from "../components/form-field";
import { UserText } from "../components/user-text";
import { isAppError } from "../domain/app-error";
import { addReviewComment } from "../domain/consent/forms/review/add-review-comment.server";
import { loadRoundForReviewer } from "../domain/consent/forms/review/load-round-for-reviewer.server";
import { ReviewerCommentFormSchema, reviewTextMax } from "../domain/consent/forms/review/review-forms";
import { parseForm } from "../forms/parse-form.server";
import { getLanguage } from "../i18n/language.server";
import { pageTitle } from "../i18n/page-title";
import formStyles from "../styles/consent-forms.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forms:reviewer.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

function notFound(error: unknown): never {
  if (isAppError(error) && error.code === "not_found") throw new Response("Not found", { status: 404 });
  throw error;
}

/** A panel member reads a draft form version section by section and comments (issue 28 item 6; ADR 061). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "documents:review");
  return json({ round: await loadRoundForReviewer({ roundId: params.roundId ?? "", reviewerUserId: session.userId, language: await getLanguage(request) }).catch(notFound) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "documents:review");
  const { submission, t } = await parseForm(request, ReviewerCommentFormSchema);
  if (submission.status !== "success") return json({ result: submission.reply() as SubmissionResult<string[]> }, { status: 400 });
  const roundId = params.roundId ?? "";
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  try {
    const { commentId } = await addReviewComment({
      roundId,
      comment: { text: submission.value.text, sectionId: submission.value.sectionId, showName: submission.value.showName },
      authorUserId: session.userId,
      request: { ipAddress, userAgent },
    });
    return redirect(`/panel/reviews/${roundId}?commented=1#mine-${commentId}`);
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "not_found") notFound(error);
    return json({ result: submission.reply({ formErrors: [t(error.code)] }) as SubmissionResult<string[]> }, { status: error.code === "invalid_input" ? 400 : 409 });
  }
}

export default function PanelReviewRound() {
  const { t } = useTranslation("forms");
  const { round } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = (actionData?.result.error ?? {}) as Record<string, string[] | null | undefined>;
  const sectionName = (id: string | null) => (id === null ? t("review.wholeDocument") : (round.sections.find((section) => section.id === id)?.heading ?? id));
  return (
    <div className="stack forms-page">
      <p>
        <a href="/panel/reviews">{t("reviewer.back")}</a>
      </p>
      <h1>{t("reviewer.title")}</h1>
      <p>
        <UserText text={round.title} /> — {t("review.versionLabel", { version: round.version })}
      </p>
      <p>{t("reviewer.intro")}</p>
      {params.get("commented") === "1" ? (
        <div className="alert alert--success" role="status">
          <p>{t("reviewer.commented")}</p>
        </div>
      ) : null}

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
        <Form method="post" className="panel stack" aria-labelledby="comment-heading">
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
    </div>
  );
}
