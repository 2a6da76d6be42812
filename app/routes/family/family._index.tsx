import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors } from "../../components/form-field";
import { StopFollowingSchema } from "../../domain/family/index";
import { listFollowedPeople } from "../../domain/family/index.server";
import { stopFollowing } from "../../domain/family/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import { sentenceSubjectFor, subjectSentence } from "../../i18n/sentence-subject";
import { withoutAppScripts } from "../../rendering/page-scripts";
import { invalidForm } from "../../forms/refusals.server";
import { messagesOf } from "../../forms/submission-errors";

// Links and a plain form only: sent without the app's scripts (ADR 085).
export const handle = withoutAppScripts;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "family:follow.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "family:follow");
  const stopped = new URL(request.url).searchParams.get("notice") === "stopped";
  return { people: await listFollowedPeople(session.userId), stopped };
}

// A follower stops following someone (ADR 036): their own access row only; another's id is "not found".
export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "family:follow");
  const { submission } = await parseForm(request, StopFollowingSchema);
  if (submission.status !== "success") return invalidForm(submission);
  await stopFollowing({ userId: session.userId, accessId: submission.value.accessId, request: await requestContextOf(request, context) });
  return redirect("/family?notice=stopped");
}

export default function FamilyHome() {
  const { t } = useTranslation("family");
  const { people, stopped } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // Only a tampered form can fail here (the id is the page's own); its errors are said once, at the top.
  const formErrors = messagesOf(actionData?.result);
  return (
    <div className="stack">
      <h1>{t("follow.title")}</h1>
      <p>{t("follow.intro")}</p>
      {stopped ? (
        <p className="alert alert--success" role="status">
          {t("follow.stopped")}
        </p>
      ) : null}
      <FormErrors id="stop-following-errors" errors={formErrors} />
      {people.length === 0 ? <p className="alert">{t("follow.nobody")}</p> : null}
      <ul className="list-plain stack">
        {people.map((person) => (
          <li key={person.accessId} className="panel" data-testid="followed-person">
            <h2 id={`person-${person.accessId}`}>{person.name}</h2>
            <p className="hint">{t(`relationship.${person.relationship}`)}</p>
            {person.paused ? (
              <p>{t("follow.paused", { name: person.name })}</p>
            ) : (
              <>
                {/* What is shared is the followed person's, never the reader's (ADR 119). */}
                <p>{subjectSentence(t, `scope.${person.scope}`, sentenceSubjectFor({ as: "follower", name: person.name }))}</p>
                <ul>
                  {person.sees.includes("summary") ? (
                    <li>
                      <a href={`/family/${person.accessId}`}>{t("follow.summaryLink", { name: person.name })}</a>
                    </li>
                  ) : null}
                  <li>
                    <a href="/updates">{t("follow.updatesLink")}</a>
                  </li>
                </ul>
              </>
            )}
            {/* Two steps without JavaScript: the button is behind its explanation, so one tap cannot end it. */}
            <details className="family-stop">
              <summary>{t("follow.stop")}</summary>
              <p>{t("follow.stopIntro", { name: person.name })}</p>
              <Form noValidate method="post">
                <input type="hidden" name="accessId" value={person.accessId} />
                <button type="submit" className="button button--danger">
                  {t("follow.stopConfirm", { name: person.name })}
                </button>
              </Form>
            </details>
          </li>
        ))}
      </ul>
      <p>{t("follow.never")}</p>
    </div>
  );
}
