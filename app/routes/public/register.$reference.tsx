import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RegisterEntryFields } from "../../components/register-entry-fields";
import { UserText } from "../../components/user-text";
import { calendarDayText } from "../../components/date-time";
import { ResearchOutputs } from "../../components/access/research-outputs";
import { inLanguage, outputsInLanguage } from "../../domain/access/index";
import { findRegisterEntry } from "../../domain/access/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import registerStyles from "../../styles/register.css?url";
import { notFound } from "../../forms/refusals.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registerStyles }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => (data ? [{ title: `${data.entry.reference} ${data.title} | Tsunagi` }] : pageTitle(matches, "register:title"));

/** One approved use (ADR 043); an application never approved is "not found" like an unknown reference. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const [entry, language] = await Promise.all([findRegisterEntry({ reference: params.reference ?? "" }), getLanguage(request)]);
  if (!entry) throw notFound();
  // The lay summary in the reader's language (やさしい日本語 readers get the Japanese one); the language switch reloads.
  const summary = language === "en" ? entry.laySummary.en : entry.laySummary.ja;
  const { laySummary: _both, researchOutputs, ...shown } = entry;
  return json({ entry: shown, summary, title: inLanguage(entry.title, language), outputs: outputsInLanguage(researchOutputs, language) });
}

export default function RegisterEntryPage() {
  const { t, i18n } = useTranslation("register");
  const { entry, summary, title, outputs } = useLoaderData<typeof loader>();
  return (
    <article className="stack register-page" aria-labelledby="entry-title">
      <p>
        <a href="/register">{t("backToList")}</a>
      </p>
      <h1 id="entry-title">
        <span className="mono">{entry.reference}</span> <bdi dir="auto">{title}</bdi>
      </h1>
      <section className="panel" aria-labelledby="summary-heading">
        <h2 id="summary-heading">{t("fields.laySummary")}</h2>
        <p data-testid="register-lay-summary">
          <UserText text={summary} className="register-summary" readings />
        </p>
      </section>
      <RegisterEntryFields entry={entry} full />
      {entry.panelFlags.length > 0 ? (
        <section className="panel stack" aria-labelledby="panel-flags-heading" data-testid="register-panel-flags">
          <h2 id="panel-flags-heading">{t("panelFlags.heading")}</h2>
          <p>{t("panelFlags.intro")}</p>
          <ul className="stack">
            {entry.panelFlags.map((flag) => (
              <li key={`${flag.flaggedOn}-${flag.reason}`}>
                <p className="hint">{t("panelFlags.flaggedOn", { date: calendarDayText(flag.flaggedOn, i18n.language) })}</p>
                <UserText text={flag.reason} className="pre-wrap" readings />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="panel">
        <ResearchOutputs outputs={outputs} id="research-outputs-heading" />
      </section>
      <p className="register-credit">{t("duoCredit")}</p>
    </article>
  );
}
