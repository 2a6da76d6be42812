import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { listModerationQueue } from "../../domain/consultations/index.server";
import { moderateAnswerText } from "../../domain/consultations/index.server";
import { hiddenReasonLimit, ModerationActionSchema, moderationStates, type ModerationState } from "../../domain/consultations/index";
import { redactedTextParts } from "../../domain/consultations/index";
import { setAnswerThemes } from "../../domain/consultations/index.server";
import { showOriginalAnswerText } from "../../domain/consultations/index.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import updateStyles from "../../styles/updates.css?url";
import { invalidForm } from "../../forms/refusals.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { fieldErrorsOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consultation-admin:moderation.title");
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: formStyles },
  { rel: "stylesheet", href: updateStyles },
];

function stateOf(request: Request): ModerationState {
  const state = new URL(request.url).searchParams.get("state");
  return moderationStates.find((name) => name === state) ?? "pending";
}

/** The page of the queue asked for: a whole number from 1; anything else is the first page. */
function pageOf(request: Request): number {
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "consultations:manage");
  return json({ queue: await listModerationQueue({ consultationId: params.id ?? "", state: stateOf(request), page: pageOf(request) }) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consultations:manage");
  const { submission } = await parseForm(request, ModerationActionSchema);
  const answerKey = `${String(submission.payload.responseId)}:${String(submission.payload.questionId)}`;
  // A theme that is not this consultation's is bad input (400); anything else a decision made meanwhile (409).
  answerRefusals({ extra: { answerKey, original: null } });
  if (submission.status !== "success") return invalidForm(submission, { answerKey, original: null });
  const consultationId = params.id ?? "";
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const value = submission.value;
  if (value.intent === "themes") {
    await setAnswerThemes({ consultationId, responseId: value.responseId, questionId: value.questionId, themeIds: value.themeIds, actorUserId: session.userId, request: { ipAddress, userAgent } });
    throw redirect(`/staff/consultations/${consultationId}/moderation?state=${stateOf(request)}&page=${pageOf(request)}&notice=themes#answer-${value.responseId}-${value.questionId}`);
  }
  if (value.intent === "original") {
    const original = await showOriginalAnswerText({ consultationId, responseId: value.responseId, questionId: value.questionId, actorUserId: session.userId, request: { ipAddress, userAgent } });
    return json({ answerKey, original: original.text, result: null });
  }
  await moderateAnswerText({
    consultationId,
    responseId: value.responseId,
    questionId: value.questionId,
    from: value.from,
    fingerprint: value.fingerprint,
    decision: value.intent === "approve" ? { decision: "approved" } : { decision: "hidden", reason: value.reason },
    actorUserId: session.userId,
    request: { ipAddress, userAgent },
  });
  throw redirect(`/staff/consultations/${consultationId}/moderation?state=${value.from}&notice=${value.intent === "approve" ? "approved" : "hidden"}`);
}

export default function ModerationQueue() {
  const { t, i18n } = useTranslation("consultation-admin");
  const language = i18n.language as SupportedLanguage;
  const { queue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = ["approved", "hidden", "themes"].find((name) => name === params.get("notice"));
  const questions = new Map(queue.consultation.questions.map((question) => [question.id, question]));
  return (
    <div className="stack forms-page">
      <p>
        <a href={`/staff/consultations/${queue.consultation.id}`}>{t("moderation.back")}</a>
      </p>
      <h1>{t("moderation.title")}</h1>
      <p>
        <UserText text={queue.consultation.title.ja} />
      </p>
      <p>{t("moderation.intro")}</p>
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`moderation.notices.${notice}`)}</p>
        </div>
      ) : null}
      <nav aria-label={t("moderation.filter")}>
        <ul className="button-row">
          {moderationStates.map((state) => (
            <li key={state}>
              <a href={`?state=${state}`} aria-current={state === queue.state ? "page" : undefined}>
                {t(`moderation.states.${state}`)} ({queue.counts[state]})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {queue.items.length === 0 ? <p>{t("moderation.empty")}</p> : null}
      {queue.items.map((item) => {
        const key = `${item.responseId}:${item.questionId}`;
        const mine = actionData?.answerKey === key ? actionData : undefined;
        const errors = fieldErrorsOf(mine?.result);
        const question = questions.get(item.questionId);
        const reasonId = `reason-${key.replace(/:/g, "-")}`;
        return (
          <article
            className="panel stack"
            key={key}
            id={`answer-${item.responseId}-${item.questionId}`}
            data-testid="moderation-item"
            aria-label={t("moderation.itemLabel", { number: item.questionPosition })}
          >
            <p className="hint">
              {t("moderation.question", { number: item.questionPosition })}
              {question ? (
                <>
                  {" "}
                  <UserText text={question.prompt.ja} />
                </>
              ) : null}{" "}
              · {t("moderation.capacity", { capacity: t(`audiences.${item.capacity}`) })}
            </p>
            {item.flags.length > 0 ? (
              <p>
                <strong>{t("moderation.flags")}</strong>{" "}
                <span data-testid="flags">{item.flags.map((flag) => t(`personalData.${flag}`)).join("、")}</span>
              </p>
            ) : null}
            <blockquote data-testid="redacted-text">
              {redactedTextParts(item.redactedText).map((part, index) =>
                "kind" in part ? (
                  <mark key={index}>[{t("moderation.redacted", { kind: t(`personalData.${part.kind}`) })}]</mark>
                ) : (
                  <UserText key={index} text={part.text} />
                ),
              )}
            </blockquote>
            {mine?.original !== undefined && mine.original !== null ? (
              <div className="alert" data-testid="original-text">
                <p>
                  <strong>{t("moderation.originalHeading")}</strong>
                </p>
                <p>
                  <UserText text={mine.original} />
                </p>
              </div>
            ) : (
              <Form noValidate method="post">
                <input type="hidden" name="intent" value="original" />
                <input type="hidden" name="responseId" value={item.responseId} />
                <input type="hidden" name="questionId" value={item.questionId} />
                <button type="submit" className="button button--secondary">
                  {t("moderation.showOriginal")}
                </button>
              </Form>
            )}
            {item.state === "hidden" && item.hiddenReason ? (
              <p>
                {t("moderation.hiddenBecause")} <UserText text={item.hiddenReason} />
              </p>
            ) : null}
            {item.moderatedAt ? (
              <p className="hint">
                {t("moderation.decidedAt")} <DateTime value={item.moderatedAt} />
              </p>
            ) : null}
            <FormErrors id={`errors-${reasonId}`} errors={errors[""] ?? undefined} />
            <div className="button-row">
              {item.state !== "approved" ? (
                <Form noValidate method="post">
                  <input type="hidden" name="intent" value="approve" />
                  <input type="hidden" name="responseId" value={item.responseId} />
                  <input type="hidden" name="questionId" value={item.questionId} />
                  <input type="hidden" name="from" value={item.state} />
                  <input type="hidden" name="fingerprint" value={item.fingerprint} />
                  <button type="submit" className="button">
                    {t("moderation.approve")}
                  </button>
                </Form>
              ) : null}
              {item.state !== "hidden" ? (
                <Form noValidate method="post" className="stack">
                  <input type="hidden" name="intent" value="hide" />
                  <input type="hidden" name="responseId" value={item.responseId} />
                  <input type="hidden" name="questionId" value={item.questionId} />
                  <input type="hidden" name="from" value={item.state} />
                  <input type="hidden" name="fingerprint" value={item.fingerprint} />
                  <div className="field">
                    <label htmlFor={reasonId}>{t("moderation.reason")}</label>
                    <span className="hint" id={`${reasonId}-hint`}>
                      {t("moderation.reasonHint", { max: hiddenReasonLimit })}
                    </span>
                    <textarea
                      id={reasonId}
                      name="reason"
                      rows={2}
                      aria-invalid={errors.reason?.length ? true : undefined}
                      aria-describedby={[`${reasonId}-hint`, errors.reason?.length ? `${reasonId}-error` : ""].filter(Boolean).join(" ")}
                    />
                    {errors.reason?.length ? (
                      <p className="field-error" id={`${reasonId}-error`} role="alert">
                        {errors.reason.join(" ")}
                      </p>
                    ) : null}
                  </div>
                  <button type="submit" className="button button--secondary">
                    {t("moderation.hide")}
                  </button>
                </Form>
              ) : null}
            </div>
            {queue.themes.length > 0 ? (
              <Form noValidate method="post" className="stack" action={`?state=${queue.state}&page=${queue.page}`}>
                <input type="hidden" name="intent" value="themes" />
                <input type="hidden" name="responseId" value={item.responseId} />
                <input type="hidden" name="questionId" value={item.questionId} />
                <fieldset className="field">
                  <legend>{t("moderation.themes")}</legend>
                  <ul className="list-plain">
                    {queue.themes.map((theme) => (
                      <li key={theme.id}>
                        <label>
                          <input type="checkbox" name="themeIds" value={theme.id} defaultChecked={item.themeIds.includes(theme.id)} /> <UserText text={theme.label[language]} />
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
                <button type="submit" className="button button--secondary">
                  {t("moderation.saveThemes")}
                </button>
              </Form>
            ) : null}
          </article>
        );
      })}
      {queue.page > 1 || queue.hasNext ? (
        <nav aria-label={t("moderation.pagesLabel")} className="update-pages">
          {queue.page > 1 ? <a href={`?state=${queue.state}&page=${queue.page - 1}`}>{t("moderation.previousPage")}</a> : null}
          <span>{t("moderation.pageNumber", { page: queue.page })}</span>
          {queue.hasNext ? <a href={`?state=${queue.state}&page=${queue.page + 1}`}>{t("moderation.nextPage")}</a> : null}
        </nav>
      ) : null}
    </div>
  );
}
