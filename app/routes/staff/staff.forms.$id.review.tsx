import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { RoundInvitations } from "../../components/document-review/round-invitations";
import { ReviewRoundDates } from "../../components/review-round-dates";
import { FormErrors } from "../../components/form-field";
import { PersonName } from "../../components/person-name";
import { UserText } from "../../components/user-text";
import { answerReviewComment } from "../../domain/consent/index.server";
import { closeReviewRound } from "../../domain/consent/index.server";
import { loadReviewWorkspace, type ReviewComment } from "../../domain/consent/index.server";
import { inviteReviewer } from "../../domain/consent/index.server";
import { openReviewRound } from "../../domain/consent/index.server";
import { withdrawReviewInvitation } from "../../domain/consent/index.server";
import { reviewAnswers, reviewTextMax, StaffReviewFormSchema } from "../../domain/consent/index";
import { parseForm } from "../../forms/parse-form.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm } from "../../forms/refusals.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { fieldErrorsOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forms:review.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

const notices = ["opened", "closed", "answered", "invited", "notMailed", "invitationWithdrawn"] as const;

/**
 * A form version's co-review for ELSI staff (issue 28 item 6; ADR 061, ADR 064): open and close rounds, invite patients
 * outside the panel to an open round, answer each comment.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "forms:manage");
  return json({ workspace: await loadReviewWorkspace({ formVersionId: params.id ?? "", language: await getLanguage(request), audience: "staff" }) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "forms:manage");
  const { submission } = await parseForm(request, StaffReviewFormSchema);
  const payload = submission.payload as Record<string, unknown>;
  const form = `${String(payload.intent ?? "")}:${typeof payload.commentId === "string" ? payload.commentId : typeof payload.roundId === "string" ? payload.roundId : ""}`;
  answerRefusals({ extra: { form } });
  if (submission.status !== "success") return invalidForm(submission, { form });
  const formVersionId = params.id ?? "";
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const actor = { actorUserId: session.userId, request: { ipAddress, userAgent } };
  const value = submission.value;
  // `at` makes each redirect a new address, so the page is read again after every change.
  const back = (notice: (typeof notices)[number], anchor = "") => redirect(`/staff/forms/${formVersionId}/review?notice=${notice}&at=${Date.now()}${anchor}`);
  if (value.intent === "open") {
    await openReviewRound({ formVersionId, ...actor });
    return back("opened");
  }
  if (value.intent === "close") {
    await closeReviewRound({ roundId: value.roundId, ...actor });
    return back("closed");
  }
  if (value.intent === "invite") {
    const { mailed } = await inviteReviewer({ roundId: value.roundId, fullName: value.fullName, email: value.email, language: value.language, ...actor });
    return back(mailed ? "invited" : "notMailed", `#invitations-${value.roundId}`);
  }
  if (value.intent === "withdraw_invitation") {
    await withdrawReviewInvitation({ roundId: value.roundId, invitationId: value.invitationId, ...actor });
    return back("invitationWithdrawn", `#invitations-${value.roundId}`);
  }
  await answerReviewComment({ roundId: value.roundId, commentId: value.commentId, answer: { answer: value.answer, text: value.text }, ...actor });
  return back("answered", `#comment-${value.commentId}`);
}

type Errors = Record<string, string[] | null | undefined>;

export default function StaffFormReview() {
  const { t } = useTranslation(["forms", "errors"]);
  const { workspace } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = notices.find((name) => name === params.get("notice"));
  const errorsOf = (form: string): Errors => (actionData?.form === form ? fieldErrorsOf(actionData.result) : {});
  const { version, rounds, sections } = workspace;
  const draft = version.status === "draft";
  const open = rounds.find((round) => round.closedAt === null);
  const sectionName = (id: string | null) => (id === null ? t("review.wholeDocument") : (sections.find((section) => section.id === id)?.heading ?? id));
  return (
    <div className="stack forms-page">
      <p>
        <a href={`/staff/forms/${version.id}`}>{t("review.back")}</a>
      </p>
      <h1>{t("review.title")}</h1>
      <p>
        <UserText text={version.title} /> — {t("review.versionLabel", { version: version.version })}
      </p>
      <p>{t("review.intro")}</p>
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`review.notices.${notice}`)}</p>
        </div>
      ) : null}
      {draft ? (
        <p className={workspace.gate ? "alert" : "alert alert--success"} data-testid="review-gate">
          {workspace.gate ? t(`errors:${workspace.gate}`) : version.kind === "major" ? t("review.gateClear") : t("review.notNeeded")}
        </p>
      ) : (
        <p>
          {t("review.publishedNote")} <a href={`/forms/${version.id}/review`}>{t("review.publicRecord")}</a>
        </p>
      )}

      {draft && !open ? (
        <Form noValidate method="post" className="panel stack" aria-labelledby="open-round">
          <h2 id="open-round">{t("review.openHeading")}</h2>
          <p>{t("review.openHint")}</p>
          <input type="hidden" name="intent" value="open" />
          <FormErrors id="open-errors" errors={errorsOf("open:")[""] ?? undefined} />
          <div className="choice-option">
            <input type="checkbox" id="open-confirm" name="confirm" value="yes" required />
            <label htmlFor="open-confirm">{t("review.openConfirm")}</label>
          </div>
          <button type="submit" className="button">
            {t("review.open")}
          </button>
        </Form>
      ) : null}

      {rounds.length === 0 ? <p>{t("review.noRounds")}</p> : null}
      {rounds.map((round, index) => (
        <section key={round.id} className="stack" aria-labelledby={`round-${round.id}`} data-testid="review-round">
          <h2 id={`round-${round.id}`}>{t("review.roundHeading", { number: index + 1 })}</h2>
          <ReviewRoundDates openedAt={round.openedAt} closedAt={round.closedAt} />
          <RoundInvitations roundId={round.id} invitations={round.invitations} open={draft && round.closedAt === null} errorsOf={errorsOf} />
          {round.comments.length === 0 ? <p>{t("review.noComments")}</p> : null}
          {round.comments.map((comment) => (
            <CommentAnswer key={comment.id} roundId={round.id} comment={comment} draft={draft} section={sectionName(comment.sectionId)} errors={errorsOf(`answer:${comment.id}`)} />
          ))}
          {draft && round.closedAt === null ? (
            <Form noValidate method="post" className="panel stack">
              <input type="hidden" name="intent" value="close" />
              <input type="hidden" name="roundId" value={round.id} />
              <FormErrors id={`close-${round.id}-errors`} errors={errorsOf(`close:${round.id}`)[""] ?? undefined} />
              <div className="choice-option">
                <input type="checkbox" id={`close-${round.id}`} name="confirm" value="yes" required />
                <label htmlFor={`close-${round.id}`}>{t("review.closeConfirm")}</label>
              </div>
              <button type="submit" className="button button--secondary">
                {t("review.close")}
              </button>
            </Form>
          ) : null}
        </section>
      ))}
    </div>
  );
}

function CommentAnswer({ roundId, comment, draft, section, errors }: { roundId: string; comment: Omit<ReviewComment, "createdAt" | "answeredAt"> & { createdAt: string; answeredAt: string | null }; draft: boolean; section: string; errors: Errors }) {
  const { t } = useTranslation("forms");
  const textId = `answer-${comment.id}-text`;
  return (
    <article className="panel stack" id={`comment-${comment.id}`} data-testid="review-comment" aria-labelledby={`comment-${comment.id}-heading`}>
      <h3 id={`comment-${comment.id}-heading`}>
        <UserText text={section} />
      </h3>
      <blockquote>
        <UserText text={comment.text} />
      </blockquote>
      <p className="hint">
        {comment.authorName ? <PersonName name={comment.authorName} /> : null}
        {comment.invited ? ` (${t("review.invitedReviewer")})` : null} · {t(comment.showName ? "review.named" : "review.notNamed")} · <DateTime value={comment.createdAt} />
      </p>
      {comment.answer ? (
        <p data-testid="comment-answer">
          <strong>{t(`review.answers.${comment.answer}`)}</strong> <UserText text={comment.answerText ?? ""} />
        </p>
      ) : (
        <p className="alert" data-testid="comment-unanswered">
          {t("review.unanswered")}
        </p>
      )}
      {draft ? (
        <Form noValidate method="post" className="stack">
          <input type="hidden" name="intent" value="answer" />
          <input type="hidden" name="roundId" value={roundId} />
          <input type="hidden" name="commentId" value={comment.id} />
          <FormErrors id={`answer-${comment.id}-errors`} errors={errors[""] ?? undefined} />
          <fieldset>
            <legend>{t("review.answerLegend")}</legend>
            {reviewAnswers.map((answer) => (
              <div className="choice-option" key={answer}>
                <input type="radio" id={`answer-${comment.id}-${answer}`} name="answer" value={answer} defaultChecked={comment.answer === answer} required />
                <label htmlFor={`answer-${comment.id}-${answer}`}>{t(`review.answers.${answer}`)}</label>
              </div>
            ))}
            {errors.answer?.length ? (
              <p className="field-error" role="alert">
                {errors.answer.join(" ")}
              </p>
            ) : null}
          </fieldset>
          <div className="field">
            <label htmlFor={textId}>{t("review.answerText")}</label>
            <span className="hint" id={`${textId}-hint`}>
              {t("review.answerTextHint", { max: reviewTextMax })}
            </span>
            <textarea
              id={textId}
              name="text"
              rows={3}
              maxLength={reviewTextMax * 2}
              required
              defaultValue={comment.answerText ?? ""}
              aria-invalid={errors.text?.length ? true : undefined}
              aria-describedby={[`${textId}-hint`, errors.text?.length ? `${textId}-error` : ""].filter(Boolean).join(" ")}
            />
            {errors.text?.length ? (
              <p className="field-error" id={`${textId}-error`} role="alert">
                {errors.text.join(" ")}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button">
            {t("review.saveAnswer")}
          </button>
        </Form>
      ) : null}
    </article>
  );
}
