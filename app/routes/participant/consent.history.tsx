import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { participantQuery, SubjectNote } from "../../components/consent-dashboard";
import { DateTime } from "../../components/date-time";
import { loadConsentHistory } from "../../domain/consent/index.server";
import { isLifeEvent, isProvisionEvent, isSampleEvent } from "@tsunagi/consent-rules/ledger-event";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import dashboardStyles from "../../styles/consent-dashboard.css?url";
import { withoutAppScripts } from "../../rendering/page-scripts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

// A list of events and links only: sent without the app's scripts (ADR 085).
export const handle = withoutAppScripts;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:history.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const participant = new URL(request.url).searchParams.get("participant");
  const language = await getLanguage(request);
  const history = await loadConsentHistory({ userId: session.userId, participantId: participant, language });
  return { history, query: participantQuery(participant) };
}

export default function ConsentHistoryPage() {
  const { t } = useTranslation(["dashboard", "documents"]);
  const { history, query } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("history.title")}</h1>
      <SubjectNote subject={history} />
      <p>{t("history.intro")}</p>
      <p>
        {t("history.receiptAbout")}
        <a href="/consent-receipts/verify">{t("history.receiptCheck")}</a>
      </p>
      {history.entries.length === 0 ? <p>{t("history.empty")}</p> : null}
      <ol className="dash-timeline" aria-label={t("history.listLabel")}>
        {history.entries.map((entry) => {
          const typeLabel = t(`documents:eventTypes.${entry.type}`);
          // A sample registered later changes nothing the participant decided: one plain line, no PDF copy.
          if (isSampleEvent(entry.type)) {
            return (
              <li key={entry.eventId} data-testid="history-entry" data-event-type={entry.type}>
                <p>
                  {t("history.sampleRegistered")} <DateTime value={entry.occurredAt} />
                </p>
              </li>
            );
          }
          // The 2024 law's notice and a stop of provision: the law's events, not a version of the consent, so no copy.
          if (isProvisionEvent(entry.type)) {
            return (
              <li key={entry.eventId} data-testid="history-entry" data-event-type={entry.type}>
                <p>
                  {t(`history.provision.${entry.type}`)} <DateTime value={entry.occurredAt} />{" "}
                  <a href="/provision">{t("history.provision.link")}</a>
                </p>
              </li>
            );
          }
          // A death or loss of capacity the clinic recorded (ADR 143): a line for the proxy who reads on, no copy.
          if (isLifeEvent(entry.type)) {
            return (
              <li key={entry.eventId} data-testid="history-entry" data-event-type={entry.type}>
                <p>
                  {t(`history.lifeEvent.${entry.type}`)} <DateTime value={entry.occurredAt} />
                </p>
              </li>
            );
          }
          return (
            <li key={entry.eventId} data-testid="history-entry" data-event-type={entry.type}>
              <article aria-labelledby={`event-${entry.eventId}`}>
                <h2 id={`event-${entry.eventId}`}>
                  {entry.withdrawalLevel ? `${typeLabel} — ${t(`documents:withdrawalLevels.${entry.withdrawalLevel}`)}` : typeLabel}
                </h2>
                <dl className="dash-facts">
                  <dt>{t("history.when")}</dt>
                  <dd>
                    <DateTime value={entry.occurredAt} />
                  </dd>
                  <dt>{t("history.method")}</dt>
                  <dd>{t(`documents:methods.${entry.method}`)}</dd>
                  <dt>{t("history.who")}</dt>
                  <dd>{t(`history.actors.${entry.actor}`)}</dd>
                  {entry.formVersion ? (
                    <>
                      <dt>{t("history.formVersion")}</dt>
                      <dd>{entry.formVersion}</dd>
                    </>
                  ) : null}
                  {entry.pendingVersion ? (
                    <>
                      <dt>{t("history.pendingVersion")}</dt>
                      <dd>{entry.pendingVersion}</dd>
                    </>
                  ) : null}
                  {entry.changes.length > 0 ? (
                    <>
                      <dt>{t("history.changed")}</dt>
                      <dd>
                        <ul className="list-plain" data-testid="history-changes">
                          {entry.changes.map((change) => (
                            <li key={change.title}>
                              <strong>{change.title}</strong>
                              <br />
                              {t("history.fromTo", { from: change.from, to: change.to })}
                            </li>
                          ))}
                        </ul>
                      </dd>
                    </>
                  ) : null}
                  {entry.note ? (
                    <>
                      <dt>{t("history.note")}</dt>
                      <dd>{entry.note}</dd>
                    </>
                  ) : null}
                  <dt>{t("history.code")}</dt>
                  <dd className="mono" data-testid="verification-code">
                    {entry.verificationCode}
                  </dd>
                </dl>
                <p className="dash-choice__actions">
                  <a className="button button--secondary" href={`/consent/documents/${entry.eventId}.pdf`} download data-testid="pdf-link">
                    {t("history.pdf")}
                    <span className="visually-hidden"> ({typeLabel})</span>
                  </a>
                  <a className="button button--secondary" href={`/consent/receipts/${entry.eventId}.jws`} download data-testid="receipt-link">
                    {t("history.receipt")}
                    <span className="visually-hidden"> ({typeLabel})</span>
                  </a>
                  <a className="dash-link-button" href={`/verify?code=${encodeURIComponent(entry.verificationCode)}`}>
                    {t("history.verify")}
                    <span className="visually-hidden"> ({entry.verificationCode})</span>
                  </a>
                </p>
              </article>
            </li>
          );
        })}
      </ol>
      <p>
        <a href={`/consent${query}`}>{t("history.back")}</a>
      </p>
    </div>
  );
}
