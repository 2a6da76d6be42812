import { useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { participantQuery, sentenceSubjectOf, SubjectNote } from "../../components/consent-dashboard";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { acknowledgeOwnProvisionNotice, loadProvisionStanding, ProvisionNoticeSchema } from "../../domain/consent/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { translator } from "../../i18n/i18n";
import { pageTitle } from "../../i18n/page-title";
import { subjectSentence } from "../../i18n/sentence-subject";
import { withoutAppScripts } from "../../rendering/page-scripts";
import dashboardStyles from "../../styles/consent-dashboard.css?url";

// A notice and one button in a plain form: sent without the app's scripts (ADR 085), the same with JavaScript off.
export const handle = withoutAppScripts;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:provision.title");

/**
 * The 2024 law's notice (次世代医療基盤法; issue 58 item 1, ADR 140) for the participant or their proxy: what may be
 * provided, to whom, how to refuse, and where the person stands — notified when, stopped or not. "I have read it"
 * records the notice as given; it is no consent, and the page says so.
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
  const { submission, language } = await parseForm(request, ProvisionNoticeSchema);
  if (submission.status !== "success") return invalidForm(submission, {}, { formErrors: [translator(language, "dashboard")("provision.readRequired")] });
  await acknowledgeOwnProvisionNotice({ actor: { userId: session.userId, role: session.user.role }, participantId: participant, request: await requestContextOf(request, context) });
  const back = new URLSearchParams({ done: "read", ...(participant ? { participant } : {}) });
  throw redirect(`/provision?${back.toString()}`);
}

export default function ProvisionNotice() {
  const { t } = useTranslation(["dashboard"]);
  const { standing, query } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form] = useForm({ id: "provision-notice", lastResult: actionData?.result });
  const [params] = useSearchParams();
  const about = sentenceSubjectOf(standing);
  const say = (key: string, values?: Record<string, string>) => subjectSentence(t, `provision.${key}`, about, values);
  const done = params.get("done");
  return (
    <div className="stack">
      <h1>{t("provision.title")}</h1>
      <SubjectNote subject={standing} />
      {done === "read" ? (
        <p className="alert" role="status" data-testid="provision-done">
          {t("provision.doneRead")}
        </p>
      ) : null}
      {done === "stopped" ? (
        <p className="alert" role="status" data-testid="provision-done">
          {say("doneStopped")}
        </p>
      ) : null}
      <section className="panel stack" aria-labelledby="standing-heading" data-testid="provision-standing">
        <h2 id="standing-heading">{t("provision.standingHeading")}</h2>
        <p>
          {standing.noticeGivenAt ? (
            <>
              {say(standing.noticeChannel === "paper" ? "givenPaper" : "givenOnline")} <DateTime value={standing.noticeGivenAt} />
            </>
          ) : (
            say("notGiven")
          )}
        </p>
        <p data-testid="provision-stopped" data-stopped={standing.stopped ? "yes" : "no"}>
          {standing.stopped ? (
            <>
              {say("stopped")} {standing.stoppedAt ? <DateTime value={standing.stoppedAt} /> : null}
            </>
          ) : (
            say("notStopped")
          )}
        </p>
      </section>
      <section className="panel stack" aria-labelledby="notice-heading" data-testid="provision-notice">
        <h2 id="notice-heading">{t("provision.notice.heading")}</h2>
        <p>{t("provision.notice.lead")}</p>
        <h3>{t("provision.notice.whatHeading")}</h3>
        <p>{t("provision.notice.what")}</p>
        <h3>{t("provision.notice.whomHeading")}</h3>
        <p>{t("provision.notice.whom")}</p>
        <h3>{t("provision.notice.refuseHeading")}</h3>
        <p>{t("provision.notice.refuse")}</p>
        <h3>{t("provision.notice.deleteHeading")}</h3>
        <p>{t("provision.notice.delete")}</p>
        <p>{t("provision.notice.notConsent")}</p>
      </section>
      {standing.currentNoticeGiven ? null : (
        <Form method="post" action={`/provision${query}`} id={form.id} noValidate className="stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <button type="submit" name="intent" value="read" className="button">
            {t("provision.read")}
          </button>
        </Form>
      )}
      {standing.hasConsent && !standing.stopped ? (
        <p>
          <a className="button button--secondary" href={`/provision/stop${query}`}>
            {t("provision.stopLink")}
          </a>
        </p>
      ) : null}
      {standing.noticeGivenAt ? (
        <p>
          <a href={`/requests/new/deletion${query}`}>{t("rights.kinds.deletion.link")}</a>
        </p>
      ) : null}
      <p>
        <a href={`/consent${query}`}>{say("backToConsent")}</a>
      </p>
    </div>
  );
}
