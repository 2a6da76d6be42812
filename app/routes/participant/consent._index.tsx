import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { ChoiceEffectsText, participantQuery, ReconsentInterim, sentenceSubjectOf, SubjectNote, WithdrawalLevelExplanation } from "../../components/consent-dashboard";
import { subjectSentence } from "../../domain/consent/index";
import type { SentenceSubject } from "../../i18n/sentence-subject";
import { DateTime } from "../../components/date-time";
import { formatCalendarDay } from "../../i18n/calendar-day";
import type { SupportedLanguage } from "../../i18n/languages";
import { loadConsentOverview } from "../../domain/home/index.server";
import type { ParticipantCaseNotice } from "../../domain/findings/index.server";
import { PersonName } from "../../components/person-name";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import dashboardStyles from "../../styles/consent-dashboard.css?url";
import { instantOfJapanTime } from "../../domain/time/index";
import { withoutAppScripts } from "../../rendering/page-scripts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

// Links and <details> only: sent without the app's scripts (ADR 085).
export const handle = withoutAppScripts;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:title");

const notices = ["changed", "withdrawn"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const url = new URL(request.url);
  const language = await getLanguage(request);
  const overview = await loadConsentOverview({ userId: session.userId, participantId: url.searchParams.get("participant"), language });
  const notice = notices.find((value) => value === url.searchParams.get("notice")) ?? null;
  // Of each choice only what the page shows: not its options (the change page lists those), which would be most of the data.
  const shown = overview?.consent
    ? { ...overview, consent: { ...overview.consent, choices: overview.consent.choices.map(({ id, title, explanation, valueLabel, changeable, core, effects }) => ({ id, title, explanation, valueLabel, changeable, core, effects })) } }
    : overview;
  return { overview: shown, notice, query: participantQuery(url.searchParams.get("participant")) };
}

type ShownConsent = NonNullable<NonNullable<Awaited<ReturnType<typeof loader>>["overview"]>["consent"]>;

/**
 * After the clinic recorded a death or a loss of capacity (ADR 143): what was recorded, what the person chose for that
 * moment, and what applies from then — the rule's own answer for the level their disposition reaches (lifeEventLevel),
 * as a withdrawal of that level is explained. Then what those who act for them may still do (ADR 144).
 */
function LifeEventStanding({ consent, about }: { consent: ShownConsent; about: SentenceSubject }) {
  const { t, i18n } = useTranslation("dashboard");
  const life = consent.lifeEvent;
  if (!life) return null;
  const disposition = consent.choices.find((choice) => choice.id === "disposition.life_event");
  const day = formatCalendarDay(life.on, i18n.language as SupportedLanguage);
  return (
    <section className="dash-banner" aria-labelledby="life-event-heading" data-testid="life-event-standing">
      <h2 id="life-event-heading">{t(`lifeEventStanding.heading.${life.kind}`)}</h2>
      <p>{subjectSentence(t, `lifeEventStanding.recorded.${life.kind}`, about, { date: day })}</p>
      <p data-testid="life-event-disposition">
        {life.chosen && disposition ? subjectSentence(t, "lifeEventStanding.chosen", about, { value: disposition.valueLabel }) : subjectSentence(t, "lifeEventStanding.notChosen", about)}
      </p>
      <h3>{t("lifeEventStanding.applies")}</h3>
      <WithdrawalLevelExplanation level={life.level} audience="staff" subject={about} />
      <p>{subjectSentence(t, `lifeEventStanding.next.${life.kind}`, about)}</p>
    </section>
  );
}

/** The survey of how consent felt, open for this reader (ADR 149, 150): asked once, so said once here too. */
function SurveyCard({ query, proxy }: { query: string; proxy: boolean }) {
  const { t } = useTranslation("surveys");
  return (
    <section className="panel" aria-labelledby="survey-card-heading" data-testid="survey-card">
      <h2 id="survey-card-heading">{t("card.heading")}</h2>
      <p>{t(proxy ? "card.bodyProxy" : "card.body")}</p>
      <a className="button" href={`/consent/survey${query}`}>
        {t("card.open")}
      </a>
    </section>
  );
}

