import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors, FormField } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { FollowDecisionSchema } from "../../domain/consultations/index";
import { followDecision, loadFollowableDecision } from "../../domain/consultations/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm, tooManyTries } from "../../forms/refusals.server";
import { passPageHeaders } from "../../forms/route-headers.server";
import { getFixedT } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consultations:follow.title");
export const headers = passPageHeaders;

/**
 * Follow a decision by mail, without an account (issue 59 item 2; ADR 147): an address, then a confirmation link in
 * the mail (double opt-in). The page answers the same whoever already follows: it never tells who follows what.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const decision = await loadFollowableDecision({ consultationId: params.id ?? "", decisionId: params.decisionId ?? "", language: await getLanguage(request) });
  return json({ decision });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { submission, language, t: errors } = await parseForm(request, FollowDecisionSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const followed = await followDecision({ consultationId: params.id ?? "", decisionId: params.decisionId ?? "", input: submission.value, language, request: await requestContextOf(request, context) });
  if (!followed.ok) {
    const t = await getFixedT(language, "consultations");
    return tooManyTries(submission, followed.retryAfterSeconds, errors, {}, { words: (minutes) => t("follow.rateLimited", { count: minutes }) });
  }
  throw redirect(`/consultations/${params.id}/decisions/${params.decisionId}/follow?sent=1`);
}

export default function FollowDecision() {
  const { t } = useTranslation(["consultations", "consultation-admin"]);
  const { decision } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<{ email: string }>({ id: "follow", lastResult: actionData?.result });
  return (
    <div className="stack">
      <p>
        <a href={`/consultations/${decision.consultationId}/report`}>{t("follow.back")}</a>
      </p>
      <h1>{t("follow.title")}</h1>
      <section className="panel" aria-labelledby="decision-heading">
        <h2 id="decision-heading">
          <UserText text={decision.consultationTitle} />
        </h2>
        <p>
          <span className="update-badge">{t(`consultation-admin:report.states.${decision.state}`)}</span> <UserText text={decision.decision} />
        </p>
      </section>
      {params.get("sent") === "1" ? (
        <div className="alert alert--success" role="status" data-testid="follow-sent">
          <p>{t("follow.sent")}</p>
        </div>
      ) : (
        <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
          <p>{t("follow.intro")}</p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <FormField field={fields.email} label={t("follow.email")} hint={t("follow.emailHint")} type="email" autoComplete="email" />
          <div>
            <button type="submit" className="button">
              {t("follow.submit")}
            </button>
          </div>
        </Form>
      )}
      <p className="hint">
        {t("follow.account")} <a href="/account/notifications">{t("follow.accountLink")}</a>
      </p>
    </div>
  );
}
