import type { SubmissionResult } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import type { JourneyStartView, ReconsentSummary, StartSubject } from "../../domain/consent/index";
import { formatCalendarDay } from "../../i18n/calendar-day";
import { htmlLangOf, supportedLanguages, type SupportedLanguage } from "../../i18n/languages";
import { FormErrors } from "../form-errors";
import { formTextPath } from "../../domain/consent/index";
import { serverCheckedInputProps, useServerCheckedForm } from "../server-checked-form";
import { FieldErrors, useRelationship } from "./journey-parts";

export type StartActionData = { result: SubmissionResult<string[]> } | undefined;

/** The form's language; choosing one here also switches the pages, as the language buttons at the top do. */
function LanguageChoice({ current, error }: { current: SupportedLanguage; error?: { id: string; errors?: string[] } }) {
  const { t } = useTranslation(["journey", "common"]);
  return (
    <>
      <fieldset className="journey-options">
        <legend>{t("start.languageHeading")}</legend>
        <p className="hint">{t("start.languageHint")}</p>
        {supportedLanguages.map((language) => (
          <label key={language} className="journey-option">
            <input type="radio" name="language" value={language} defaultChecked={language === current} />
            <span className="journey-option__label" lang={htmlLangOf(language)}>
              {t(`common:language.names.${language}`)}
            </span>
          </label>
        ))}
      </fieldset>
      {error ? <FieldErrors id={error.id} errors={error.errors} /> : null}
    </>
  );
}

