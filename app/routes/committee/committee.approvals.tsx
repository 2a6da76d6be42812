import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { InLanguage, NameList } from "../../components/access/names";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { PersonName } from "../../components/person-name";
import { UserText } from "../../components/user-text";
import { extendApproval, reinstateApproval, revokeApproval, suspendApproval } from "../../domain/access/index.server";
import { listApprovals } from "../../domain/access/index.server";
import { freeTextSchema } from "../../domain/kernel/index";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import { invalidForm } from "../../forms/refusals.server";
import { messagesOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "access:approvals.title");

const ApprovalActionSchema = z.object({
  intent: z.enum(["suspend", "reinstate", "revoke", "extend"]),
  approvalId: z.uuid(),
  version: z.coerce.number().int().min(1),
  reason: freeTextSchema(1000),
  endsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
}).superRefine((value, ctx) => {
  // Extending asks for the new end date ("required" on its field, as a field left empty says).
  if (value.intent === "extend" && !value.endsOn) ctx.addIssue({ code: "invalid_type", expected: "string", input: undefined, path: ["endsOn"] });
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "approvals:manage");
  return json({ approvals: await listApprovals() });
}

/** Sanctions under the data policy (suspend, revoke) and extensions: each sent to the bridge and audited (ADR 041). */
export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "approvals:manage");
  const { submission } = await parseForm(request, ApprovalActionSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const { intent, approvalId, version, reason, endsOn } = submission.value;
  const input = { approvalId, expectedVersion: version, reason, actor: { userId: session.userId }, request: await requestContextOf(request, context) };
  if (intent === "suspend") await suspendApproval(input);
  else if (intent === "reinstate") await reinstateApproval(input);
  else if (intent === "revoke") await revokeApproval(input);
  else await extendApproval({ ...input, endsAt: new Date(`${endsOn ?? ""}T23:59:59.999+09:00`) });
  return redirect(`/committee/approvals?notice=${intent}`);
}

export default function Approvals() {
  const { t } = useTranslation("access");
  const { approvals } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const notice = searchParams.get("notice");
  const errors = messagesOf(actionData?.result);
  return (
    <div className="stack forms-page">
      <p>
        <a href="/committee">{t("review.back")}</a>
      </p>
      <h1>{t("approvals.title")}</h1>
      <p>{t("approvals.intro")}</p>
      {notice ? (
        <p className="alert alert--success" role="status">
          {t("approvals.saved")}
        </p>
      ) : null}
      <FormErrors id="approval-errors" errors={errors} />
      {approvals.length === 0 ? <p>{t("approvals.none")}</p> : null}
      <ul className="list-plain stack">
        {approvals.map((approval) => (
          <li key={approval.id} className="panel stack" data-testid="approval">
            <h2 id={`approval-${approval.id}`}>
              {approval.reference} <InLanguage text={approval.title} />
            </h2>
            <p>
              <PersonName name={approval.recipientInstitution} /> · <PersonName name={approval.recipientName} />
            </p>
            <NameList kind="dataset" codes={approval.datasets} />
            <p>
            </p>
            <p>
              <span className="tag">{t(`approvalStatus.${approval.status === "active" && approval.expired ? "expired" : approval.status}`)}</span> <DateTime value={approval.startsAt} /> –{" "}
              <DateTime value={approval.endsAt} />
            </p>
            {approval.statusReason ? (
              <p>
                {t("approvals.reason")} <UserText text={approval.statusReason} />
              </p>
            ) : null}
            {approval.status === "revoked" ? null : (
              <Form noValidate method="post" className="stack" aria-labelledby={`approval-${approval.id}`}>
                <input type="hidden" name="approvalId" value={approval.id} />
                <input type="hidden" name="version" value={approval.version} />
                <div className="field">
                  <label htmlFor={`reason-${approval.id}`}>{t("approvals.reasonLabel")}</label>
                  <textarea id={`reason-${approval.id}`} name="reason" rows={2} maxLength={1000} required />
                </div>
                <div className="field">
                  <label htmlFor={`ends-${approval.id}`}>{t("approvals.endsOn")}</label>
                  <input id={`ends-${approval.id}`} name="endsOn" type="date" />
                </div>
                <div className="cluster">
                  {approval.status === "suspended" ? (
                    <button type="submit" name="intent" value="reinstate" className="button button--secondary">
                      {t("approvals.reinstate")}
                    </button>
                  ) : (
                    <button type="submit" name="intent" value="suspend" className="button button--secondary">
                      {t("approvals.suspend")}
                    </button>
                  )}
                  <button type="submit" name="intent" value="extend" className="button button--secondary">
                    {t("approvals.extend")}
                  </button>
                  <button type="submit" name="intent" value="revoke" className="button button--danger">
                    {t("approvals.revoke")}
                  </button>
                </div>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
