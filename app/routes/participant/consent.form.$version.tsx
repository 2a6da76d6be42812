import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsentFormView } from "../../components/consent-form-view";
import { loadShareableForm } from "../../domain/consent/index.server";
import { getEnv } from "../../env.server";
import { getLanguage } from "../../i18n/language.server";
import { htmlLangOf, isSupportedLanguage, supportedLanguages } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import journeyStyles from "../../styles/consent-journey.css?url";
import { notFound } from "../../forms/refusals.server";
import { formTextPath, isProgrammeFormKey } from "../../domain/consent/index";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "journey:form.title");

/** Public: the form text is not personal, and families should be able to read it without an account. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const requested = url.searchParams.get("lang");
  const language = isSupportedLanguage(requested) ? requested : await getLanguage(request);
  // Which arm's form (ADR 124): the cancer form when none is named; a name that is no programme form is a page that does not exist.
  const requestedForm = url.searchParams.get("form");
  if (requestedForm !== null && !isProgrammeFormKey(requestedForm)) throw notFound();
  const form = await loadShareableForm(params.version ?? "", language, requestedForm ?? undefined);
  const shareUrl = new URL(formTextPath(form.formKey, form.formVersion, language), getEnv().APP_URL).toString();
  return json({ form, shareUrl });
}

export default function ShareableForm() {
  const { t } = useTranslation("journey");
  const { form, shareUrl } = useLoaderData<typeof loader>();
  const mailto = `mailto:?subject=${encodeURIComponent(t("form.mailSubject", { title: form.body.title }))}&body=${encodeURIComponent(t("form.mailBody", { url: shareUrl }))}`;
  return (
    <div className="stack">
      <h1>{t("form.title")}</h1>
      <dl className="journey-facts">
        <dt>{t("form.version")}</dt>
        <dd>{form.formVersion}</dd>
        <dt>{t("form.effective")}</dt>
        <dd>{form.effectiveDate}</dd>
        <dt>{t("form.hash")}</dt>
        <dd className="mono">{form.contentHash}</dd>
      </dl>
      {form.current ? null : (
        <p className="alert journey-no-print">
          {t("form.notCurrent")} <a href={formTextPath(form.formKey, form.currentVersion, form.language)}>{t("form.readCurrent", { version: form.currentVersion })}</a>
        </p>
      )}
      <section className="panel journey-no-print" aria-labelledby="share-heading">
        <h2 id="share-heading">{t("form.shareHeading")}</h2>
        <p className="journey-print-hint">{t("form.print")}</p>
        <p>
          <a className="button button--secondary" href={mailto}>
            {t("form.send")}
          </a>
        </p>
        <nav aria-label={t("form.languages")}>
          <ul className="journey-links">
            {supportedLanguages.map((language) => (
              <li key={language}>
                <a href={formTextPath(form.formKey, form.formVersion, language)} lang={htmlLangOf(language)} aria-current={language === form.language ? "page" : undefined}>
                  {t(`common:language.names.${language}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </section>
      <ConsentFormView language={form.language} body={form.body} questions={form.questions} choices={form.choices} />
    </div>
  );
}
