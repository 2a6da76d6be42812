import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { findApiToken } from "../../domain/api-tokens/index.server";
import { revokeApiToken } from "../../domain/api-tokens/index.server";
import { pageTitle } from "../../i18n/page-title";
import { notFound } from "../../forms/refusals.server";

const TokenIdSchema = z.string().regex(/^[a-z2-9]{16}$/);

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:apiTokens.revoke.title");

function tokenIdOf(params: { tokenId?: string }): string {
  const parsed = TokenIdSchema.safeParse(params.tokenId);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/** A page of its own, so the confirmation works without JavaScript and says what stops working. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "users:manage");
  const token = await findApiToken(tokenIdOf(params));
  if (!token) throw notFound();
  return json({ token: { name: token.name, scopes: token.scopes, revoked: token.revokedAt !== null } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  await revokeApiToken({ tokenId: tokenIdOf(params), context: { actorUserId: session.userId, ipAddress, userAgent } });
  throw redirect("/admin/api-tokens?notice=revoked");
}

export default function RevokeApiToken() {
  const { t } = useTranslation("account");
  const { token } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("apiTokens.revoke.title")}</h1>
      {token.revoked ? (
        <p>{t("apiTokens.revoke.alreadyRevoked")}</p>
      ) : (
        <Form noValidate method="post" className="panel">
          <p>{t("apiTokens.revoke.confirm", { name: token.name })}</p>
          <p>
            {token.scopes.map((scope) => (
              <span key={scope} className="tag mono">
                {scope}
              </span>
            ))}
          </p>
          <button type="submit" className="button button--danger">
            {t("apiTokens.revoke.submit")}
          </button>{" "}
          <a className="button button--secondary" href="/admin/api-tokens">
            {t("apiTokens.revoke.cancel")}
          </a>
        </Form>
      )}
      <p>
        <a href="/admin/api-tokens">{t("apiTokens.revoke.back")}</a>
      </p>
    </div>
  );
}
