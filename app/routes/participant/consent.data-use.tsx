import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { ResearchOutputs } from "../../components/access/research-outputs";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LawRecipients } from "../../components/consent/law-recipients";
import { requirePermission } from "../../auth/guards.server";
import { participantQuery, sentenceSubjectOf, SubjectNote } from "../../components/consent-dashboard";
import { DateTime } from "../../components/date-time";
import { PersonName } from "../../components/person-name";
import { UserText } from "../../components/user-text";
import { loadDataUse, type ApprovedUse, type MonthlyActivity, type RecordOpening } from "../../domain/transparency/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { subjectSentence, type SentenceSubject } from "../../i18n/sentence-subject";
import dashboardStyles from "../../styles/consent-dashboard.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "data-use:title");

/** "Who used my data" (issue 16 item 3; ADR 047), for oneself or, with `?participant=`, a represented child. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const participant = new URL(request.url).searchParams.get("participant");
  const language = await getLanguage(request);
  const page = await loadDataUse({ userId: session.userId, participantId: participant, language });
  return json({ page, query: participantQuery(participant) });
}

const monthFormatters = new Map<string, Intl.DateTimeFormat>();
/** "2026年11月" / "November 2026": the Japan-time month the counts belong to. */
function monthLabel(month: string, language: string): string {
  const locale = language === "en" ? "en-GB" : "ja-JP";
  let formatter = monthFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", timeZone: "UTC" });
    monthFormatters.set(locale, formatter);
  }
  const [year, number] = month.split("-").map(Number);
  return formatter.format(new Date(Date.UTC(year!, number! - 1, 1)));
}

function UseEntry({ use, index, about }: { use: ApprovedUse; index: number; about: SentenceSubject }) {
  const { t } = useTranslation("data-use");
  const headingId = `use-${index}`;
  return (
    <li data-testid="data-use-entry" data-reference={use.reference ?? ""}>
      <article aria-labelledby={headingId}>
        <h3 id={headingId}>{use.title ? <UserText text={use.title} readings /> : t("uses.untitled")}</h3>
        <dl className="dash-facts">
          <dt>{t("uses.institution")}</dt>
          <dd>{use.institution ? <PersonName name={use.institution} /> : t("uses.unknown")}</dd>
          <dt>{t("uses.purpose")}</dt>
          <dd>
            <ul className="list-plain">
              {use.purposes.map((purpose) => (
                <li key={purpose.code}>
                  {purpose.label}
                  {t(`purposeHelp.${purpose.code}`, { defaultValue: "" }) ? <> — {t(`purposeHelp.${purpose.code}`)}</> : null}
                </li>
              ))}
            </ul>
          </dd>
          {use.diseases.length > 0 ? (
            <>
              <dt>{t("uses.diseases")}</dt>
              <dd>{use.diseases.join(t("listSeparator"))}</dd>
            </>
          ) : null}
          {use.summary ? (
            <>
              <dt>{t("uses.summary")}</dt>
              <dd>
                <UserText text={use.summary} readings />
              </dd>
            </>
          ) : null}
          {use.status ? (
            <>
              <dt>{t("uses.status")}</dt>
              <dd>{t(`status.${use.status}`)}</dd>
            </>
          ) : null}
          <dt>{subjectSentence(t, "uses.dates", about)}</dt>
          <dd>
            <ul className="list-plain" data-testid="data-use-dates">
              {use.releases.map((release) => (
                <li key={release.releaseId}>
                  <DateTime value={release.releasedAt} />
                </li>
              ))}
            </ul>
          </dd>
        </dl>
        {use.outputs.length > 0 ? <ResearchOutputs outputs={use.outputs} headingLevel={4} id={`${headingId}-outputs`} /> : null}
        {use.reference ? (
          <p>
            <a href={`/register/${encodeURIComponent(use.reference)}`}>{t("uses.registerLink", { reference: use.reference })}</a>
          </p>
        ) : null}
      </article>
    </li>
  );
}

function ActivityMonth({ month, about }: { month: MonthlyActivity; about: SentenceSubject }) {
  const { t, i18n } = useTranslation("data-use");
  const label = monthLabel(month.month, i18n.language);
  const headingId = `activity-${month.month}`;
  return (
    <li data-testid="activity-month" data-month={month.month}>
      <h3 id={headingId}>{label}</h3>
      <ul className="list-plain" aria-labelledby={headingId}>
        {month.actions.map((entry) => (
          <li key={entry.action} data-action={entry.action}>
            <strong>{t(`activity.actions.${entry.action}`)}</strong>
            {t("activity.colon")}
            {t("activity.allowed", { count: entry.allowed })}
            {entry.refused > 0 ? <>{t("activity.separator")}{subjectSentence(t, "activity.refused", about, { count: entry.refused })}</> : null}
          </li>
        ))}
      </ul>
    </li>
  );
}

