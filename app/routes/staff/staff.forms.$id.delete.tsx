import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { deleteFormDraft } from "../../domain/consent/index.server";
import { loadFormDraft } from "../../domain/consent/index.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { notFound } from "../../forms/refusals.server";
import { answerRefusals } from "../../forms/refusal-answers.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "forms:delete.title", { version: data?.version ?? "" });
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

function formVersionIdOf(params: LoaderFunctionArgs["params"]): string {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw notFound();
  return id.data;
}

/** A version no longer a draft cannot be deleted: its own page says so. */
function answerNotEditable(id: string): void {
  answerRefusals({ redirectTo: { form_not_editable: `/staff/forms/${id}?notice=notEditable` } });
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "forms:manage");
  const id = formVersionIdOf(params);
  answerNotEditable(id);
  const draft = await loadFormDraft(id);
  return json({ id: draft.id, version: draft.content.version });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "forms:manage");
  const id = formVersionIdOf(params);
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  answerNotEditable(id);
  await deleteFormDraft({ formVersionId: id, context: { actorUserId: session.userId, ipAddress, userAgent } });
  throw redirect("/staff/forms?notice=deleted");
}

export default function DeleteFormDraft() {
  const { t } = useTranslation("forms");
  const data = useLoaderData<typeof loader>();
  return (
    <div className="stack forms-page">
      <p>
        <a href={`/staff/forms/${data.id}`}>{t("back.detail", { version: data.version })}</a>
      </p>
      <h1>{t("delete.title", { version: data.version })}</h1>
      <p>{t("delete.body")}</p>
      <Form noValidate method="post" className="button-row">
        <button type="submit" className="button button--danger">
          {t("delete.submit", { version: data.version })}
        </button>
        <a className="button button--secondary" href={`/staff/forms/${data.id}`}>
          {t("delete.cancel")}
        </a>
      </Form>
    </div>
  );
}
