import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRecentAuthentication, requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors, FormField } from "../../components/form-field";
import { changePassword, ChangePasswordSchema } from "../../domain/auth/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import { invalidForm } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:password.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  // Without a current password to type, adding one is a factor change that needs a fresh proof.
  if (!session.user.hasPassword) requireRecentAuthentication(session, request);
  return json({ hasPassword: session.user.hasPassword });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  const hidden = { hideFields: ["currentPassword", "newPassword", "confirmPassword"] };
  const { submission } = await parseForm(request, ChangePasswordSchema, hidden);
  if (submission.status !== "success") return invalidForm(submission, {}, hidden);
  await changePassword({ session, input: submission.value, request: await requestContextOf(request, context) });
  throw redirect("/account?notice=password");
}

export default function ChangePassword() {
  const { t } = useTranslation("account");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ currentPassword: string; newPassword: string; confirmPassword: string }>({ id: "password", lastResult: actionData?.result });
  return (
    <div className="stack">
      <h1>{t("password.title")}</h1>
      <p>{t("password.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="panel">
        <FormErrors id={form.errorId} errors={form.errors} />
        {data.hasPassword ? (
          <FormField field={fields.currentPassword} label={t("fields.currentPassword")} type="password" autoComplete="current-password" />
        ) : null}
        <FormField field={fields.newPassword} label={t("fields.newPassword")} hint={t("password.hint")} type="password" autoComplete="new-password" />
        <FormField field={fields.confirmPassword} label={t("fields.confirmPassword")} type="password" autoComplete="new-password" />
        <button type="submit" className="button button--block">
          {t("password.submit")}
        </button>
      </Form>
    </div>
  );
}
