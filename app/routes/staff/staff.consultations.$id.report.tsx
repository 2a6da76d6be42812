import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DecisionHistory } from "../../components/consultations/decision-history";
import { LocalizedFields } from "../../components/consultations/localized-fields";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import {
  changeNoteMax,
  decisionReasonMax,
  decisionStates,
  decisionTextMax,
  emptyText,
  linkLabelMax,
  linksMax,
  quotationRefOf,
  reportSummaryMax,
  ReportFormSchema,
  themeTextMax,
  type DecisionView,
} from "../../domain/consultations/index";
import { changeDecisionState } from "../../domain/consultations/index.server";
import { loadReportWorkspace } from "../../domain/consultations/index.server";
import { publishConsultationReport } from "../../domain/consultations/index.server";
import { saveConsultationDecision } from "../../domain/consultations/index.server";
import { saveConsultationReportDraft } from "../../domain/consultations/index.server";
import { startConsultationReport } from "../../domain/consultations/index.server";
import { parseForm } from "../../forms/parse-form.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import updateStyles from "../../styles/updates.css?url";
import { invalidForm } from "../../forms/refusals.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { fieldErrorsOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consultation-admin:report.title");
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: formStyles },
  { rel: "stylesheet", href: updateStyles },
];

const notices = ["started", "saved", "quoted", "unquoted", "published", "correction", "decisionSaved", "stateChanged"] as const;

function pageOf(request: Request): number {
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "consultations:manage");
  const filter = new URL(request.url).searchParams.get("answers");
  return json({ workspace: await loadReportWorkspace({ consultationId: params.id ?? "", filter, page: pageOf(request) }) });
}

/** Which form on the page a reply belongs to: its intent, and the theme or decision it is about. */
function formKeyOf(payload: Record<string, unknown>): string {
  const intent = String(payload.intent ?? "");
  const about = typeof payload.decisionId === "string" && payload.decisionId ? payload.decisionId : typeof payload.themeId === "string" && intent === "theme" ? payload.themeId : "";
  return `${intent}:${about}`;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consultations:manage");
  const { submission } = await parseForm(request, ReportFormSchema);
  const form = formKeyOf(submission.payload as Record<string, unknown>);
  answerRefusals({ extra: { form } });
  if (submission.status !== "success") return invalidForm(submission, { form });
  const consultationId = params.id ?? "";
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const actor = { actorUserId: session.userId, request: { ipAddress, userAgent } };
  const value = submission.value;
  // `at` makes every redirect a new address, so the page is always read again after a save (with the token it made),
  // never taken for a jump within the page when the address would otherwise differ from it only by its #anchor.
  const at = `at=${Date.now()}`;
  const back = (notice: (typeof notices)[number], anchor = "") => redirect(`/staff/consultations/${consultationId}/report?notice=${notice}&${at}${anchor}`);
  switch (value.intent) {
    case "start":
    case "correct": {
      const started = await startConsultationReport({ consultationId, ...actor });
      throw back(value.intent === "start" || started.version === 1 ? "started" : "correction");
    }
    case "summary":
      await saveConsultationReportDraft({ consultationId, expectedUpdatedAt: value.updatedAt, change: { kind: "summary", summary: value.summary, changeNote: value.changeNote }, ...actor });
      throw back("saved", "#report-summary");
    case "theme":
      await saveConsultationReportDraft({ consultationId, expectedUpdatedAt: value.updatedAt, change: { kind: "theme", themeId: value.themeId, said: value.said }, ...actor });
      throw back("saved", `#theme-${value.themeId}`);
    case "quote": {
      await saveConsultationReportDraft({ consultationId, expectedUpdatedAt: value.updatedAt, change: { kind: "quotation", answer: quotationRefOf(value.answer), quote: value.quote === "add" }, ...actor });
      const url = new URL(request.url);
      const keep = ["answers", "page"].flatMap((name) => (url.searchParams.get(name) ? [`${name}=${encodeURIComponent(url.searchParams.get(name)!)}`] : []));
      throw redirect(`/staff/consultations/${consultationId}/report?${[...keep, `notice=${value.quote === "add" ? "quoted" : "unquoted"}`, at].join("&")}#quotations`);
    }
    case "publish":
      await publishConsultationReport({ consultationId, expectedUpdatedAt: value.updatedAt, ...actor });
      throw back("published");
    case "decision": {
      const saved = await saveConsultationDecision({
        consultationId,
        decisionId: value.decisionId,
        expectedVersion: value.version,
        decision: { themeId: value.themeId ?? null, text: value.text, reason: value.reason, links: value.links },
        ...actor,
      });
      throw back("decisionSaved", `#decision-${saved.id}`);
    }
    case "decision-state":
      await changeDecisionState({ consultationId, decisionId: value.decisionId, expectedVersion: value.version, state: value.state, note: value.note, ...actor });
      throw back("stateChanged", `#decision-${value.decisionId}`);
  }
}