/** "Your care team would like to talk with you" (ADR 034): the appointment only, never what it is about in detail. */
function CareTeamNotice({ notice }: { notice: ParticipantCaseNotice }) {
  const { t } = useTranslation("findings");
  const headingId = `care-team-${notice.kind}-${notice.appointment.at.replace(/\D/g, "")}`;
  return (
    <section className="dash-banner" aria-labelledby={headingId} data-testid="care-team-notice">
      <h2 id={headingId}>{t("notice.heading")}</h2>
      <p>{t(`notice.${notice.kind}`)}</p>
      <dl>
        <dt>{t("notice.when")}</dt>
        <dd>
          <DateTime value={instantOfJapanTime(notice.appointment.at)} />
        </dd>
        <dt>{t("notice.where")}</dt>
        <dd>{notice.appointment.mode === "video" ? t("notice.video") : <PersonName name={notice.appointment.place ?? ""} />}</dd>
        <dt>{t("notice.language")}</dt>
        <dd>{t(`field.languages.${notice.appointment.language}`)}</dd>
      </dl>
    </section>
  );
}

export default function ConsentDashboard() {
  const { t, i18n } = useTranslation(["dashboard", "documents", "family", "data-use"]);
  const { overview, notice, query } = useLoaderData<typeof loader>();
  if (!overview) {
    return (
      <div className="stack">
        <h1>{t("title")}</h1>
        <section className="panel" aria-labelledby="not-linked-heading">
          <h2 id="not-linked-heading">{t("notLinked.heading")}</h2>
          <p>{t("notLinked.body")}</p>
        </section>
      </div>
    );
  }
  const { subject, consent } = overview;
  const about = sentenceSubjectOf(subject);
  const heading = subjectSentence(t, "title", about);
  return (
    <div className="stack">
      <h1>{heading}</h1>
      {overview.subjects.length > 1 ? (
        <nav className="panel" aria-labelledby="subjects-heading">
          <h2 id="subjects-heading">{t("subject.pickHeading")}</h2>
          <p>{t("subject.pickIntro")}</p>
          <ul className="list-plain">
            {overview.subjects.map((candidate) => (
              <li key={candidate.participantId}>
                <a
                  className="dash-link-button"
                  href={`/consent${participantQuery(candidate.participantId)}`}
                  aria-current={candidate.participantId === subject.participantId ? "page" : undefined}
                >
                  {candidate.as === "self" ? t("subject.yourself") : candidate.fullName}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <SubjectNote subject={subject} />
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`notices.${notice}`)}</p>
        </div>
      ) : null}

      {!consent ? (
        <section className="panel" aria-labelledby="start-heading">
          <h2 id="start-heading">{t("noConsent.heading")}</h2>
          <p>{t("noConsent.body")}</p>
          <a className="button" href={`/consent/journey${query}`}>
            {t("noConsent.start")}
          </a>
        </section>
      ) : (
        <>
          {overview.familyPaused > 0 && subject.as === "self" ? (
            <section className="dash-banner" aria-labelledby="family-paused-heading" data-testid="family-paused-banner">
              <h2 id="family-paused-heading">{t("family:manage.title")}</h2>
              <p>{t("family:manage.pausedNotice", { count: overview.familyPaused })}</p>
              <a className="button" href="/consent/family">
                {t("family:manage.decide")}
              </a>
            </section>
          ) : null}
          {consent.careTeamNotices.map((careTeam) => (
            <CareTeamNotice key={`${careTeam.kind}-${careTeam.appointment.at}`} notice={careTeam} />
          ))}
          <section className={`dash-banner${consent.status === "withdrawn" ? " dash-banner--withdrawn" : ""}`} aria-labelledby="status-heading" data-testid="consent-status">
            <h2 id="status-heading">{t("status.heading")}</h2>
            <p>
              <strong>
                {consent.status === "withdrawn" && consent.withdrawalLevel
                  ? t("status.withdrawn", { level: t(`documents:withdrawalLevels.${consent.withdrawalLevel}`) })
                  : t(`status.${consent.status}`)}
              </strong>
            </p>
            {consent.status === "withdrawn" && consent.withdrawalLevel ? (
              <>
                <h3>{t("status.withdrawnEffects")}</h3>
                <WithdrawalLevelExplanation level={consent.withdrawalLevel} audience="participant" subject={about} />
              </>
            ) : null}
            <p>
              {t("status.formVersion", { version: consent.formVersion })}
              {consent.consentedBy === "proxy" ? ` · ${t("status.consentedByProxy")}` : null}
            </p>
            <p>
              {t("status.since")} <DateTime value={consent.updatedAt} />
            </p>
          </section>
          <LifeEventStanding consent={consent} about={about} />
          {consent.surveyOpen ? <SurveyCard query={query} proxy={subject.as === "proxy"} /> : null}

          {consent.reconsent ? (
            <section className="dash-banner" aria-labelledby="reconsent-heading" data-testid="reconsent-banner">
              <h2 id="reconsent-heading">{t("reconsent.heading", { version: consent.reconsent.version })}</h2>
              <p>{t("reconsent.why")}</p>
              {consent.reconsent.deadline ? (
                <p className="alert" data-testid="reconsent-deadline">
                  {t("reconsent.deadline", { date: formatCalendarDay(consent.reconsent.deadline, i18n.language as SupportedLanguage) })}
                </p>
              ) : null}
              <h3>{t("reconsent.changes")}</h3>
              {consent.reconsent.summary.map((paragraph) => (
                <p key={paragraph}>{paragraph}</p>
              ))}
              <h3>{t("reconsent.meanwhile")}</h3>
              <ReconsentInterim interimRule={consent.reconsent.interimRule} subject={about} />
              <a className="button" href={`/consent/journey${query}`}>
                {t("reconsent.start")}
              </a>
            </section>
          ) : null}

          <section className="panel" aria-labelledby="choices-heading">
            <h2 id="choices-heading">{subjectSentence(t, "choices.heading", about)}</h2>
            <p>{subjectSentence(t, "choices.intro", about)}</p>
            {consent.canChangeChoices ? <p>{t("choices.canChange")}</p> : <p className="alert">{consent.lifeEvent ? subjectSentence(t, "lifeEventStanding.locked", about) : t("choices.locked")}</p>}
            <ul className="dash-choices">
              {consent.choices.map((choice) => (
                <li key={choice.id} data-choice={choice.id}>
                  <p className="dash-choice__title">{choice.title}</p>
                  <p className="dash-choice__value">{choice.valueLabel}</p>
                  <details className="dash-more">
                    <summary>{t("choices.whatThisMeans")}</summary>
                    <p>{choice.explanation}</p>
                    <p className="dash-effects__heading">{t("choices.effectsHeading")}</p>
                    <ChoiceEffectsText effects={choice.effects} subject={about} />
                  </details>
                  <div className="dash-choice__actions">
                    {consent.canChangeChoices && choice.changeable ? (
                      <a className="button button--secondary" href={`/consent/change/${encodeURIComponent(choice.id)}${query}`} aria-label={t("choices.changeLabel", { title: choice.title })}>
                        {t("choices.change")}
                      </a>
                    ) : null}
                    {choice.core && consent.withdrawalLevelsLeft.length > 0 ? (
                      <p>
                        {t("choices.coreNote")} <a href={`/consent/withdraw${query}`}>{t("choices.coreLink")}</a>
                      </p>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          </section>

          <section className="panel" aria-labelledby="more-heading">
            <h2 id="more-heading">{t("more.heading")}</h2>
            <ul className="list-plain">
              <li>
                <a className="dash-link-button" href={`/consent/history${query}`}>
                  {t("more.history")}
                </a>
              </li>
              <li>
                <a className="dash-link-button" href={`/consent/data-use${query}`}>
                  {subjectSentence(t, "data-use:dashboardLink", about)}
                </a>
                <p>{subjectSentence(t, "data-use:dashboardLinkBody", about)}</p>
              </li>
              <li>
                <a className="dash-link-button" href={`/requests${query}`}>
                  {t("rights.title")}
                </a>
                <p>{t("rights.cardBody")}</p>
              </li>
              <li>
                <a className="dash-link-button" href={`/consent/family${query}`}>
                  {subjectSentence(t, "family:manage.title", about)}
                </a>
                <p>{subjectSentence(t, "family:card.manageBody", about)}</p>
              </li>
              {consent.withdrawalLevelsLeft.length > 0 ? (
                <li>
                  <a className="dash-link-button" href={`/consent/withdraw${query}`}>
                    {t("more.withdraw")}
                  </a>
                  <p>{t("more.withdrawIntro")}</p>
                </li>
              ) : null}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
