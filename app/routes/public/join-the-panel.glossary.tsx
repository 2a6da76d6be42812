import { type MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { glossaryTerms } from "../../domain/panel-recruitment/index";
import { pageTitle } from "../../i18n/page-title";
import { withoutAppScripts } from "../../rendering/page-scripts";

// Text only: sent without the app's scripts (ADR 085).
export const handle = withoutAppScripts;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "panel-calls:glossary.title");

/** The words the panel's papers use (issue 59 item 3; ADR 151), for members and for anyone thinking of applying. */
export default function PanelGlossary() {
  const { t } = useTranslation("panel-calls");
  return (
    <div className="stack">
      <p>
        <a href="/join-the-panel">{t("call.back")}</a>
      </p>
      <h1>{t("glossary.title")}</h1>
      <p>{t("glossary.intro")}</p>
      <dl className="stack glossary">
        {glossaryTerms.map((term) => (
          <div key={term} id={`term-${term}`} className="panel" data-testid="glossary-term">
            <dt>
              <strong>{t(`glossary.terms.${term}.term`)}</strong>
            </dt>
            <dd>{t(`glossary.terms.${term}.meaning`)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
