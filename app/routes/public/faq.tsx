import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import { listFaqEntries } from "../../domain/enquiries/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enquiries:faq.title");

/** The public FAQ (ADR 145): answers the askers agreed to share, written again by staff without personal details. */
export async function loader({ request }: LoaderFunctionArgs) {
  return json({ entries: await listFaqEntries({ language: await getLanguage(request) }) });
}

export default function Faq() {
  const { t } = useTranslation("enquiries");
  const { entries } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("faq.title")}</h1>
      <p>{t("faq.intro")}</p>
      <p>
        <a className="button" href="/ask">
          {t("faq.ask")}
        </a>
      </p>
      {entries.length === 0 ? (
        <p>{t("faq.none")}</p>
      ) : (
        <ul className="list-plain stack" data-testid="faq-entries">
          {entries.map((entry) => (
            <li key={entry.id} className="panel">
              <h2 lang={entry.language === "en" ? "en" : "ja"}>
                <UserText text={entry.question} />
              </h2>
              <p className="pre-wrap" lang={entry.language === "en" ? "en" : "ja"}>
                <UserText text={entry.answer} />
              </p>
              <p className="muted">
                <DateTime value={entry.publishedAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
