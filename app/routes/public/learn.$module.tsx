import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ModuleReading } from "../../components/learning/module-reading";
import { readLearningModule } from "../../domain/learning/index";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => (data ? pageTitle(matches, `learning:modules.${data.module.id}.title`) : pageTitle(matches, "learning:public.title"));

/** One module for anyone (ADR 148): the panel's words and self-check (a GET form; nothing stored), without "mark as done". */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const answers = Object.fromEntries([...new URL(request.url).searchParams].filter(([name]) => /^q\d$/.test(name)));
  return json(readLearningModule({ moduleId: params.module ?? "", answers }));
}

export default function PublicLearningModulePage() {
  const { t } = useTranslation("learning");
  const data = useLoaderData<typeof loader>();
  return (
    <article className="stack" aria-labelledby="module-title">
      <p>
        <a href="/learn">{t("public.back")}</a>
      </p>
      <ModuleReading data={data} checkPath={`/learn/${data.module.id}`} />
      <p>
        {data.next ? <a href={`/learn/${data.next}`}>{t("module.next", { title: t(`modules.${data.next}.title`) })}</a> : <a href="/learn">{t("public.back")}</a>}
      </p>
    </article>
  );
}
