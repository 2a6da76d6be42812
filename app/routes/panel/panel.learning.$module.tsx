import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
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

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\s*\n/).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </>
  );
}

export default function LearningModulePage() {
  const { t } = useTranslation("learning");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form] = useForm({ id: "complete", lastResult: actionData?.result, shouldValidate: "onSubmit" });
  const { module } = data;
  const key = (rest: string) => `modules.${module.id}.${rest}`;
  const feedback = new Map(data.feedback.map((entry) => [entry.questionId, entry]));
  const answered = data.feedback.length;
  return (
    <article className="stack" aria-labelledby="module-title">
      <p>
        <a href="/panel/learning">{t("module.back")}</a>
      </p>
      <p>{t("module.position", { position: data.position, total: data.total })}</p>
      <h1 id="module-title">{t(key("title"))}</h1>
      <p>{t(key("summary"))}</p>
      {module.sections.map((section) => (
        <section key={section} className="stack" aria-labelledby={`section-${section}`}>
          <h2 id={`section-${section}`}>{t(key(`sections.${section}.heading`))}</h2>
          <Paragraphs text={t(key(`sections.${section}.body`))} />
        </section>
      ))}

      <section className="stack panel" id="self-check" aria-labelledby="self-check-heading">
        <h2 id="self-check-heading">{t("check.heading")}</h2>
        <p>{t("check.intro")}</p>
        {answered > 0 ? (
          <p role="status" data-testid="self-check-summary">
            {t("check.summary", { correct: data.feedback.filter((entry) => entry.correct).length, answered })}
          </p>
        ) : null}
        <form noValidate method="get" action={`/panel/learning/${module.id}#self-check`} className="stack">
          {module.questions.map((question, index) => {
            const result = feedback.get(question.id);
            return (
              <fieldset key={question.id} className="stack" aria-describedby={result ? `${question.id}-feedback` : undefined}>
                <legend>
                  {t("check.questionNumber", { number: index + 1 })} {t(key(`questions.${question.id}.prompt`))}
                </legend>
                {question.options.map((option) => (
                  <div key={option} className="choice-option">
                    <input type="radio" id={`${question.id}-${option}`} name={question.id} value={option} defaultChecked={result?.chosen === option} />
                    <label htmlFor={`${question.id}-${option}`}>{t(key(`questions.${question.id}.options.${option}`))}</label>
                  </div>
                ))}
                {result ? (
                  <div id={`${question.id}-feedback`} className="alert" data-testid={`feedback-${question.id}`}>
                    <p>
                      <strong>{result.correct ? t("check.correct") : t("check.notQuite")}</strong>{" "}
                      {result.correct ? null : t("check.theAnswer", { answer: t(key(`questions.${question.id}.options.${result.answer}`)) })}
                    </p>
                    <p>{t(key(`questions.${question.id}.explanation`))}</p>
                  </div>
                ) : null}
              </fieldset>
            );
          })}
          <div>
            <button type="submit" className="button button--secondary">
              {t("check.submit")}
            </button>
          </div>
        </form>
      </section>

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
