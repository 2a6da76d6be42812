import { useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { participantQuery, sentenceSubjectOf, SubjectNote } from "../../components/consent-dashboard";
import { FormErrors } from "../../components/form-field";
import { loadProvisionStanding, stopOwnProvision, StopProvisionSchema } from "../../domain/consent/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { translator } from "../../i18n/i18n";
import { pageTitle } from "../../i18n/page-title";
import { subjectSentence } from "../../i18n/sentence-subject";
import { withoutAppScripts } from "../../rendering/page-scripts";
import dashboardStyles from "../../styles/consent-dashboard.css?url";

// One confirmation in a plain form: sent without the app's scripts (ADR 085), the same with JavaScript off.
export const handle = withoutAppScripts;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:provision.stopTitle");

/**
 * The second of the two screens that stop provision to certified producers (issue 58 item 2, ADR 140): what stopping
 * does, from when, and what it cannot undo, in the law's own terms; then one button. Effective at its commit.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const participant = new URL(request.url).searchParams.get("participant");
  const standing = await loadProvisionStanding({ userId: session.userId, participantId: participant });
  return { standing, query: participantQuery(participant) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const participant = new URL(request.url).searchParams.get("participant");
  const { submission, language } = await parseForm(request, StopProvisionSchema);
  if (submission.status !== "success") return invalidForm(submission, {}, { formErrors: [translator(language, "dashboard")("provision.confirmRequired")] });
  await stopOwnProvision({ actor: { userId: session.userId, role: session.user.role }, participantId: participant, request: await requestContextOf(request, context) });
  const back = new URLSearchParams({ done: "stopped", ...(participant ? { participant } : {}) });
  throw redirect(`/provision?${back.toString()}`);
}

export default function StopProvision() {
  const { t } = useTranslation(["dashboard"]);
  const { standing, query } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form] = useForm({ id: "provision-stop", lastResult: actionData?.result });
  const about = sentenceSubjectOf(standing);
  const say = (key: string) => subjectSentence(t, `provision.${key}`, about);
  return (
    <div className="stack">
      <h1>{t("provision.stopTitle")}</h1>
      <SubjectNote subject={standing} />
      {!standing.hasConsent ? (
        <p className="alert">{say("noConsent")}</p>
      ) : standing.stopped ? (
        <p className="alert" data-testid="provision-already-stopped">
          {say("stopped")}
        </p>
      ) : (
        <>
          <section className="panel stack" aria-labelledby="effect-heading">
            <h2 id="effect-heading">{t("provision.effectHeading")}</h2>
            <p>{t("provision.effectNow")}</p>
            <p>{t("provision.effectResearch")}</p>
            <p>{t("provision.effectAlready")}</p>
          </section>
          <Form method="post" action={`/provision/stop${query}`} id={form.id} noValidate className="dash-actions">
            <FormErrors id={form.errorId} errors={form.errors} />
            <button type="submit" name="intent" value="confirm" className="button button--danger">
              {t("provision.confirmStop")}
            </button>
            <a className="button button--secondary" href={`/provision${query}`}>
              {t("provision.back")}
            </a>
          </Form>
        </>
      )}
    </div>
  );
}
