import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors } from "../../components/form-field";
import { InLanguage } from "../../components/access/names";
import { loadOwnApplication } from "../../domain/access/index.server";
import { isWithdrawable, withdrawApplication } from "../../domain/access/index.server";
import { freeTextSchema } from "../../domain/kernel/index";
import { uuidPattern } from "../../domain/kernel/index";
import { titleOf } from "../../domain/access/index";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm, notFound } from "../../forms/refusals.server";

/** Withdrawing asks for a ticked confirmation; the reason is the applicant's to give or not. */
const WithdrawSchema = z.object({ confirm: z.literal("yes"), reason: freeTextSchema(1000).optional() });

export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "access:withdraw.title");

async function ownApplication(applicantId: string, id: string | undefined) {
  if (!id || !uuidPattern.test(id)) throw notFound();
  return loadOwnApplication({ applicantId, applicationId: id });
}

/** What withdrawing means, before the applicant confirms it (or why it can no longer be done). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "applications:own");
  const application = await ownApplication(session.userId, params.id);
  return json({ id: application.id, reference: application.reference, title: titleOf(application.content), state: application.state, withdrawable: isWithdrawable(application.state) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "applications:own");
  const application = await ownApplication(session.userId, params.id);
  const { submission } = await parseForm(request, WithdrawSchema);
  if (submission.status !== "success") return invalidForm(submission);
  await withdrawApplication({ applicantId: session.userId, applicationId: application.id, reason: submission.value.reason ?? null, request: await requestContextOf(request, context) });
  return redirect(`/applications/${application.id}?notice=withdrawn`);
}

export default function WithdrawApplicationPage() {
  const { t } = useTranslation("access");
  const application = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ confirm: string; reason: string }>({ id: "withdraw", lastResult: actionData?.result, shouldValidate: "onSubmit" });
  return (
    <div className="stack forms-page">
      <p>
        <a href={`/applications/${application.id}`}>{t("withdraw.back")}</a>
      </p>
      <h1>{t("withdraw.heading", { reference: application.reference })}</h1>
      <p>
        <InLanguage text={application.title} />
      </p>
      {application.withdrawable ? (
        <>
          <ul className="stack" data-testid="withdraw-consequences">
            <li>{t("withdraw.consequences.review")}</li>
            <li>{t("withdraw.consequences.final")}</li>
            <li>{t("withdraw.consequences.record")}</li>
          </ul>
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrors id={form.errorId} errors={form.errors} />
            <div className="field">
              <label htmlFor={fields.reason.id}>{t("withdraw.reason")}</label>
              <span className="hint" id={`${fields.reason.id}-hint`}>
                {t("withdraw.reasonHint")}
              </span>
              <textarea id={fields.reason.id} name={fields.reason.name} rows={3} maxLength={1000} aria-describedby={`${fields.reason.id}-hint ${fields.reason.errorId}`} />
              <FormErrors id={fields.reason.errorId} errors={fields.reason.errors} />
            </div>
            <div className="choice-option">
              <input type="checkbox" id={fields.confirm.id} name={fields.confirm.name} value="yes" aria-describedby={fields.confirm.errorId} required />
              <label htmlFor={fields.confirm.id}>{t("withdraw.confirm")}</label>
              <FormErrors id={fields.confirm.errorId} errors={fields.confirm.errors} />
            </div>
            <div className="cluster">
              <button type="submit" className="button button--danger">
                {t("withdraw.submit")}
              </button>
              <a href={`/applications/${application.id}`} className="button button--secondary">
                {t("withdraw.keep")}
              </a>
            </div>
          </Form>
        </>
      ) : (
        <p className="alert" role="status" data-testid="withdraw-not-possible">
          {t("withdraw.notPossible", { state: t(`states.${application.state}`) })}
        </p>
      )}
    </div>
  );
}
