import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { participantQuery } from "../../components/consent-dashboard";
import { DateTime } from "../../components/date-time";
import { formatCalendarDay } from "../../i18n/calendar-day";
import type { SupportedLanguage } from "../../i18n/languages";
import { homeCardsFor } from "../../domain/authz/index";
import { listOf } from "../../domain/consent/index";
import { loadHomeItems } from "../../domain/home/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { sentenceSubjectFor, subjectKey, subjectSentence, type Reader } from "../../i18n/sentence-subject";
import { withoutAppScripts } from "../../rendering/page-scripts";

// Links to what waits for this person only: sent without the app's scripts (ADR 085).
export const handle = withoutAppScripts;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:home.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  const language = await getLanguage(request);
  // Only pages this role can open now (app/domain/authz/destinations.ts): nothing promised, nothing out of reach.
  const cards = homeCardsFor(session.user.roles).map(({ id, path, card }) => ({ id, path, ...card! }));
  // What waits for this person comes first (issue 29 item 2): a request inside /consent alone was easy to miss.
  const { waiting, subjects } = await loadHomeItems({ userId: session.userId, roles: session.user.roles, language });
  // Whose consent the consent cards are about (ADR 119): the reader's own when they take part themselves, else the
  // people they act for as proxy, by name.
  const proxied = subjects.filter((subject) => subject.as === "proxy").map((subject) => subject.fullName);
  const consentReader: Reader = subjects.some((subject) => subject.as === "self") || proxied.length === 0 ? { as: "self" } : { as: "proxy", name: listOf(language, proxied) };
  return { displayName: session.user.displayName, roles: session.user.roles, cards, waiting, consentReader };
}

/** Home's cards whose words are about a participant's consent rather than the reader (app/domain/authz/destinations.ts). */
const subjectCards = new Set(["consent", "familySharing"]);

type Waiting = ReturnType<typeof useLoaderData<typeof loader>>["waiting"][number];

/** The sentence, the date a person acts by (or since), and where to act, for one waiting item. */
function wordsFor(item: Waiting): {
  key: string;
  values: Record<string, string | number>;
  whenKey: string;
  when: string | Date;
  /** A re-consent's deadline (ISO, a day in Japan), said beside it (ADR 120). */
  by?: string;
  link?: { key: string; href: string };
  /** A work queue's count is itself the link to the queue (issue 55 Deliver 5). */
  countLink?: string;
} {
  const person = "subject" in item && item.subject.as === "proxy";
  const name = "subject" in item ? item.subject.name : "";
  const about = sentenceSubjectFor(person ? { as: "proxy", name } : { as: "self" });
  const forSubject = (key: string) => subjectKey(key, about);
  const consentPage = "subject" in item ? `/consent${participantQuery(person ? item.subject.participantId : null)}` : "/consent";
  switch (item.kind) {
    case "reconsent":
      return {
        key: forSubject("reconsent"),
        values: { version: item.version, name },
        whenKey: "reconsentWhen",
        when: item.since,
        ...(item.deadline ? { by: item.deadline } : {}),
        link: { key: "reconsentLink", href: consentPage },
      };
    case "appointment":
      return { key: forSubject(item.talk), values: { name }, whenKey: "appointmentWhen", when: item.at, link: { key: "appointmentLink", href: consentPage } };
    case "provision_notice":
      return { key: forSubject("provisionNotice"), values: { name }, whenKey: "", when: "", link: { key: "provisionNoticeLink", href: `/provision${participantQuery(person ? item.subject.participantId : null)}` } };
    case "recontact":
      return { key: forSubject("recontact"), values: { count: item.count, name }, whenKey: "recontactWhen", when: item.since };
    case "consultations":
      return { key: "consultations", values: { count: item.count }, whenKey: "consultationsWhen", when: item.closesAt, link: { key: "consultationsLink", href: "/consultations" } };
    case "updates":
      return { key: "updates", values: { count: item.count }, whenKey: "updatesWhen", when: item.newest, link: { key: "updatesLink", href: "/updates" } };
    case "queue":
      return { key: `queues.${item.queue}`, values: { count: item.count }, whenKey: "queueSince", when: item.oldest ?? "", countLink: item.path };
  }
}

export default function Home() {
  const { t, i18n } = useTranslation(["account", "common"]);
  const data = useLoaderData<typeof loader>();
  const about = sentenceSubjectFor(data.consentReader);
  // The cards about a consent speak of the person it belongs to; the others (updates, the account) of the reader.
  const cardText = (id: string, key: string) => (subjectCards.has(id) ? subjectSentence(t, key, about) : t(key));
  return (
    <div className="stack">
      <h1>{t("home.greeting", { name: data.displayName })}</h1>
      <p>
        {t("home.role")} {data.roles.map((role) => (
          <span key={role} className="tag">
            {t(`roles.${role}`)}
          </span>
        ))}
      </p>
      <section aria-labelledby="waiting-heading">
        <h2 id="waiting-heading">{t("home.waiting.heading")}</h2>
        {data.waiting.length === 0 ? (
          <p data-testid="waiting-none">{t("home.waiting.none")}</p>
        ) : (
          <ul className="home-cards" aria-labelledby="waiting-heading">
            {data.waiting.map((item, index) => {
              const words = wordsFor(item);
              return (
                <li key={index} className="panel home-card home-card--waiting" data-testid="waiting-item" data-kind={item.kind} data-queue={item.kind === "queue" ? item.queue : undefined}>
                  <p>
                    <strong>{words.countLink ? <a href={words.countLink}>{t(`home.waiting.${words.key}`, words.values)}</a> : t(`home.waiting.${words.key}`, words.values)}</strong>
                  </p>
                  {words.when ? (
                    <p>
                      {t(`home.waiting.${words.whenKey}`)}: <DateTime value={words.when} />
                    </p>
                  ) : null}
                  {words.by ? (
                    <p className="alert" data-testid="waiting-deadline">
                      {t("home.waiting.reconsentBy", { date: formatCalendarDay(words.by, i18n.language as SupportedLanguage) })}
                    </p>
                  ) : null}
                  {words.link ? (
                    <a className="button button--block" href={words.link.href}>
                      {t(`home.waiting.${words.link.key}`)}
                    </a>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <h2 id="cards-heading">{t("home.nextHeading")}</h2>
      <ul className="home-cards" aria-labelledby="cards-heading">
        {data.cards.map((card) => (
          <li key={card.id} className="panel home-card">
            <h3 id={`card-${card.id}`}>
              {card.link ? (
                cardText(card.id, card.title)
              ) : (
                <a href={card.path}>{cardText(card.id, card.title)}</a>
              )}
            </h3>
            {card.body ? <p>{cardText(card.id, card.body)}</p> : null}
            {card.link ? (
              <a className="button button--block" href={card.path}>
                {cardText(card.id, card.link)}
              </a>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}


