import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { learningModuleIds } from "../../domain/learning/index";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning:public.title");

/** The learning modules open to anyone (issue 59 item 5; ADR 148): the panel's path, without an account or a record. */
export default function PublicLearning() {
  const { t } = useTranslation("learning");
  return (
    <div className="stack">
      <h1>{t("public.title")}</h1>
      <p>{t("public.intro")}</p>
      <ol className="stack" aria-label={t("path.listLabel")}>
        {learningModuleIds.map((id) => (
          <li key={id} className="panel" data-testid={`learning-module-${id}`}>
            <h2>
              <a href={`/learn/${id}`}>{t(`modules.${id}.title`)}</a>
            </h2>
            <p>{t(`modules.${id}.summary`)}</p>
          </li>
        ))}
      </ol>
      <p>
        <a href="/briefings">{t("public.briefings")}</a>
      </p>
    </div>
  );
}
