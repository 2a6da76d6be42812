import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { DateTime } from "../../components/date-time";
import { isLearningModuleId } from "../../domain/learning/index";
import { loadLearningPath } from "../../domain/learning/index.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning:path.title");

/** The panel's learning path (issue 28 item 7; ADR 060): the four modules, which are done, and how many. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "learning:panel");
  return json(await loadLearningPath({ userId: session.userId }));
}

export default function LearningPathPage() {
  const { t } = useTranslation(["learning", "panel-calls"]);
  const path = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done");
  return (
    <div className="stack">
      <h1>{t("path.title")}</h1>
      <p>{t("path.intro")}</p>
      {done && isLearningModuleId(done) ? (
        <p className="alert" role="status" data-testid="learning-notice">
          {t("path.recorded", { title: t(`modules.${done}.title`) })}
        </p>
      ) : null}
      <p data-testid="learning-progress">
        <strong>{t("path.progress", { done: path.done, total: path.total })}</strong>
      </p>
      <ol className="stack" aria-label={t("path.listLabel")}>
        {path.modules.map((module) => (
          <li key={module.id} className="panel" data-testid={`learning-module-${module.id}`}>
            <h2>
              <a href={`/panel/learning/${module.id}`}>{t(`modules.${module.id}.title`)}</a>
            </h2>
            <p>{t(`modules.${module.id}.summary`)}</p>
            <p data-testid="learning-module-state">
              {module.completedAt ? (
                <>
                  <span className="tag">{t("path.done")}</span> {t("path.doneOn")} <DateTime value={module.completedAt} />
                </>
              ) : (
                <span className="tag">{t("path.notDone")}</span>
              )}
            </p>
          </li>
        ))}
      </ol>
      <p>{t("path.noGrade")}</p>
      <p>
        <a href="/join-the-panel/glossary">{t("panel-calls:list.glossary")}</a>
      </p>
    </div>
  );
}
