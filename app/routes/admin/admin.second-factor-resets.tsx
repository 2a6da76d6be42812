import { getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission, requireRecentAuthentication } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FieldError, FormErrors } from "../../components/form-field";
import { PersonName } from "../../components/person-name";
import { UserText } from "../../components/user-text";
import { RequestResetSchema, ResetIdSchema } from "../../domain/account/index";
import { approveSecondFactorReset } from "../../domain/account/index.server";
import { cancelSecondFactorReset } from "../../domain/account/index.server";
import { listSecondFactorResets } from "../../domain/account/index.server";
import { requestSecondFactorReset } from "../../domain/account/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import enrolmentStyles from "../../styles/enrolment.css?url";
import { invalidForm } from "../../forms/refusals.server";
import { TableScroll } from "../../components/table-scroll";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: enrolmentStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin:resets.title");

// One page, three steps of the two-person rule (ADR 042): ask (with a reason), approve (another admin), cancel.
const ResetActionSchema = z.discriminatedUnion("intent", [
  RequestResetSchema.extend({ intent: z.literal("request") }),
  ResetIdSchema.extend({ intent: z.literal("approve") }),
  ResetIdSchema.extend({ intent: z.literal("cancel") }),
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const listed = await listSecondFactorResets({ reader: { actorUserId: session.userId, ipAddress, userAgent } });
  return json({ ...listed, me: session.userId });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  // The account or reset chosen on the page is what was sent: one not there (gone meanwhile) or the reader's own
  // (the two-person rule's "forbidden") is said above the form in words, with the 404 or 403 status.
  const { submission } = await parseForm(request, ResetActionSchema, { inPlace: ["not_found", "forbidden"], inWords: { not_found: "admin:refusals.not_found" } });
  if (submission.status !== "success") return invalidForm(submission);
  const input = submission.value;
  // Asking for and approving a reset take someone's factors away: a recent proof of identity first. Cancelling does not.
  if (input.intent !== "cancel") requireRecentAuthentication(session, request, "/admin/second-factor-resets");
  const requestContext = await requestContextOf(request, context);
  if (input.intent === "request") await requestSecondFactorReset({ actorUserId: session.userId, input, request: requestContext });
  else if (input.intent === "approve") await approveSecondFactorReset({ actorUserId: session.userId, input, request: requestContext });
  else await cancelSecondFactorReset({ actorUserId: session.userId, input, request: requestContext });
  const notice = { request: "requested", approve: "approved", cancel: "cancelled" }[input.intent];
  throw redirect(`/admin/second-factor-resets?notice=${notice}`);
}

type RequestFields = { intent: string; userId: string; reason: string };

export default function SecondFactorResets() {
  const { t } = useTranslation(["admin", "account"]);
  const { resets, accounts, me } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<RequestFields>({
    id: "request-reset",
    lastResult: actionData?.result,
    defaultValue: { intent: "request", userId: params.get("userId") ?? "" },
  });
  const notice = params.get("notice");
  const pending = resets.filter((reset) => reset.state === "pending");
  const history = resets.filter((reset) => reset.state !== "pending");
  const submittedIntent = actionData?.result.initialValue?.intent;
  const targetProps = getSelectProps(fields.userId, { ariaDescribedBy: `${fields.userId.id}-hint` });
  const reasonProps = getTextareaProps(fields.reason, { ariaDescribedBy: `${fields.reason.id}-hint` });
  return (
    <div className="stack">
      <p>
        <a href="/admin/users">{t("resets.back")}</a>
      </p>
      <h1>{t("resets.title")}</h1>
      <p>{t("resets.intro")}</p>
      {notice === "requested" || notice === "approved" || notice === "cancelled" ? (
        <div className="alert alert--success" role="status">
          <p>{t(`resets.notices.${notice}`)}</p>
        </div>
      ) : null}
      {/* A refusal of approve or cancel is said at the top; the request form says its own beside its fields. */}
      {actionData && submittedIntent !== "request" ? <FormErrors id="reset-refusal" errors={actionData.result.error?.[""] ?? [t("refusals.invalid")]} /> : null}

      <section className="panel stack" aria-labelledby="pending-heading">
        <h2 id="pending-heading">{t("resets.pendingHeading")}</h2>
        {pending.length === 0 ? <p>{t("resets.nonePending")}</p> : null}
        <ul className="list-plain stack">
          {pending.map((reset) => (
            <li key={reset.id} className="stack" data-testid="pending-reset">
              <p>
                <strong>
                  <PersonName name={reset.target.displayName} />
                </strong>{" "}
                <span className="mono">{reset.target.email}</span>
              </p>
              <p>
                {t("resets.requestedBy", { email: reset.requestedBy.email })} <DateTime value={reset.requestedAt} withUtc />
              </p>
              <p>
                {t("resets.reason")}: <UserText text={reset.reason} />
              </p>
              <p>
                {t("resets.expires")} <DateTime value={reset.expiresAt} withUtc />
              </p>
              {reset.requestedBy.id === me ? <p className="hint">{t("resets.yourRequest")}</p> : null}
              {reset.target.id === me ? (
                <p className="hint">{t("resets.yourReset")}</p>
              ) : (
                <div className="actions">
                  <form noValidate method="post">
                    <input type="hidden" name="intent" value="approve" />
                    <input type="hidden" name="resetId" value={reset.id} />
                    <button type="submit" className="button button--danger" aria-label={t("resets.approveNamed", { email: reset.target.email })}>
                      {t("resets.approve")}
                    </button>
                  </form>
                  <form noValidate method="post">
                    <input type="hidden" name="intent" value="cancel" />
                    <input type="hidden" name="resetId" value={reset.id} />
                    <button type="submit" className="button button--secondary" aria-label={t("resets.cancelNamed", { email: reset.target.email })}>
                      {t("resets.cancel")}
                    </button>
                  </form>
                </div>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section className="panel stack" aria-labelledby="request-heading">
        <h2 id="request-heading">{t("resets.requestHeading")}</h2>
        <p>{t("resets.requestIntro")}</p>
        <Form method="post" {...getFormProps(form)} className="stack">
          <input type="hidden" name="intent" value="request" />
          {submittedIntent === "request" ? <FormErrors id={form.errorId} errors={form.errors} /> : null}
          <div className="field">
            <label htmlFor={fields.userId.id}>{t("resets.target")}</label>
            <span className="hint" id={`${fields.userId.id}-hint`}>
              {t("resets.targetHint")}
            </span>
            <select {...targetProps} key={targetProps.key}>
              <option value="">{t("resets.chooseTarget")}</option>
              {accounts
                .filter((account) => account.id !== me)
                .map((account) => (
                  <option key={account.id} value={account.id}>
                    {t("resets.targetOption", {
                      email: account.email,
                      roles: account.roles.map((role) => t(`account:roles.${role}`)).join(t("users.roleSeparator")),
                      factors: account.hasTotp ? t("resets.hasTotp", { passkeys: account.passkeys }) : t("resets.noTotp", { passkeys: account.passkeys }),
                    })}
                  </option>
                ))}
            </select>
            <FieldError field={fields.userId} />
          </div>
          <div className="field">
            <label htmlFor={fields.reason.id}>{t("resets.reason")}</label>
            <span className="hint" id={`${fields.reason.id}-hint`}>
              {t("resets.reasonHint")}
            </span>
            <textarea {...reasonProps} key={reasonProps.key} rows={3} />
            <FieldError field={fields.reason} />
          </div>
          <button type="submit" className="button">
            {t("resets.submitRequest")}
          </button>
        </Form>
      </section>

      <section className="panel stack" aria-labelledby="history-heading">
        <h2 id="history-heading">{t("resets.historyHeading")}</h2>
        {history.length === 0 ? <p>{t("resets.noneHistory")}</p> : null}
        {history.length > 0 ? (
          <TableScroll labelledBy="history-heading">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("resets.who")}</th>
                  <th scope="col">{t("resets.reason")}</th>
                  <th scope="col">{t("resets.requestedByColumn")}</th>
                  <th scope="col">{t("resets.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((reset) => (
                  <tr key={reset.id}>
                    <td className="mono">{reset.target.email}</td>
                    <td>
                      <UserText text={reset.reason} />
                    </td>
                    <td>
                      <span className="mono">{reset.requestedBy.email}</span> <DateTime value={reset.requestedAt} withUtc />
                    </td>
                    <td>
                      {t(`resets.states.${reset.state}`)}
                      {reset.approvedBy ? <> — {reset.approvedBy.email}</> : null}
                      {reset.cancelledBy ? <> — {reset.cancelledBy.email}</> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
      </section>
    </div>
  );
}
