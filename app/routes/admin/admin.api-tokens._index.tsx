import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission, requireRecentAuthentication } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors, FormField } from "../../components/form-field";
import { apiTokenScopes } from "@tsunagi/consent-rules/api-token-scopes";
import { issueApiToken, IssueApiTokenSchema } from "../../domain/api-tokens/index.server";
import { listApiTokens } from "../../domain/api-tokens/index.server";
import { isRecentlyAuthenticated } from "../../domain/auth/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { getFixedT } from "../../i18n/i18n";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:apiTokens.title");

/** i18next keys cannot hold ":" (its namespace separator), so a scope's label key spells it with "_". */
const scopeKey = (scope: string) => `apiTokens.scopeLabels.${scope.replace(":", "_")}`;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  const tokens = await listApiTokens();
  return json({ tokens, now: new Date().toISOString(), needsReauthentication: !isRecentlyAuthenticated(session) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  // A token is a standing credential for the participants' consent records: issuing one is like adding a factor.
  requireRecentAuthentication(session, request, "/admin/api-tokens");
  const { submission, language } = await parseForm(request, IssueApiTokenSchema);
  if (submission.status !== "success") {
    // The shared messages speak of characters; a checkbox group and a number of days need their own words.
    const t = await getFixedT(language, "account");
    const ownWords = {
      reply(options?: { hideFields?: string[]; resetForm?: boolean }) {
        const result = submission.reply(options) as SubmissionResult<string[]>;
        if (result.error?.scopes) result.error.scopes = [t("apiTokens.issue.scopesRequired")];
        if (result.error?.expiresInDays) result.error.expiresInDays = [t("apiTokens.issue.expiresInDaysInvalid")];
        return result;
      },
    };
    return invalidForm(ownWords, { issued: null });
  }
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const issued = await issueApiToken({ ...submission.value, createdById: session.userId, context: { actorUserId: session.userId, ipAddress, userAgent } });
  return json({ result: submission.reply({ resetForm: true }) as SubmissionResult<string[]>, issued: { name: issued.name, token: issued.token } });
}

export default function ApiTokens() {
  const { t } = useTranslation("account");
  const { tokens, now, needsReauthentication } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<{ name: string; scopes: string[]; expiresInDays: string }>({ id: "issue-api-token", lastResult: actionData?.result });
  const scopeHintId = `${fields.scopes.id}-hint`;
  return (
    <div className="stack">
      <h1>{t("apiTokens.title")}</h1>
      <p>{t("apiTokens.intro")}</p>
      {params.get("notice") === "revoked" ? (
        <div className="alert alert--success" role="status">
          <p>{t("apiTokens.notices.revoked")}</p>
        </div>
      ) : null}

      {actionData?.issued ? (
        <section className="alert alert--success" role="status" aria-labelledby="issued-heading">
          <h2 id="issued-heading">{t("apiTokens.issued.heading")}</h2>
          <p id="issued-hint">{t("apiTokens.issued.copyHint")}</p>
          <div className="field">
            <label htmlFor="issued-token">{t("apiTokens.issued.label", { name: actionData.issued.name })}</label>
            <input id="issued-token" className="mono" type="text" readOnly value={actionData.issued.token} aria-describedby="issued-hint" autoComplete="off" spellCheck={false} data-testid="issued-token" />
          </div>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="token-list-heading">
        <h2 id="token-list-heading">{t("apiTokens.list.heading")}</h2>
        {tokens.length === 0 ? <p>{t("apiTokens.list.empty")}</p> : null}
        <ul className="list-plain">
          {tokens.map((token) => {
            const expired = token.expiresAt !== null && token.expiresAt <= now;
            const status = token.revokedAt ? "revoked" : expired ? "expired" : "active";
            return (
              <li key={token.id} data-testid="api-token-row">
                <p>
                  <strong>{token.name}</strong> <span className="tag">{t(`apiTokens.list.${status}`)}</span>
                </p>
                <p>
                  {t("apiTokens.list.scopes")}:{" "}
                  {token.scopes.map((scope) => (
                    <span key={scope} className="tag mono" title={t(scopeKey(scope))}>
                      {scope}
                    </span>
                  ))}
                </p>
                <p>
                  {t("apiTokens.list.created")} <DateTime value={token.createdAt} withUtc />
                </p>
                <p>
                  {t("apiTokens.list.lastUsed")} {token.lastUsedAt ? <DateTime value={token.lastUsedAt} withUtc /> : t("apiTokens.list.neverUsed")}
                </p>
                <p>
                  {t("apiTokens.list.expires")} {token.expiresAt ? <DateTime value={token.expiresAt} withUtc /> : t("apiTokens.list.noExpiry")}
                </p>
                {token.revokedAt ? (
                  <p>
                    {t("apiTokens.list.revokedAt")} <DateTime value={token.revokedAt} withUtc />
                  </p>
                ) : (
                  <a className="button button--secondary" href={`/admin/api-tokens/${token.id}/revoke`}>
                    {t("apiTokens.list.revoke")}
                    <span className="visually-hidden"> {t("apiTokens.list.revokeWhich", { name: token.name })}</span>
                  </a>
                )}
              </li>
            );
          })}
        </ul>
      </section>

      <section className="panel" aria-labelledby="issue-heading">
        <h2 id="issue-heading">{t("apiTokens.issue.heading")}</h2>
        {needsReauthentication ? <p>{t("apiTokens.issue.reauthenticationNote")}</p> : null}
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <FormField field={fields.name} label={t("apiTokens.issue.name")} hint={t("apiTokens.issue.nameHint")} type="text" autoComplete="off" />
          {/* Not a .field: its input styles are for text boxes; each row's label makes the whole row clickable. */}
          <fieldset aria-describedby={fields.scopes.errors?.length ? `${scopeHintId} ${fields.scopes.errorId}` : scopeHintId} aria-invalid={fields.scopes.errors?.length ? true : undefined}>
            <legend>
              <strong>{t("apiTokens.issue.scopes")}</strong>
            </legend>
            <p id={scopeHintId}>{t("apiTokens.issue.scopesHint")}</p>
            <ul className="list-plain">
              {apiTokenScopes.map((scope) => {
                const id = `${fields.scopes.id}-${scope.replace(":", "-")}`;
                return (
                  <li key={scope}>
                    <label htmlFor={id}>
                      <input type="checkbox" id={id} name={fields.scopes.name} value={scope} defaultChecked={fields.scopes.initialValue?.includes(scope)} /> {t(scopeKey(scope))}{" "}
                      <span className="mono">({scope})</span>
                    </label>
                  </li>
                );
              })}
            </ul>
            {fields.scopes.errors?.length ? (
              <p className="field-error" id={fields.scopes.errorId} role="alert">
                {fields.scopes.errors.join(" ")}
              </p>
            ) : null}
          </fieldset>
          <div className="field">
            <label htmlFor={fields.expiresInDays.id}>{t("apiTokens.issue.expiresInDays")}</label>
            <span className="hint" id={`${fields.expiresInDays.id}-hint`}>
              {t("apiTokens.issue.expiresInDaysHint")}
            </span>
            <input
              {...getInputProps(fields.expiresInDays, { type: "number", ariaDescribedBy: `${fields.expiresInDays.id}-hint` })}
              key={fields.expiresInDays.key}
              min={1}
              max={3650}
              step={1}
              inputMode="numeric"
            />
            {fields.expiresInDays.errors?.length ? (
              <p className="field-error" id={fields.expiresInDays.errorId} role="alert">
                {fields.expiresInDays.errors.join(" ")}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button">
            {t("apiTokens.issue.submit")}
          </button>
        </Form>
      </section>
    </div>
  );
}
