import { useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAnyPermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { ApplicationView } from "../../components/access/application-view";
import { MatchingSummary } from "../../components/access/matching-summary";
import { DatasetName, InLanguage } from "../../components/access/names";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { PersonName } from "../../components/person-name";
import { UserText } from "../../components/user-text";
import { AppError } from "../../domain/kernel/index";
import { openReview } from "../../domain/access/index.server";
import { returnApplication } from "../../domain/access/index.server";
import { addReviewComment, flagPurpose } from "../../domain/access/index.server";
import { castVote } from "../../domain/access/index.server";
import { closeVote } from "../../domain/access/index.server";
import { declareConflict } from "../../domain/access/index.server";
import { loadReview } from "../../domain/access/index.server";
import { recordDecision } from "../../domain/access/index.server";
import { ReviewActionSchema } from "../../domain/access/index";
import { hasPermission } from "../../domain/authz/index";
import { uuidPattern } from "../../domain/kernel/index";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import { invalidForm, notFound } from "../../forms/refusals.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { messagesOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "access:review.title");

const committeeSession = (request: Request, context: Parameters<typeof requireAnyPermission>[1]) =>
  requireAnyPermission(request, context, ["applications:manage", "committee:review"]);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await committeeSession(request, context);
  if (!params.id || !uuidPattern.test(params.id)) throw notFound();
  const page = await loadReview({ userId: session.userId, roles: session.user.roles, applicationId: params.id, request: await requestContextOf(request, context) });
  return json({ page, secretariat: hasPermission(session.user.roles, "applications:manage") });
}

