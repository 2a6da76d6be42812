import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission, requireRecentAuthentication } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FieldError, FormErrors, FormField } from "../../components/form-field";
import { additionalRolesAdminsGive, CreateAccountSchema, primaryRolesAdminsCreate } from "../../domain/account/index";
import { createAccount } from "../../domain/account/index.server";
import { isRecentlyAuthenticated } from "../../domain/auth/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";
import enrolmentStyles from "../../styles/enrolment.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: enrolmentStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin:new.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  return json({ needsReauthentication: !isRecentlyAuthenticated(session) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  // Creating an account hands someone a way in, with whatever roles are ticked: prove who you are first, as for a token.
  requireRecentAuthentication(session, request, "/admin/users/new");
  // What creating an account refuses is about the address (already another account's): said on that field.
  const { submission } = await parseForm(request, CreateAccountSchema, { field: { account_change_refused: "email" } });
  if (submission.status !== "success") {
    const rolesOnTheirGroup = {
      reply(options?: { hideFields?: string[]; resetForm?: boolean }) {
        const result = submission.reply(options) as SubmissionResult<string[]>;
        // A role not offered arrives as additionalRoles[n]: say it beside the group of boxes.
        for (const key of Object.keys(result.error ?? {})) {
          if (!key.startsWith("additionalRoles[")) continue;
          result.error!.additionalRoles = [...(result.error!.additionalRoles ?? []), ...(result.error![key] ?? [])];
          delete result.error![key];
        }
        return result;
      },
    };
    return invalidForm(rolesOnTheirGroup);
  }
  const created = await createAccount({ actorUserId: session.userId, input: submission.value, request: await requestContextOf(request, context) });
  throw redirect(`/admin/users?created=${created.id}&mailed=${created.mailed ? "1" : "0"}#user-${created.id}`);
}

type AccountFields = { email: string; displayName: string; preferredLanguage: string; role: string; additionalRoles: string[] };

export default function NewAccount() {
  const { t } = useTranslation(["admin", "account"]);
  const { needsReauthentication } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<AccountFields>({ id: "new-account", lastResult: actionData?.result, defaultValue: { preferredLanguage: "ja" } });
  const chosen = new Set(fields.additionalRoles.initialValue ?? []);
  const roleHintId = `${fields.role.id}-hint`;
  const additionalHintId = `${fields.additionalRoles.id}-hint`;
  const languageProps = getSelectProps(fields.preferredLanguage);
  const roleProps = getSelectProps(fields.role, { ariaDescribedBy: roleHintId });
  return (
    <div className="stack">
      <p>
        <a href="/admin/users">{t("new.back")}</a>
      </p>
      <h1>{t("new.title")}</h1>
      <p>{t("new.intro")}</p>
      {needsReauthentication ? <p>{t("new.reauthenticationNote")}</p> : null}
      <Form method="post" {...getFormProps(form)} className="panel stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormField field={fields.email} label={t("new.email")} hint={t("new.emailHint")} />
        <FormField field={fields.displayName} label={t("new.displayName")} hint={t("new.displayNameHint")} />
        <div className="field">
          <label htmlFor={fields.preferredLanguage.id}>{t("new.preferredLanguage")}</label>
          <select {...languageProps} key={languageProps.key}>
            <option value="ja">{t("new.languages.ja")}</option>
            <option value="ja-easy">{t("new.languages.jaEasy")}</option>
            <option value="en">{t("new.languages.en")}</option>
          </select>
          <FieldError field={fields.preferredLanguage} />
        </div>
        <div className="field">
          <label htmlFor={fields.role.id}>{t("new.role")}</label>
          <span className="hint" id={roleHintId}>
            {t("new.roleHint")}
          </span>
          <select {...roleProps} key={roleProps.key}>
            <option value="">{t("new.chooseRole")}</option>
            {primaryRolesAdminsCreate.map((role) => (
              <option key={role} value={role}>
                {t(`account:roles.${role}`)}
              </option>
            ))}
          </select>
          <FieldError field={fields.role} />
        </div>
        <fieldset aria-describedby={fields.additionalRoles.errors?.length ? `${additionalHintId} ${fields.additionalRoles.errorId}` : additionalHintId}>
          <legend>
            <strong>{t("new.additionalRoles")}</strong>
          </legend>
          <p className="hint" id={additionalHintId}>
            {t("new.additionalRolesHint")}
          </p>
          {additionalRolesAdminsGive.map((role) => (
            <label className="choice" key={role}>
              <input type="checkbox" name={fields.additionalRoles.name} value={role} defaultChecked={chosen.has(role)} />
              <span>{t(`account:roles.${role}`)}</span>
            </label>
          ))}
          <FieldError field={fields.additionalRoles} />
        </fieldset>
        <p>{t("new.howTheySignIn")}</p>
        <button type="submit" className="button">
          {t("new.submit")}
        </button>
      </Form>
    </div>
  );
}