function Opening({ opening }: { opening: RecordOpening }) {
  const { t } = useTranslation("data-use");
  return (
    <li data-testid="record-opening">
      <dl className="dash-facts">
        <dt>{t("openings.when")}</dt>
        <dd>
          <DateTime value={opening.at} />
        </dd>
        <dt>{t("openings.who")}</dt>
        <dd>{opening.role ? t(`words.role.${opening.role}`) : t("openings.unknownRole")}</dd>
        <dt>{t("openings.where")}</dt>
        <dd>{opening.facility ? <PersonName name={opening.facility} /> : t("uses.unknown")}</dd>
        <dt>{t("openings.why")}</dt>
        <dd>{t(`words.purpose.${opening.purpose}`, { defaultValue: opening.purpose })}</dd>
        <dt>{t("openings.what")}</dt>
        <dd>{t(`words.resource.${opening.resource}`, { defaultValue: opening.resource })}</dd>
      </dl>
    </li>
  );
}

export default function DataUsePage() {
  const { t } = useTranslation("data-use");
  const { page, query } = useLoaderData<typeof loader>();
  const { subject } = page;
  // Every sentence about the participant names them to a proxy (ADR 119); those about the reader stay "you".
  const about = sentenceSubjectOf(subject);
  const say = (key: string, values?: Record<string, string | number>) => subjectSentence(t, key, about, values);
  return (
    <div className="stack">
      <h1>{say("title")}</h1>
      <SubjectNote subject={subject} />
      <p>{say("intro")}</p>
      <p className="alert" data-testid="no-findings-note">
        {say("noFindings")}
      </p>

      <section className="panel" aria-labelledby="uses-heading">
        <h2 id="uses-heading">{say("uses.heading")}</h2>
        <p>{say("uses.intro")}</p>
        {page.uses.length === 0 ? <p data-testid="no-uses">{say("uses.empty")}</p> : null}
        <ul className="list-plain stack" data-testid="data-uses">
          {page.uses.map((use, index) => (
            <UseEntry key={use.approvalId} use={use} index={index} about={about} />
          ))}
        </ul>
      </section>

      {page.otherReleases.length > 0 ? (
        <section className="panel" aria-labelledby="other-releases-heading">
          <h2 id="other-releases-heading">{t("otherReleases.heading")}</h2>
          <p>{say("otherReleases.intro")}</p>
          <ul className="list-plain" data-testid="other-releases">
            {page.otherReleases.map((release) => (
              <li key={release.releaseId}>
                <DateTime value={release.releasedAt} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <LawRecipients headingId="law-recipients-heading" provisionHref={`/provision${query}`} />

      <section className="panel" aria-labelledby="activity-heading">
        <h2 id="activity-heading">{say("activity.heading")}</h2>
        <p>{say("activity.intro")}</p>
        {page.activity.length === 0 ? <p data-testid="no-activity">{say(page.releasedWithoutCounts ? "activity.emptyButReleased" : "activity.empty")}</p> : null}
        <ul className="list-plain stack" data-testid="activity">
          {page.activity.map((month) => (
            <ActivityMonth key={month.month} month={month} about={about} />
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="openings-heading">
        <h2 id="openings-heading">{say("openings.heading")}</h2>
        <p>{say("openings.intro")}</p>
        {page.openings.length === 0 ? <p data-testid="no-openings">{say("openings.empty")}</p> : null}
        <ol className="dash-timeline" data-testid="record-openings">
          {page.openings.map((opening, index) => (
            <Opening key={`${opening.at}-${index}`} opening={opening} />
          ))}
        </ol>
        <p>{say("openings.selfNote")}</p>
      </section>

      <section className="panel" aria-labelledby="download-heading">
        <h2 id="download-heading">{say("download.heading")}</h2>
        <p>{say("download.intro")}</p>
        <ul className="list-plain">
          <li>
            <a className="dash-link-button" href={`/consent/my-data.pdf${query}`} download data-testid="download-pdf">
              {t("download.pdf")}
            </a>
          </li>
          <li>
            <a className="dash-link-button" href={`/consent/my-data.json${query}`} download data-testid="download-json">
              {t("download.json")}
            </a>
          </li>
        </ul>
        <p>{t("download.recorded")}</p>
      </section>

      <p>
        <a href={`/consent${query}`}>{say("back")}</a>
      </p>
    </div>
  );
}
