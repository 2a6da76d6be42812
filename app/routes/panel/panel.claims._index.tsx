import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors, FormField, SelectField, TextAreaField } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { MemberClaimFormSchema, panelClaimDecideDays, panelClaimDescriptionMax, panelClaimKinds, panelClaimPayDays, panelHonoraria } from "../../domain/panel-claims/index";
import { listOwnPanelClaims, submitPanelClaim, withdrawPanelClaim } from "../../domain/panel-claims/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { formatCalendarDay } from "../../i18n/calendar-day";
import type { SupportedLanguage } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import { withoutAppScripts } from "../../rendering/page-scripts";
import { messagesOf } from "../../forms/submission-errors";

// Plain forms and a list: sent without the app's scripts (ADR 085), the same with JavaScript off.
export const handle = withoutAppScripts;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "panel-claims:title");

/**
 * A panel member's honoraria and expenses (issue 59 item 3; ADR 152): claim one, and every claim of theirs with where it
 * stands, its deadlines and, if it was not approved, why. Only their own: another member's claim is not found.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "panel:claims");
  return json({ claims: await listOwnPanelClaims({ memberUserId: session.userId }) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "panel:claims");
  const { submission } = await parseForm(request, MemberClaimFormSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const form = submission.value;
  const requestContext = await requestContextOf(request, context);
  if (form.intent === "withdraw") {
    await withdrawPanelClaim({ claimId: form.claimId, memberUserId: session.userId, request: requestContext });
    throw redirect("/panel/claims?saved=withdrawn");
  }
  const { intent: _intent, ...input } = form;
  await submitPanelClaim({ memberUserId: session.userId, input, request: requestContext });
  throw redirect("/panel/claims?saved=claimed");
}

const yen = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

type Fields = { intent: string; kind: string; amountYen: string; occurredOn: string; description: string };

export default function PanelClaims() {
  const { t, i18n } = useTranslation("panel-claims");
  const language = i18n.language as SupportedLanguage;
  const { claims } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  // A refused withdrawal is said above the list; the claim form says its own beside its fields.
  const withdrawal = actionData?.result.initialValue?.intent === "withdraw";
  const [form, fields] = useForm<Fields>({ id: "claim", lastResult: withdrawal ? undefined : actionData?.result });
  const amount = (value: number) => t("amount", { amount: yen.format(value) });
  return (
    <div className="stack">
      <h1>{t("title")}</h1>
      {saved === "claimed" || saved === "withdrawn" ? (
        <p className="alert alert--success" role="status" data-testid="claim-saved">
          {t(`saved.${saved}`)}
        </p>
      ) : null}
      <p>{t("intro", { decideDays: panelClaimDecideDays, payDays: panelClaimPayDays })}</p>
      <p>{t("rates", { meeting: amount(panelHonoraria.honorarium_meeting), review: amount(panelHonoraria.honorarium_review) })}</p>
      <p>{t("bankNote")}</p>

      <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
        <h2>{t("form.heading")}</h2>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="claim" />
        <SelectField field={fields.kind} label={t("form.kind")} placeholder={t("form.choose")} options={panelClaimKinds.map((kind) => ({ value: kind, label: t(`kinds.${kind}`) }))} />
        <FormField field={fields.amountYen} label={t("form.amount")} hint={t("form.amountHint")} inputMode="numeric" />
        <FormField field={fields.occurredOn} label={t("form.occurredOn")} hint={t("form.occurredOnHint")} type="date" />
        <TextAreaField field={fields.description} label={t("form.description")} hint={t("form.descriptionHint", { max: panelClaimDescriptionMax })} rows={4} />
        <div>
          <button type="submit" className="button">
            {t("form.submit")}
          </button>
        </div>
      </Form>

      <section className="stack" aria-labelledby="claims-heading">
        <h2 id="claims-heading">{t("list.heading")}</h2>
        {withdrawal && actionData ? <FormErrors id="withdraw-refusal" errors={messagesOf(actionData.result)} /> : null}
        {claims.length === 0 ? <p>{t("list.none")}</p> : null}
        <ul className="list-plain stack" data-testid="panel-claims">
          {claims.map((claim) => (
            <li key={claim.id} className="panel stack" data-claim-id={claim.id} data-state={claim.state} data-overdue={claim.overdue ? "yes" : "no"}>
              <h3>
                {t(`kinds.${claim.kind}`)} · {amount(claim.amountYen)}
              </h3>
              <p data-testid="claim-state">
                <strong>{t(`states.${claim.state}`)}</strong>
              </p>
              <p>
                <UserText text={claim.description} />
              </p>
              <p>
                {t("list.occurredOn")}: {formatCalendarDay(claim.occurredOn, language)}
                <br />
                {t("list.submittedAt")}: <DateTime value={claim.submittedAt} />
              </p>
              {claim.state === "submitted" ? (
                <p data-testid="claim-deadline">
                  {t("list.decideBy")}: {formatCalendarDay(claim.decideByDay, language)}
                </p>
              ) : null}
              {(claim.state === "approved" || claim.state === "paid") && claim.payByDay ? (
                <p data-testid="claim-deadline">
                  {t("list.payBy")}: {formatCalendarDay(claim.payByDay, language)}
                </p>
              ) : null}
              {claim.overdue ? <p className="alert alert--error">{t("list.overdue")}</p> : null}
              {claim.state === "rejected" && claim.reason ? (
                <div data-testid="claim-reason">
                  <p>{t("list.reason")}:</p>
                  <p>
                    <UserText text={claim.reason} />
                  </p>
                </div>
              ) : null}
              {claim.state === "paid" && claim.paidAt ? (
                <p>
                  {t("list.paidAt")}: <DateTime value={claim.paidAt} />
                  {claim.paymentReference ? (
                    <>
                      <br />
                      {t("list.reference")}: <UserText text={claim.paymentReference} />
                    </>
                  ) : null}
                </p>
              ) : null}
              {claim.state === "withdrawn" && claim.withdrawnAt ? (
                <p>
                  {t("list.withdrawnAt")}: <DateTime value={claim.withdrawnAt} />
                </p>
              ) : null}
              {claim.state === "submitted" ? (
                <Form method="post" noValidate className="stack">
                  <input type="hidden" name="intent" value="withdraw" />
                  <input type="hidden" name="claimId" value={claim.id} />
                  <p className="hint">{t("list.withdrawHint")}</p>
                  <div>
                    <button type="submit" className="button button--secondary">
                      {t("list.withdraw")}
                    </button>
                  </div>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