type Errors = Record<string, string[] | null | undefined>;

/**
 * The fields this page shows a message beside. A message for any other (a hidden field, a tick box, a button's value:
 * what only a tampered or stale form sends) is said above its form instead, so no refusal reaches the page without
 * words (issue 54 item 6; ADR 096).
 */
const shownBesideItsField = /^(?:(?:summary|changeNote|said|text|reason|note)\.(?:ja|ja-easy|en)|links\[\d+\]\.(?:url|label\.(?:ja|ja-easy|en))|state|themeId)$/;

function withOthersAbove(errors: Errors): Errors {
  const others = Object.entries(errors).flatMap(([name, messages]) => (name !== "" && !shownBesideItsField.test(name) ? (messages ?? []) : []));
  return others.length === 0 ? errors : { ...errors, "": [...new Set([...(errors[""] ?? []), ...others])] };
}

/** Every message of a reply, for a form the page does not show (a decision or theme that is not this consultation's). */
function allMessages(errors: Errors | undefined): string[] | undefined {
  const messages = [...new Set(Object.values(errors ?? {}).flatMap((list) => list ?? []))];
  return messages.length > 0 ? messages : undefined;
}

export default function ConsultationReportEditor() {
  const { t, i18n } = useTranslation("consultation-admin");
  const language = i18n.language as SupportedLanguage;
  const { workspace } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = notices.find((name) => name === params.get("notice"));
  const errorsOf = (form: string): Errors => (actionData?.form === form ? withOthersAbove(fieldErrorsOf(actionData.result)) : {});
  const { consultation, newest, themes } = workspace;
  const draft = newest?.status === "draft" ? newest : null;
  const closed = consultation.status === "closed";
  // The forms on the page as it is now (the same conditions as below): a reply to any other is said at the top.
  const formsShown = new Set([
    ...(workspace.published.length > 0 && !draft ? ["correct:"] : []),
    ...(closed && !newest ? ["start:"] : []),
    ...(draft ? ["summary:", "quote:", "publish:", ...themes.map((theme) => `theme:${theme.id}`)] : []),
    ...(closed ? ["decision:", ...workspace.decisions.flatMap((decision) => [`decision:${decision.id}`, `decision-state:${decision.id}`])] : []),
  ]);
  const unplaced = actionData && !formsShown.has(actionData.form) ? allMessages(actionData.result.error as Errors | undefined) : undefined;
  const languageLabel = (prefix: string) => (lang: SupportedLanguage) => t(`report.${prefix}`, { language: t(`report.languages.${lang}`) });
  const themeLabel = (id: string | null) => (id === null ? t("report.general") : (themes.find((theme) => theme.id === id)?.label[language] ?? ""));
  return (
    <div className="stack forms-page">
      <p>
        <a href={`/staff/consultations/${consultation.id}`}>{t("report.back")}</a>
      </p>
      <h1>{t("report.title")}</h1>
      <p>
        <UserText text={consultation.title[language] || consultation.title.ja} />
      </p>
      <p>{t("report.intro")}</p>
      <FormErrors id="report-errors" errors={unplaced} />
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`report.notices.${notice}`)}</p>
        </div>
      ) : null}
      {!closed ? (
        <p className="alert" data-testid="report-not-closed">
          {t("report.notClosed")} <DateTime value={consultation.closesAt} />
        </p>
      ) : null}

      {workspace.published.length > 0 ? (
        <section className="stack" aria-labelledby="report-published">
          <h2 id="report-published">{t("report.publishedHeading")}</h2>
          <ul>
            {workspace.published.map((version) => (
              <li key={version.version} data-testid="published-version">
                <a href={`/consultations/${consultation.id}/report?version=${version.version}`}>{t("report.versionLabel", { version: version.version })}</a> — <DateTime value={version.publishedAt} />
              </li>
            ))}
          </ul>
          {!draft ? (
            <Form noValidate method="post" className="panel stack">
              <input type="hidden" name="intent" value="correct" />
              <FormErrors id="correct-errors" errors={errorsOf("correct:")[""] ?? undefined} />
              <div className="choice-option">
                <input type="checkbox" id="correct-confirm" name="confirm" value="yes" required />
                <label htmlFor="correct-confirm">{t("report.correctConfirm")}</label>
              </div>
              <button type="submit" className="button button--secondary">
                {t("report.correct")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {closed && !newest ? (
        <Form noValidate method="post" className="panel stack" aria-labelledby="report-start">
          <h2 id="report-start">{t("report.startHeading")}</h2>
          <p>{t("report.startHint")}</p>
          <input type="hidden" name="intent" value="start" />
          <FormErrors id="start-errors" errors={errorsOf("start:")[""] ?? undefined} />
          <div className="choice-option">
            <input type="checkbox" id="start-confirm" name="confirm" value="yes" required />
            <label htmlFor="start-confirm">{t("report.startConfirm")}</label>
          </div>
          <button type="submit" className="button">
            {t("report.start")}
          </button>
        </Form>
      ) : null}

      {draft ? (
        <>
          <h2>{t("report.draftHeading", { version: draft.version })}</h2>
          {workspace.gaps.length > 0 ? (
            <div className="alert" data-testid="report-gaps">
              <p>{t("report.gapsIntro")}</p>
              <ul>
                {workspace.gaps.map((gap) => (
                  <li key={gap}>{t(`report.gaps.${gap}`)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <Form noValidate method="post" className="panel stack" id="report-summary" aria-labelledby="report-summary-heading">
            <h3 id="report-summary-heading">{t("report.summaryHeading")}</h3>
            <input type="hidden" name="intent" value="summary" />
            <input type="hidden" name="updatedAt" value={draft.updatedAt} />
            <FormErrors id="summary-errors" errors={errorsOf("summary:")[""] ?? undefined} />
            <LocalizedFields
              name="summary"
              idPrefix="summary"
              label={languageLabel("summaryLabel")}
              hint={t("report.summaryHint", { max: reportSummaryMax })}
              max={reportSummaryMax}
              multiline
              defaultValue={draft.summary}
              errors={errorsOf("summary:")}
            />
            {draft.version > 1 ? (
              <LocalizedFields
                name="changeNote"
                idPrefix="change-note"
                label={languageLabel("changeNoteLabel")}
                hint={t("report.changeNoteHint", { max: changeNoteMax })}
                max={changeNoteMax}
                multiline
                defaultValue={draft.changeNote ?? emptyText}
                errors={errorsOf("summary:")}
              />
            ) : null}
            <button type="submit" className="button">
              {t("report.save")}
            </button>
          </Form>

          <section className="stack" aria-labelledby="report-themes">
            <h3 id="report-themes">{t("report.themesHeading")}</h3>
            {themes.length === 0 ? <p>{t("report.noThemes")}</p> : null}
            {themes.map((theme) => {
              const key = `theme:${theme.id}`;
              return (
                <Form noValidate method="post" className="panel stack" key={theme.id} id={`theme-${theme.id}`} aria-label={theme.label[language]}>
                  <h4>
                    <UserText text={theme.label[language]} />
                  </h4>
                  <input type="hidden" name="intent" value="theme" />
                  <input type="hidden" name="themeId" value={theme.id} />
                  <input type="hidden" name="updatedAt" value={draft.updatedAt} />
                  <FormErrors id={`theme-${theme.id}-errors`} errors={errorsOf(key)[""] ?? undefined} />
                  <LocalizedFields
                    name="said"
                    idPrefix={`said-${theme.id}`}
                    label={languageLabel("saidLabel")}
                    hint={t("report.saidHint", { max: themeTextMax })}
                    max={themeTextMax}
                    multiline
                    defaultValue={draft.themeTexts[theme.id] ?? emptyText}
                    errors={errorsOf(key)}
                  />
                  <button type="submit" className="button">
                    {t("report.save")}
                  </button>
                </Form>
              );
            })}
          </section>

          <section className="stack" id="quotations" aria-labelledby="report-quotations">
            <h3 id="report-quotations">{t("report.quotationsHeading")}</h3>
            <p>{t("report.quotationsIntro")}</p>
            <FormErrors id="quote-errors" errors={errorsOf("quote:")[""] ?? undefined} />
            <h4>{t("report.quotedHeading", { count: workspace.quoted.length })}</h4>
            {workspace.quoted.length === 0 ? <p>{t("report.noneQuoted")}</p> : null}
            <ul className="stack">
              {workspace.quoted.map((answer) => (
                <li key={answer.key} className="panel" data-testid="quoted-answer">
                  <blockquote>
                    <UserText text={answer.text} />
                  </blockquote>
                  <p className="hint">{t("report.answerMeta", { number: answer.questionPosition, capacity: t(`audiences.${answer.capacity}`) })}</p>
                  <Form noValidate method="post">
                    <input type="hidden" name="intent" value="quote" />
                    <input type="hidden" name="updatedAt" value={draft.updatedAt} />
                    <input type="hidden" name="answer" value={answer.key} />
                    <input type="hidden" name="quote" value="remove" />
                    <button type="submit" className="button button--secondary">
                      {t("report.unquote")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
            <h4>{t("report.approvedHeading")}</h4>
            <nav aria-label={t("report.answersFilter")}>
              <ul className="button-row">
                {[...themes.map((theme) => ({ id: theme.id, label: theme.label[language] })), { id: "none", label: t("report.noTheme") }].map((choice) => (
                  <li key={choice.id}>
                    <a href={`?answers=${choice.id}#quotations`} aria-current={choice.id === workspace.answers.filter ? "page" : undefined}>
                      <UserText text={choice.label} />
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            {workspace.answers.items.length === 0 ? <p>{t("report.noApproved")}</p> : null}
            <ul className="stack">
              {workspace.answers.items.map((answer) => (
                <li key={answer.key} className="panel" data-testid="approved-answer">
                  <blockquote>
                    <UserText text={answer.text} />
                  </blockquote>
                  <p className="hint">{t("report.answerMeta", { number: answer.questionPosition, capacity: t(`audiences.${answer.capacity}`) })}</p>
                  {answer.quoted ? (
                    <p>{t("report.alreadyQuoted")}</p>
                  ) : (
                    <Form noValidate method="post">
                      <input type="hidden" name="intent" value="quote" />
                      <input type="hidden" name="updatedAt" value={draft.updatedAt} />
                      <input type="hidden" name="answer" value={answer.key} />
                      <input type="hidden" name="quote" value="add" />
                      <button type="submit" className="button button--secondary">
                        {t("report.quote")}
                      </button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
            {workspace.answers.pages > 1 ? (
              <nav aria-label={t("report.pages")}>
                <ul className="button-row">
                  {workspace.answers.page > 1 ? (
                    <li>
                      <a href={`?answers=${workspace.answers.filter}&page=${workspace.answers.page - 1}#quotations`}>{t("report.previous")}</a>
                    </li>
                  ) : null}
                  <li>{t("report.pageOf", { page: workspace.answers.page, pages: workspace.answers.pages })}</li>
                  {workspace.answers.page < workspace.answers.pages ? (
                    <li>
                      <a href={`?answers=${workspace.answers.filter}&page=${workspace.answers.page + 1}#quotations`}>{t("report.next")}</a>
                    </li>
                  ) : null}
                </ul>
              </nav>
            ) : null}
          </section>
        </>
      ) : null}

      {closed ? (
        <section className="stack" id="decisions" aria-labelledby="report-decisions">
          <h2 id="report-decisions">{t("report.decisionsHeading")}</h2>
          <p>{t("report.decisionsIntro")}</p>
          {workspace.decisions.length === 0 ? <p>{t("report.noDecisions")}</p> : null}
          {workspace.decisions.map((decision) => (
            <DecisionEditor key={decision.id} decision={decision} themes={themes} themeLabel={themeLabel} errorsOf={errorsOf} />
          ))}
          <DecisionForm idPrefix="new-decision" heading={t("report.newDecision")} themes={themes} errors={errorsOf("decision:")} />
        </section>
      ) : null}

      {draft ? (
        <Form noValidate method="post" className="panel stack" aria-labelledby="report-publish">
          <h2 id="report-publish">{t("report.publishHeading")}</h2>
          <p>{t("report.publishHint")}</p>
          <input type="hidden" name="intent" value="publish" />
          <input type="hidden" name="updatedAt" value={draft.updatedAt} />
          <FormErrors id="publish-errors" errors={errorsOf("publish:")[""] ?? undefined} />
          <div className="choice-option">
            <input type="checkbox" id="publish-confirm" name="confirm" value="yes" required />
            <label htmlFor="publish-confirm">{t("report.publishConfirm")}</label>
          </div>
          <button type="submit" className="button">
            {t("report.publish")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

/** A field's messages beside it, read out with it (its id is in the field's aria-describedby). */
function FieldMessages({ id, messages }: { id: string; messages: string[] | null | undefined }) {
  if (!messages?.length) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {messages.join(" ")}
    </p>
  );
}

interface ThemeChoice {
  id: string;
  label: Record<SupportedLanguage, string>;
}

function DecisionEditor({
  decision,
  themes,
  themeLabel,
  errorsOf,
}: {
  decision: DecisionView;
  themes: ThemeChoice[];
  themeLabel: (id: string | null) => string;
  errorsOf: (form: string) => Errors;
}) {
  const { t, i18n } = useTranslation("consultation-admin");
  const language = i18n.language as SupportedLanguage;
  const stateErrors = errorsOf(`decision-state:${decision.id}`);
  const idPrefix = `decision-${decision.id}`;
  return (
    <article className="panel stack" id={idPrefix} data-testid="decision" aria-labelledby={`${idPrefix}-heading`}>
      <h3 id={`${idPrefix}-heading`}>{t("report.decisionNumber", { number: decision.position })}</h3>
      <p className="hint">{themeLabel(decision.themeId)}</p>
      <p>
        <UserText text={decision.text[language]} />
      </p>
      <p>
        <strong>{t("report.stateNow")}</strong> <span data-testid="decision-state">{t(`report.states.${decision.state}`)}</span>
      </p>
      <DecisionHistory steps={decision.history} className="hint" />
      <Form noValidate method="post" className="stack">
        <input type="hidden" name="intent" value="decision-state" />
        <input type="hidden" name="decisionId" value={decision.id} />
        <input type="hidden" name="version" value={decision.version} />
        <FormErrors id={`${idPrefix}-state-errors`} errors={stateErrors[""] ?? undefined} />
        <div className="field">
          <label htmlFor={`${idPrefix}-state`}>{t("report.newState")}</label>
          <select
            id={`${idPrefix}-state`}
            name="state"
            defaultValue={decision.state}
            aria-invalid={stateErrors.state?.length ? true : undefined}
            aria-describedby={stateErrors.state?.length ? `${idPrefix}-state-error` : undefined}
          >
            {decisionStates.map((state) => (
              <option key={state} value={state}>
                {t(`report.states.${state}`)}
              </option>
            ))}
          </select>
          <FieldMessages id={`${idPrefix}-state-error`} messages={stateErrors.state} />
        </div>
        <LocalizedFields
          name="note"
          idPrefix={`${idPrefix}-note`}
          label={(lang) => t("report.noteLabel", { language: t(`report.languages.${lang}`) })}
          hint={t("report.noteHint", { max: changeNoteMax })}
          max={changeNoteMax}
          errors={stateErrors}
        />
        <button type="submit" className="button">
          {t("report.changeState")}
        </button>
      </Form>
      <details>
        <summary>{t("report.editDecision")}</summary>
        <DecisionForm idPrefix={`${idPrefix}-edit`} heading={t("report.editDecision")} themes={themes} decision={decision} errors={errorsOf(`decision:${decision.id}`)} />
      </details>
    </article>
  );
}

function DecisionForm({ idPrefix, heading, themes, decision, errors }: { idPrefix: string; heading: string; themes: ThemeChoice[]; decision?: DecisionView; errors: Errors }) {
  const { t, i18n } = useTranslation("consultation-admin");
  const language = i18n.language as SupportedLanguage;
  const label = (prefix: string) => (lang: SupportedLanguage) => t(`report.${prefix}`, { language: t(`report.languages.${lang}`) });
  return (
    <Form noValidate method="post" className="panel stack" aria-labelledby={`${idPrefix}-heading`}>
      <h3 id={`${idPrefix}-heading`}>{heading}</h3>
      <input type="hidden" name="intent" value="decision" />
      {decision ? (
        <>
          <input type="hidden" name="decisionId" value={decision.id} />
          <input type="hidden" name="version" value={decision.version} />
        </>
      ) : null}
      <FormErrors id={`${idPrefix}-errors`} errors={errors[""] ?? undefined} />
      <div className="field">
        <label htmlFor={`${idPrefix}-theme`}>{t("report.decisionTheme")}</label>
        <select
          id={`${idPrefix}-theme`}
          name="themeId"
          defaultValue={decision?.themeId ?? ""}
          aria-invalid={errors.themeId?.length ? true : undefined}
          aria-describedby={errors.themeId?.length ? `${idPrefix}-theme-error` : undefined}
        >
          <option value="">{t("report.general")}</option>
          {themes.map((theme) => (
            <option key={theme.id} value={theme.id}>
              {theme.label[language]}
            </option>
          ))}
        </select>
        <FieldMessages id={`${idPrefix}-theme-error`} messages={errors.themeId} />
      </div>
      <LocalizedFields name="text" idPrefix={`${idPrefix}-text`} label={label("decisionTextLabel")} hint={t("report.decisionTextHint", { max: decisionTextMax })} max={decisionTextMax} multiline required defaultValue={decision?.text} errors={errors} />
      <LocalizedFields name="reason" idPrefix={`${idPrefix}-reason`} label={label("decisionReasonLabel")} hint={t("report.decisionReasonHint", { max: decisionReasonMax })} max={decisionReasonMax} multiline required defaultValue={decision?.reason} errors={errors} />
      {Array.from({ length: linksMax }, (_, index) => {
        const link = decision?.links[index];
        const urlId = `${idPrefix}-link-${index}-url`;
        const urlErrors = errors[`links[${index}].url`];
        return (
          <fieldset key={index} className="stack">
            <legend>{t("report.linkLegend", { number: index + 1 })}</legend>
            <div className="field">
              <label htmlFor={urlId}>{t("report.linkUrl")}</label>
              <span className="hint" id={`${urlId}-hint`}>
                {t("report.linkUrlHint")}
              </span>
              <input
                id={urlId}
                name={`links[${index}].url`}
                type="text"
                inputMode="url"
                defaultValue={link?.url ?? ""}
                aria-invalid={urlErrors?.length ? true : undefined}
                aria-describedby={[`${urlId}-hint`, urlErrors?.length ? `${urlId}-error` : ""].filter(Boolean).join(" ")}
              />
              <FieldMessages id={`${urlId}-error`} messages={urlErrors} />
            </div>
            <LocalizedFields name={`links[${index}].label`} idPrefix={`${idPrefix}-link-${index}-label`} label={label("linkLabel")} max={linkLabelMax} defaultValue={link?.label} errors={errors} />
          </fieldset>
        );
      })}
      <button type="submit" className="button">
        {t("report.saveDecision")}
      </button>
    </Form>
  );
}
