import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission, requireRecentAuthentication } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors, FormField } from "../../components/form-field";
import { loadFormVersionDetail } from "../../domain/consent/index.server";
import { isReconsentDeadlineAllowed, publishFormVersion } from "../../domain/consent/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { translator } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm, notFound } from "../../forms/refusals.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "forms:publish.title", { version: data?.version ?? "" });
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

/** The draft to publish with the numbers the page states; a version already published goes back to its page. */
async function draftToPublish(params: LoaderFunctionArgs["params"]) {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw notFound();
  const detail = await loadFormVersionDetail(id.data);
  if (detail.status !== "draft") throw redirect(`/staff/forms/${detail.id}?notice=notEditable`);
  return detail;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "forms:manage");
  // Publishing can ask thousands of people to re-consent: prove who you are first, as for a factor change.
  requireRecentAuthentication(session, request);
  const detail = await draftToPublish(params);
  return json({
    id: detail.id,
    version: detail.version,
    kind: detail.kind,
    interimRule: detail.content.interimRule,
    reconsentAudience: detail.reconsentAudience,
    computedHash: detail.computedHash,
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "forms:manage");
  requireRecentAuthentication(session, request);
  const detail = await draftToPublish(params);
  const forms = translator(await getLanguage(request), "forms");
  const schema = z.object({
    // A major version's re-consent deadline (ADR 120): optional; a day after today in Japan, within two years.
    reconsentDeadline: z
      .string()
      .trim()
      .max(10)
      .optional()
      .refine((value) => value === undefined || (detail.kind === "major" && isReconsentDeadlineAllowed(value, new Date())), { message: forms("errors.deadlineRange") }),
    confirmVersion: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .refine((typed) => typed === detail.version, { message: forms("errors.confirmMismatch", { version: detail.version }) }),
  });
  // A version published meanwhile goes back to its page, which says so.
  const { submission } = await parseForm(request, schema, { redirectTo: { form_not_editable: `/staff/forms/${detail.id}?notice=notEditable` } });
  if (submission.status !== "success") return invalidForm(submission);
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  await publishFormVersion({
    formVersionId: detail.id,
    publishedById: session.userId,
    actorRole: session.user.role,
    reconsentDeadline: submission.value.reconsentDeadline ?? null,
    context: { actorUserId: session.userId, ipAddress, userAgent },
  });
  throw redirect(`/staff/forms/${detail.id}?notice=published`);
}

export default function PublishFormVersion() {
  const { t } = useTranslation("forms");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ confirmVersion: string; reconsentDeadline: string }>({ id: "publish", lastResult: actionData?.result });
  return (
    <div className="stack forms-page">
      <p>
        <a href={`/staff/forms/${data.id}`}>{t("back.detail", { version: data.version })}</a>
      </p>
      <h1>{t("publish.title", { version: data.version })}</h1>
      <section className="panel" aria-labelledby="consequence-heading">
        <h2 id="consequence-heading">{t("publish.consequenceHeading")}</h2>
        <p>
          <strong>{data.kind === "major" ? t("publish.consequence.major", { count: data.reconsentAudience }) : t("publish.consequence.minor")}</strong>
        </p>
        {data.kind === "major" ? (
          <p>
            {t("publish.meanwhile", { rule: t(`interimRules.${data.interimRule}.label`) })} {t(`interimRules.${data.interimRule}.explanation`)}
          </p>
        ) : null}
        <p>{t("publish.permanent")}</p>
        <p>
          {t("fields.hashIfPublished")}: <span className="hash">{data.computedHash}</span>
        </p>
      </section>
      <Form method="post" {...getFormProps(form)} className="panel">
        <FormErrors id={form.errorId} errors={form.errors} />
        {data.kind === "major" ? <FormField field={fields.reconsentDeadline} label={t("publish.deadlineLabel")} hint={t("publish.deadlineHint")} type="date" /> : null}
        <FormField field={fields.confirmVersion} label={t("publish.confirmLabel", { version: data.version })} hint={t("publish.confirmHint")} type="text" autoComplete="off" />
        <button type="submit" className="button">
          {t("publish.submit", { version: data.version })}
        </button>
      </Form>
    </div>
  );
}
