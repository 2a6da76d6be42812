import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { participantQuery, SubjectNote } from "../../components/consent-dashboard";
import { FormErrors, TextAreaField } from "../../components/form-field";
import { isRightsRequestKind, MakeRightsRequestSchema, rightsAnswerDays, type RightsRequestKind } from "../../domain/rights/index";
import { listOwnRightsRequests, makeRightsRequest } from "../../domain/rights/index.server";
import { notFound, invalidForm } from "../../forms/refusals.server";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import { withoutAppScripts } from "../../rendering/page-scripts";
import { DELETION_RULE_WORDS } from "@tsunagi/consent-rules/provision-law";
import dashboardStyles from "../../styles/consent-dashboard.css?url";

// A plain form: no app scripts (ADR 085), the same with JavaScript off.
export const handle = withoutAppScripts;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:rights.newTitle");

function kindOf(value: string | undefined): RightsRequestKind {
  if (!value || !isRightsRequestKind(value)) throw notFound();
  return value;
}

/**
 * Making one request (issue 58 items 2 and 6, ADR 142). A deletion says first, in the rule's own words, what can be
 * deleted and what cannot; a correction and a stop of use ask what, in the person's words.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const kind = kindOf(params.kind);
  const participant = new URL(request.url).searchParams.get("participant");
  const { subject } = await listOwnRightsRequests({ userId: session.userId, participantId: participant });
  return json({ kind, subject, query: participantQuery(participant) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const kind = kindOf(params.kind);
  const participant = new URL(request.url).searchParams.get("participant");
  const { submission, language } = await parseForm(request, MakeRightsRequestSchema);
  if (submission.status !== "success") return invalidForm(submission);
  // The kind is the page's: a form that names another is refused as tampered.
  if (submission.value.kind !== kind) return invalidForm({ reply: () => submission.reply({ fieldErrors: { kind: ["invalid"] } }) });
  const made = await makeRightsRequest({ actor: { userId: session.userId }, participantId: participant, input: submission.value, language, request: await requestContextOf(request, context) });
  const query = new URLSearchParams({ made: "1", ...(participant ? { participant } : {}) });
  throw redirect(`/requests/${made.requestId}?${query.toString()}`);
}

export default function NewRightsRequest() {
  const { t } = useTranslation("dashboard");
  const { kind, subject, query } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ kind: string; details: string; confirm: string }>({ id: `rights-${kind}`, lastResult: actionData?.result });
  return (
    <div className="stack">
      <h1>{t(`rights.kinds.${kind}.title`)}</h1>
      <SubjectNote subject={subject} />
      <p>{t(`rights.kinds.${kind}.body`)}</p>
      {kind === "deletion" ? (
        <section className="panel stack" aria-labelledby="limits-heading" data-testid="deletion-limits">
          <h2 id="limits-heading">{t("rights.deletion.lawHeading")}</h2>
          <blockquote lang="ja">
            <p>{DELETION_RULE_WORDS}</p>
          </blockquote>
          <h3>{t("rights.deletion.canHeading")}</h3>
          <p>{t("rights.deletion.can")}</p>
          <h3>{t("rights.deletion.cannotHeading")}</h3>
          <ul>
            <li>{t("rights.deletion.cannotAnonymised")}</li>
            <li>{t("rights.deletion.cannotUsed")}</li>
            <li>{t("rights.deletion.cannotFuture")}</li>
          </ul>
          <p>
            <a href={`/provision${query}`}>{t("rights.deletion.stopLink")}</a>
          </p>
        </section>
      ) : null}
      <Form method="post" action={`/requests/new/${kind}${query}`} {...getFormProps(form)} className="panel stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="kind" value={kind} />
        <TextAreaField field={fields.details} label={t(`rights.kinds.${kind}.detailsLabel`)} hint={t(`rights.kinds.${kind}.detailsHint`)} rows={5} />
        {kind === "deletion" ? (
          <div className="field">
            <label className="choice">
              <input type="checkbox" name="confirm" value="yes" aria-describedby={fields.confirm.errors ? fields.confirm.errorId : undefined} />{" "}
              {t("rights.deletion.confirmLabel")}
            </label>
            {fields.confirm.errors ? (
              <p className="field-error" id={fields.confirm.errorId} role="alert">
                {t("rights.deletion.confirmRequired")}
              </p>
            ) : null}
          </div>
        ) : null}
        <p>{t("rights.deadline", { days: rightsAnswerDays })}</p>
        <div className="dash-actions">
          <button type="submit" className="button">
            {t("rights.submit")}
          </button>
          <a className="button button--secondary" href={`/requests${query}`}>
            {t("rights.back")}
          </a>
        </div>
      </Form>
    </div>
  );
}