function Summary({ view }: { view: JourneyStartView }) {
  const { t } = useTranslation("journey");
  return (
    <section className="panel" aria-labelledby="summary-heading">
      <h2 id="summary-heading">{t("start.summaryHeading")}</h2>
      <p className="hint">{view.title}</p>
      {view.summary.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      <p>
        <a href={formTextPath(view.formKey, view.formVersion)}>{t("start.readAll")}</a>
      </p>
    </section>
  );
}

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** One list of what changed (sections, or choices), each named with what happened to it; nothing when empty. */
function ChangeList({ heading, items }: { heading: string; items: { text: string; kind: string }[] }) {
  const { t } = useTranslation("journey");
  if (items.length === 0) return null;
  return (
    <>
      <h3>{heading}</h3>
      <ul>
        {items.map((item) => (
          <li key={`${item.kind}-${item.text}`}>{t("reconsent.item", { text: item.text, kind: t(`reconsent.kind.${item.kind}`) })}</li>
        ))}
      </ul>
    </>
  );
}

/**
 * Before a re-consent (issue 55 Deliver 2; ADR 120): what changed since the version signed, as the two versions say,
 * how short the path is, what is carried over, and the date asked for — before anything else is asked.
 */
export function ReconsentChanges({ summary, version }: { summary: ReconsentSummary; version: string }) {
  const { t, i18n } = useTranslation("journey");
  return (
    <section className="panel" aria-labelledby="reconsent-heading" data-testid="reconsent-changes">
      <h2 id="reconsent-heading">{t("reconsent.heading", { previous: summary.previousVersion, version })}</h2>
      <p>{t("reconsent.intro", { previous: summary.previousVersion, steps: summary.steps, fullSteps: summary.fullSteps })}</p>
      {summary.deadline ? <p className="alert">{t("reconsent.deadline", { date: formatCalendarDay(summary.deadline, i18n.language as SupportedLanguage) })}</p> : null}
      <ChangeList heading={t("reconsent.sections")} items={summary.sections.map((section) => ({ text: section.heading, kind: section.kind }))} />
      <ChangeList heading={t("reconsent.choices")} items={summary.choices.map((choice) => ({ text: choice.title, kind: choice.kind }))} />
      {summary.questions > 0 ? <p>{t("reconsent.questions", { count: summary.questions })}</p> : null}
      {summary.carried.length > 0 ? (
        <>
          <h3>{t("reconsent.carried")}</h3>
          <dl className="facts">
            {summary.carried.map((choice) => (
              <div key={choice.title}>
                <dt>{choice.title}</dt>
                <dd>{choice.valueLabel}</dd>
              </div>
            ))}
          </dl>
          <p className="hint">{t("reconsent.carriedHint")}</p>
        </>
      ) : null}
    </section>
  );
}

function statusText(subject: StartSubject, view: JourneyStartView, t: Translate): string | null {
  switch (subject.status.kind) {
    case "in_progress":
      return t("start.inProgress", { n: subject.status.step, total: subject.status.of });
    case "outdated":
      return t("start.outdated", { from: subject.status.fromVersion, to: view.formVersion });
    case "already_consented":
      return t("start.alreadyConsented", { version: view.formVersion });
    default:
      return null;
  }
}

function StatusNote({ subject, view }: { subject: StartSubject; view: JourneyStartView }) {
  const { t } = useTranslation("journey");
  const text = statusText(subject, view, t);
  return text ? <p className={subject.status.kind === "outdated" ? "alert" : undefined}>{text}</p> : null;
}

function startLabel(subject: StartSubject, t: Translate): string {
  if (subject.status.kind === "in_progress") return t("start.continue", { n: subject.status.step, total: subject.status.of });
  if (subject.status.kind === "outdated") return t("start.restart");
  return t("start.begin");
}

/** Online start: who this is for, the form's language, the plain summary, and start or carry on. */
export function OnlineStartPage({ view, language, preselected, actionData }: { view: JourneyStartView; language: SupportedLanguage; preselected: string | null; actionData: StartActionData }) {
  const { t } = useTranslation("journey");
  const relationship = useRelationship();
  const form = useServerCheckedForm("start-journey", actionData?.result, ["participantId", "language"]);
  const { fields } = form;
  const open = view.subjects.filter((subject) => subject.status.kind !== "already_consented");
  const chosen = open.find((subject) => subject.participantId === preselected) ?? open[0];
  return (
    <div className="stack journey">
      <h1>{t("start.title")}</h1>
      <p>{chosen?.reconsent ? t("reconsent.startIntro") : t("start.intro", { total: view.totalSteps })}</p>
      {view.subjects.length === 0 ? <p className="alert">{t("start.noSubjects")}</p> : null}
      {view.subjects.map((subject) =>
        subject.status.kind === "already_consented" ? (
          <div key={subject.participantId} className="alert" role="status">
            <p>
              {subject.as === "proxy" ? `${subject.displayName}: ` : null}
              {t("start.alreadyConsented", { version: view.formVersion })}
            </p>
            <p>
              <a href={`/consent?participant=${subject.participantId}`}>{t("start.seeConsent")}</a>
            </p>
          </div>
        ) : null,
      )}
      {chosen?.reconsent ? <ReconsentChanges summary={chosen.reconsent} version={view.formVersion} /> : null}
      {chosen ? (
        // A whole-document post, like the language buttons: the next page must load in the language chosen here.
        <form method="post" id={form.id} noValidate className="panel">
          <FormErrors id={form.errorId} errors={form.errors} />
          {open.length > 1 || chosen.as === "proxy" ? (
            <fieldset className="journey-options">
              <legend>{t("start.whoHeading")}</legend>
              {open.map((subject) => (
                <label key={subject.participantId} className="journey-option">
                  <input type="radio" name="participantId" value={subject.participantId} defaultChecked={subject.participantId === chosen.participantId} />
                  <span className="journey-option__label">
                    {subject.as === "self" ? t("start.yourself") : t("start.child", { name: subject.displayName, relationship: relationship(subject.relationship) })}
                    {statusText(subject, view, t) ? <span className="hint journey-option__note">{statusText(subject, view, t)}</span> : null}
                  </span>
                </label>
              ))}
            </fieldset>
          ) : (
            <>
              <input type="hidden" name="participantId" value={chosen.participantId} />
              <StatusNote subject={chosen} view={view} />
            </>
          )}
          <FieldErrors id={fields.participantId.errorId} errors={fields.participantId.errors} />
          <LanguageChoice current={language} error={{ id: fields.language.errorId, errors: fields.language.errors }} />
          <button type="submit" className="button button--block">
            {startLabel(chosen, t)}
          </button>
        </form>
      ) : null}
      <Summary view={view} />
    </div>
  );
}

/** The coordinator's start on the clinic tablet: confirm who is there, name the witness, pick the language. */
export function AssistedStartPage({ view, language, actionData }: { view: JourneyStartView & { pseudonym: string }; language: SupportedLanguage; actionData: StartActionData }) {
  const { t } = useTranslation("journey");
  const form = useServerCheckedForm("start-assisted", actionData?.result, ["witnessName", "language"]);
  const { fields } = form;
  const subject = view.subjects[0]!;
  const witnessHint = `${fields.witnessName.id}-hint`;
  const witnessProps = serverCheckedInputProps(fields.witnessName, { type: "text", ariaDescribedBy: witnessHint });
  return (
    <div className="stack journey">
      <p>
        <a href={`/staff/participants/${subject.participantId}`}>{t("assisted.backToRecord")}</a>
      </p>
      <h1>{t("assisted.title")}</h1>
      <p>{t("assisted.intro")}</p>
      <section className="panel" aria-labelledby="participant-heading">
        <h2 id="participant-heading">{t("assisted.participant")}</h2>
        <dl className="journey-facts">
          <dt>{t("assisted.name")}</dt>
          <dd>{subject.displayName}</dd>
          <dt>{t("assisted.pseudonym")}</dt>
          <dd className="mono">{view.pseudonym}</dd>
        </dl>
        <p>{t("assisted.checkIdentity")}</p>
        <StatusNote subject={subject} view={view} />
      </section>
      {subject.reconsent && subject.status.kind !== "already_consented" ? <ReconsentChanges summary={subject.reconsent} version={view.formVersion} /> : null}
      {subject.status.kind === "already_consented" ? null : (
        <form method="post" id={form.id} noValidate className="panel">
          <FormErrors id={form.errorId} errors={form.errors} />
          <div className="field">
            <label htmlFor={fields.witnessName.id}>{t("assisted.witnessName")}</label>
            <span className="hint" id={witnessHint}>
              {t("assisted.witnessHint")}
            </span>
            <input {...witnessProps} autoComplete="off" />
            <FieldErrors id={fields.witnessName.errorId} errors={fields.witnessName.errors} />
          </div>
          <LanguageChoice current={language} error={{ id: fields.language.errorId, errors: fields.language.errors }} />
          <p className="hint">{t("assisted.handOver")}</p>
          <button type="submit" className="button button--block">
            {startLabel(subject, t)}
          </button>
        </form>
      )}
      <Summary view={view} />
    </div>
  );
}
