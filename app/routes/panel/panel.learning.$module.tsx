import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { ModuleReading } from "../../components/learning/module-reading";
import { completeLearningModule } from "../../domain/learning/index.server";
import { isLearningModuleId } from "../../domain/learning/index";
import { loadLearningModule } from "../../domain/learning/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import { invalidForm, notFound } from "../../forms/refusals.server";

/** "Mark as done" names its intent, so an empty or stray body records nothing. */
const CompleteSchema = z.object({ intent: z.literal("complete") });

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? pageTitle(matches, `learning:modules.${data.module.id}.title`) : pageTitle(matches, "learning:path.title");

/**
 * One module: its sections, the self-check and "mark as done". The self-check is a GET form: the answers come back in
 * the query and the page explains each one, with or without JavaScript, and nothing is stored (ADR 060).
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "learning:panel");
  const answers = Object.fromEntries([...new URL(request.url).searchParams].filter(([name]) => /^q\d$/.test(name)));
  return json(await loadLearningModule({ userId: session.userId, moduleId: params.module ?? "", answers }));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "learning:panel");
  const moduleId = params.module ?? "";
  if (!isLearningModuleId(moduleId)) throw notFound();
  const { submission } = await parseForm(request, CompleteSchema);
  if (submission.status !== "success") return invalidForm(submission);
  await completeLearningModule({ userId: session.userId, moduleId, request: await requestContextOf(request, context) });
  return redirect(`/panel/learning?done=${moduleId}`);
}

export default function LearningModulePage() {
  const { t } = useTranslation("learning");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form] = useForm({ id: "complete", lastResult: actionData?.result, shouldValidate: "onSubmit" });
  const { module } = data;
  return (
    <article className="stack" aria-labelledby="module-title">
      <p>
        <a href="/panel/learning">{t("module.back")}</a>
      </p>
      <ModuleReading data={data} checkPath={`/panel/learning/${module.id}`} />

      <section className="stack" aria-labelledby="done-heading">
        <h2 id="done-heading">{t("module.doneHeading")}</h2>
        {data.completedAt ? (
          <p data-testid="module-completed">
            {t("module.completedOn")} <DateTime value={data.completedAt} />
          </p>
        ) : (
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrors id={form.errorId} errors={form.errors ?? Object.values(form.allErrors).flat()} />
            <p>{t("module.doneHint")}</p>
            <input type="hidden" name="intent" value="complete" />
            <div>
              <button type="submit" className="button">
                {t("module.markDone")}
              </button>
            </div>
          </Form>
        )}
        {data.next ? (
          <p>
            <a href={`/panel/learning/${data.next}`}>{t("module.next", { title: t(`modules.${data.next}.title`) })}</a>
          </p>
        ) : (
          <p>
            <a href="/panel/learning">{t("module.back")}</a>
          </p>
        )}
      </section>
    </article>
  );
}
