import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { PersonName } from "../../components/person-name";
import { UserText } from "../../components/user-text";
import { listApplicantProfiles } from "../../domain/access/index.server";
import { verifyApplicant } from "../../domain/access/index.server";
import { allowNewApplications } from "../../domain/access/index.server";
import { ApplicantActionSchema } from "../../domain/access/index";
import { refuseNewApplications } from "../../domain/access/index.server";
import { echoedText } from "../../domain/kernel/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";
import registerStyles from "../../styles/register.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registerStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "register:applicants.title");

const notices = ["verified", "refused", "allowed", "already_verified", "already_refused", "already_allowed"] as const;

/** The secretariat's list of applicants (ADR 043): verify an institution; refuse or accept again new applications. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "applications:manage");
  return json({ applicants: await listApplicantProfiles() });
}

type ActionError = {
  applicantId: string | null;
  intent: string | null;
  reason: string;
  reasonErrors: string[];
  formError: "invalid" | "not_found" | null;
};

export async function action({ request, context }: ActionFunctionArgs) {
  // Verifying is the secretariat's application work (applications:manage); refusing and accepting again are sanctions
  // (approvals:manage), checked once the form says which.
  const session = await requirePermission(request, context, "applications:manage");
  const { submission, formData } = await parseForm(request, ApplicantActionSchema);
  const typed = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : null;
  };
  const intent = typed("intent");
  if (intent === "refuse" || intent === "allow") await requirePermission(request, context, "approvals:manage");
  if (submission.status !== "success") {
    const reasonErrors = submission.error?.reason ?? [];
    const error: ActionError = {
      applicantId: typed("applicantId"),
      intent,
      reason: echoedText(typed("reason") ?? "", 1000),
      reasonErrors,
      formError: reasonErrors.length > 0 ? null : "invalid",
    };
    return invalidForm(submission, error);
  }
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const common = { applicantId: submission.value.applicantId, actor: { userId: session.userId }, request: { ipAddress, userAgent } };
  const { intent: verb } = submission.value;
  const outcome =
    verb === "verify"
      ? await verifyApplicant(common)
      : verb === "refuse"
        ? await refuseNewApplications({ ...common, reason: submission.value.reason! })
        : await allowNewApplications({ ...common, reason: submission.value.reason! });
  if (outcome === "not_found" || outcome === "invalid") {
    const error: ActionError = { applicantId: submission.value.applicantId, intent: verb, reason: "", reasonErrors: [], formError: outcome === "invalid" ? "invalid" : "not_found" };
    return json(error, { status: outcome === "not_found" ? 404 : 400 });
  }
  const done = { verify: "verified", refuse: "refused", allow: "allowed" } as const;
  throw redirect(`/committee/applicants?notice=${outcome === "changed" ? done[verb] : `already_${done[verb]}`}`);
}

export default function CommitteeApplicants() {
  const { t } = useTranslation("register");
  const { applicants } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const notice = notices.find((name) => name === params.get("notice"));
  const busy = navigation.state !== "idle";
  const errorFor = (applicantId: string, intent: string) => (actionData && actionData.applicantId === applicantId && actionData.intent === intent ? actionData : null);
  return (
    <div className="stack">
      <h1>{t("applicants.title")}</h1>
      <p>{t("applicants.intro")}</p>
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`applicants.notices.${notice}`)}</p>
        </div>
      ) : null}
      {actionData?.formError ? (
        <div className="alert alert--error" role="alert">
          <p>{t(`applicants.errors.${actionData.formError}`)}</p>
        </div>
      ) : null}
      {applicants.length === 0 ? (
        <p>{t("applicants.empty")}</p>
      ) : (
        <ul className="list-plain" aria-label={t("applicants.listLabel")}>
          {applicants.map((applicant) => {
            const name = applicant.displayName;
            const sanction = applicant.applicationsRefusedAt ? "allow" : "refuse";
            const error = errorFor(applicant.userId, sanction);
            const reasonId = `reason-${applicant.userId}`;
            return (
              <li key={applicant.userId} data-testid="applicant" data-applicant={applicant.userId}>
                <h2>
                  <PersonName name={name} />
                </h2>
                <dl className="register-fields">
                  <dt>{t("applicants.columns.email")}</dt>
                  <dd className="mono">{applicant.email}</dd>
                  <dt>{t("applicants.columns.institution")}</dt>
                  <dd>
                    <PersonName name={applicant.department ? `${applicant.institution} ${applicant.department}` : applicant.institution} /> ({applicant.country})
                  </dd>
                  <dt>{t("applicants.columns.verified")}</dt>
                  <dd data-testid="applicant-verified">
                    {applicant.verifiedAt ? (
                      <>
                        {t("applicants.verifiedOn")} <DateTime value={applicant.verifiedAt} withUtc />
                      </>
                    ) : (
                      t("applicants.notVerified")
                    )}
                  </dd>
                  <dt>{t("applicants.columns.refused")}</dt>
                  <dd data-testid="applicant-refused">
                    {applicant.applicationsRefusedAt ? (
                      <>
                        {t("applicants.refusedSince")} <DateTime value={applicant.applicationsRefusedAt} withUtc />
                        <br />
                        {t("applicants.refusedWhy")} <UserText text={applicant.applicationsRefusedWhy ?? ""} />
                      </>
                    ) : (
                      t("applicants.accepted")
                    )}
                  </dd>
                </dl>
                <div className="applicant-actions">
                  {applicant.verifiedAt ? null : (
                    <Form noValidate method="post">
                      <input type="hidden" name="intent" value="verify" />
                      <input type="hidden" name="applicantId" value={applicant.userId} />
                      <button type="submit" className="button" disabled={busy}>
                        {t("applicants.verify", { name })}
                      </button>
                    </Form>
                  )}
                  <Form noValidate method="post" className="stack">
                    <input type="hidden" name="intent" value={sanction} />
                    <input type="hidden" name="applicantId" value={applicant.userId} />
                    <div className="field">
                      <label htmlFor={reasonId}>{t("applicants.reasonLabel")}</label>
                      <textarea
                        id={reasonId}
                        name="reason"
                        rows={2}
                        required
                        defaultValue={error?.reason ?? ""}
                        aria-invalid={error?.reasonErrors.length ? true : undefined}
                        aria-describedby={error?.reasonErrors.length ? `${reasonId}-error` : undefined}
                      />
                      {error?.reasonErrors.length ? (
                        <p className="field-error" id={`${reasonId}-error`} role="alert">
                          {error.reasonErrors.join(" ")}
                        </p>
                      ) : null}
                    </div>
                    <button type="submit" className={sanction === "refuse" ? "button button--danger" : "button button--secondary"} disabled={busy}>
                      {t(`applicants.${sanction}`, { name })}
                    </button>
                  </Form>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