/**
 * One intent per form: declare, comment, vote, close, decide (the chair, or the vice-chair while the chair is
 * recused: the domain asks the seats and declarations, ADR 040 amended 2026-12-02); return or open the review
 * (secretariat).
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await committeeSession(request, context);
  if (!params.id || !uuidPattern.test(params.id)) throw notFound();
  const { submission } = await parseForm(request, ReviewActionSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const value = submission.value;
  const requestContext = await requestContextOf(request, context);
  const base = { userId: session.userId, applicationId: params.id, request: requestContext };
  const secretariat = hasPermission(session.user.roles, "applications:manage");
  // A refusal is said above the form of the intent it answers.
  answerRefusals({ extra: { intent: value.intent } });
  switch (value.intent) {
    case "declare":
      await declareConflict({ ...base, conflicted: value.conflicted === "yes", note: value.note });
      break;
    case "comment":
      await addReviewComment({ ...base, body: value.body });
      break;
    case "flag":
      await flagPurpose({ ...base, reason: value.reason });
      break;
    case "vote":
      await castVote({ ...base, choice: value.choice, rationale: value.rationale, conditions: value.conditions });
      break;
    case "close":
      await closeVote({ ...base, expectedCast: value.expectedCast });
      break;
    case "decide":
      await recordDecision({ ...base, outcome: value.outcome, rationale: value.rationale, conditions: value.conditions, datasets: value.datasets, endsOn: value.endsOn ?? null });
      break;
    case "return":
      if (!secretariat) throw new AppError("forbidden");
      await returnApplication({ applicationId: params.id, note: value.note, actorUserId: session.userId, request: requestContext });
      break;
    case "open":
      if (!secretariat) throw new AppError("forbidden");
      await openReview({ applicationId: params.id, actorUserId: session.userId, request: requestContext });
      break;
  }
  return redirect(`/committee/applications/${params.id}?notice=${value.intent}`);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Review = Extract<LoaderData["page"], { view: "review" }>;

function TallyPanel({ review }: { review: Review }) {
  const { t } = useTranslation("access");
  const { tally } = review;
  return (
    <section className="panel stack" aria-labelledby="tally">
      <h2 id="tally">{t("tally.heading")}</h2>
      <p data-testid="tally-rule">
        {t("tally.rule", { quorum: tally.rule.quorumPercent, majority: tally.rule.majorityPercent })}{" "}
        {tally.rule.majorityInclusive ? t("tally.inclusive") : null} {tally.rule.requirePanelVote ? t("tally.panelNeeded") : null}
      </p>
      <p data-testid="tally-state">
        {t("tally.state", { cast: tally.cast, eligible: tally.eligible, needs: tally.quorumNeeds })}{" "}
        {tally.quorate ? t("tally.quorate") : t("tally.notQuorate")} {tally.panelVoteMet ? null : t("tally.noPanelVote")}
      </p>
      {review.header.voteClosed || review.votes ? (
        <p>
          {t("tally.counts", {
            approve: tally.counts.approve,
            conditions: tally.counts.approve_with_conditions,
            reject: tally.counts.reject,
            abstain: tally.counts.abstain,
          })}{" "}
          {tally.majorityReached ? t("tally.majority") : t("tally.noMajority")}
        </p>
      ) : null}
    </section>
  );
}

function IntentForm({ intent, children, label, secondary }: { intent: string; children?: React.ReactNode; label: string; secondary?: boolean }) {
  return (
    <Form noValidate method="post" className="stack">
      <input type="hidden" name="intent" value={intent} />
      {children}
      <button type="submit" className={secondary ? "button button--secondary" : "button"}>
        {label}
      </button>
    </Form>
  );
}

export default function ReviewPage() {
  const { t } = useTranslation("access");
  const { page, secretariat } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const notice = searchParams.get("notice");
  const [form] = useForm({ id: `review-${actionData && "intent" in actionData ? actionData.intent : "form"}`, lastResult: actionData?.result });
  const { header } = page;
  return (
    <div className="stack forms-page">
      <p>
        <a href="/committee">{t("review.back")}</a>
      </p>
      <h1>
        {header.reference} <InLanguage text={header.title} />
      </h1>
      <p>
        {t("review.applicant")} <PersonName name={header.applicantName} /> · <PersonName name={header.institution} /> · <span className="tag">{t(`states.${header.state}`)}</span>
      </p>
      {notice ? (
        <p className="alert alert--success" role="status">
          {t(`review.notices.${notice}`, { defaultValue: t("review.notices.done") })}
        </p>
      ) : null}
      <FormErrors id={form.errorId} errors={form.errors ?? messagesOf(actionData?.result)} />
      {page.view === "declare" ? (
        <section className="panel stack" aria-labelledby="declare">
          <h2 id="declare">{t("declare.heading")}</h2>
          <p>{t("declare.intro")}</p>
          <IntentForm intent="declare" label={t("declare.submit")}>
            <fieldset className="field">
              <legend>{t("declare.question")}</legend>
              <label className="choice">
                <input type="radio" name="conflicted" value="no" required /> {t("declare.no")}
              </label>
              <label className="choice">
                <input type="radio" name="conflicted" value="yes" /> {t("declare.yes")}
              </label>
            </fieldset>
            <div className="field">
              <label htmlFor="declare-note">{t("declare.note")}</label>
              <textarea id="declare-note" name="note" rows={2} maxLength={1000} />
            </div>
          </IntentForm>
        </section>
      ) : page.view === "recused" ? (
        <p className="alert" role="status" data-testid="recused">
          {t("review.recused")}
        </p>
      ) : (
        <ReviewBody review={page} secretariat={secretariat} />
      )}
    </div>
  );
}

function ReviewBody({ review, secretariat }: { review: Review; secretariat: boolean }) {
  const { t } = useTranslation("access");
  const open = review.header.state === "in_review" && !review.header.voteClosed;
  const reviewing = review.role === "member" || review.role === "chair" || review.role === "vice_chair";
  const deciding = review.role === "chair" || review.role === "vice_chair";
  return (
    <>
      <ApplicationView content={review.content} layFirst ethicsDocument={{ applicationId: review.header.id, document: review.ethicsDocument }} />
      <details className="panel">
        <summary>{t("glossary.heading")}</summary>
        <dl className="facts">
          {(["GRU", "HMB", "DS", "POA", "MDS", "IRB", "abstain", "quorum", "recusal", "conditions"] as const).map((term) => (
            <div key={term}>
              <dt>{t(`glossary.terms.${term}.term`)}</dt>
              <dd>{t(`glossary.terms.${term}.meaning`)}</dd>
            </div>
          ))}
        </dl>
      </details>
      <MatchingSummary counts={review.counts} />
      {secretariat && review.header.state === "submitted" ? (
        <section className="panel stack" aria-labelledby="secretariat">
          <h2 id="secretariat">{t("secretariat.heading")}</h2>
          <IntentForm intent="open" label={t("secretariat.open")} />
          <IntentForm intent="return" label={t("secretariat.return")} secondary>
            <div className="field">
              <label htmlFor="return-note">{t("secretariat.note")}</label>
              <textarea id="return-note" name="note" rows={3} maxLength={2000} required />
            </div>
          </IntentForm>
        </section>
      ) : null}
      {review.header.round > 0 ? (
        <section className="panel stack" aria-labelledby="comments">
          <h2 id="comments">{t("comments.heading")}</h2>
          {review.comments.length === 0 ? <p>{t("comments.none")}</p> : null}
          <ul className="list-plain stack">
            {review.comments.map((comment) => (
              <li key={comment.id} className="panel">
                <p className="hint">
                  <PersonName name={comment.authorName} /> · <DateTime value={comment.createdAt} />
                </p>
                <UserText text={comment.body} className="pre-wrap" />
              </li>
            ))}
          </ul>
          {reviewing && open ? (
            <IntentForm intent="comment" label={t("comments.submit")} secondary>
              <div className="field">
                <label htmlFor="comment-body">{t("comments.body")}</label>
                <textarea id="comment-body" name="body" rows={3} maxLength={4000} required />
              </div>
            </IntentForm>
          ) : null}
        </section>
      ) : null}
      <section className="panel stack" aria-labelledby="purpose-flags" data-testid="purpose-flags">
        <h2 id="purpose-flags">{t("flags.heading")}</h2>
        <p className="hint">{t("flags.intro")}</p>
        {review.flags.length === 0 ? (
          <p>{t("flags.none")}</p>
        ) : (
          <ul className="stack">
            {review.flags.map((flag) => (
              <li key={flag.id} className="panel" data-testid="purpose-flag">
                <p className="hint">
                  <PersonName name={flag.authorName} /> · <DateTime value={flag.flaggedAt} />
                </p>
                <UserText text={flag.reason} className="pre-wrap" />
              </li>
            ))}
          </ul>
        )}
        {review.canFlag && review.header.state === "in_review" ? (
          <IntentForm intent="flag" label={t("flags.submit")} secondary>
            <div className="field">
              <label htmlFor="flag-reason">{t("flags.reason")}</label>
              <textarea id="flag-reason" name="reason" rows={3} maxLength={1000} required />
            </div>
          </IntentForm>
        ) : null}
      </section>
      {review.header.round > 0 ? (
        <section className="panel stack" aria-labelledby="votes">
          <h2 id="votes">{t("votes.heading", { round: review.header.round })}</h2>
          {review.ownVote ? (
            <p data-testid="own-vote">{t("votes.yours", { choice: t(`choices.${review.ownVote.choice}`) })}</p>
          ) : reviewing && open ? (
            <IntentForm intent="vote" label={t("votes.submit")}>
              <fieldset className="field">
                <legend>{t("votes.choice")}</legend>
                {(["approve", "approve_with_conditions", "reject", "abstain"] as const).map((choice) => (
                  <label key={choice} className="choice">
                    <input type="radio" name="choice" value={choice} required /> {t(`choices.${choice}`)}
                  </label>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor="vote-rationale">{t("votes.rationale")}</label>
                <textarea id="vote-rationale" name="rationale" rows={3} maxLength={4000} required />
              </div>
              <div className="field">
                <label htmlFor="vote-conditions">{t("votes.conditions")}</label>
                <span className="hint" id="vote-conditions-hint">
                  {t("votes.conditionsHint")}
                </span>
                <textarea id="vote-conditions" name="conditions" rows={2} maxLength={2000} aria-describedby="vote-conditions-hint" />
              </div>
            </IntentForm>
          ) : null}
          {review.votes ? (
            <ul data-testid="votes">
              {review.votes.map((vote, index) => (
                <li key={index}>
                  <PersonName name={vote.name} /> ({t(`seats.${vote.seat}`)}): {t(`choices.${vote.choice}`)} — <UserText text={vote.rationale} />
                  {vote.conditions ? (
                    <>
                      {" "}
                      · {t("votes.conditionsShort")} <UserText text={vote.conditions} />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p data-testid="votes-hidden">{t("votes.hidden", { count: review.votesCast })}</p>
          )}
        </section>
      ) : null}
      {review.header.round > 0 ? <TallyPanel review={review} /> : null}
      {review.viceChairStandingBy && review.header.state === "in_review" ? (
        <p className="alert" role="note" data-testid="vice-chair-standing-by">
          {t("chair.viceStandingBy")}
        </p>
      ) : null}
      {deciding && review.header.state === "in_review" ? (
        <section className="panel stack" aria-labelledby="chair">
          <h2 id="chair">{review.role === "vice_chair" ? t("chair.viceHeading") : t("chair.heading")}</h2>
          {review.role === "vice_chair" ? <p>{t("chair.viceIntro")}</p> : null}
          {!review.header.voteClosed ? (
            <IntentForm intent="close" label={t("chair.close")} secondary>
              <input type="hidden" name="expectedCast" value={review.votesCast} />
              <div className="choice-option">
                <input type="checkbox" id="confirm-close" name="confirm" value="yes" required />
                <label htmlFor="confirm-close">{t("chair.closeConfirm", { count: review.votesCast, eligible: review.tally.eligible })}</label>
              </div>
            </IntentForm>
          ) : (
            <IntentForm intent="decide" label={t("chair.submit")}>
              <fieldset className="field">
                <legend>{t("chair.outcome")}</legend>
                {review.tally.allowed.map((outcome) => (
                  <label key={outcome} className="choice">
                    <input type="radio" name="outcome" value={outcome} required /> {t(`outcomes.${outcome}`)}
                  </label>
                ))}
              </fieldset>
              {review.tally.allowed.includes("approved") ? null : <p className="hint">{t("chair.onlyDefer")}</p>}
              <fieldset className="field">
                <legend>{t("chair.datasets")}</legend>
                {review.content.datasets.map((dataset) => (
                  <label key={dataset} className="choice">
                    <input type="checkbox" name="datasets" value={dataset} defaultChecked /> <DatasetName id={dataset} />
                  </label>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor="decide-ends">{t("chair.endsOn")}</label>
                <input id="decide-ends" type="date" name="endsOn" />
              </div>
              <div className="field">
                <label htmlFor="decide-conditions">{t("chair.conditions")}</label>
                <textarea id="decide-conditions" name="conditions" rows={3} maxLength={2000} />
              </div>
              <div className="field">
                <label htmlFor="decide-rationale">{t("chair.rationale")}</label>
                <textarea id="decide-rationale" name="rationale" rows={3} maxLength={4000} />
              </div>
              <div className="choice-option">
                <input type="checkbox" id="confirm-decide" name="confirm" value="yes" required />
                <label htmlFor="confirm-decide">
                  {t("chair.decideConfirm", { count: review.counts.totals.approve.participants, samples: review.counts.totals.approve.samples })}
                </label>
              </div>
            </IntentForm>
          )}
        </section>
      ) : null}
      {review.decisions.length ? (
        <section className="panel stack" aria-labelledby="decisions">
          <h2 id="decisions">{t("review.decisions")}</h2>
          <ul>
            {review.decisions.map((decision) => (
              <li key={decision.round}>
                {t("review.decisionLine", { round: decision.round, outcome: t(`outcomes.${decision.outcome}`) })} · <DateTime value={decision.decidedAt} /> ·{" "}
                <span data-testid="decided-by">
                  {t("review.decidedBy", { capacity: t(`capacities.${decision.decidedAs}`) })} <PersonName name={decision.decidedBy} />
                </span>
                {decision.conditions ? (
                  <>
                    {" "}
                    · <UserText text={decision.conditions} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
