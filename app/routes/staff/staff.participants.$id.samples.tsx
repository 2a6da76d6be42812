import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SampleList } from "../../components/sample-list";
import { requireParticipantAccess } from "../../auth/participant-access.server";
import { requestContextOf } from "../../auth/request-context.server";
import { RegisterSampleForm } from "../../components/register-sample-form";
import { loadSampleRegistration, registerSample, RegisterSampleSchema } from "../../domain/consent/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import enrolmentStyles from "../../styles/enrolment.css?url";
import { invalidForm } from "../../forms/refusals.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: enrolmentStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enrolment:samples.title");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { participantId } = await requireParticipantAccess(request, context, "participants:enrol", params.id);
  return json({ participant: await loadSampleRegistration(participantId) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { session, participantId } = await requireParticipantAccess(request, context, "participants:enrol", params.id);
  const { submission } = await parseForm(request, RegisterSampleSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const { sampleCode } = await registerSample({
    participantId,
    input: submission.value,
    registeredBy: { userId: session.userId, role: session.user.role },
    request: await requestContextOf(request, context),
  });
  throw redirect(`/staff/participants/${participantId}?registered=${encodeURIComponent(sampleCode)}`);
}

export default function RegisterSamplePage() {
  const { t } = useTranslation("enrolment");
  const { participant } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="stack">
      <p>
        <a href={`/staff/participants/${participant.participantId}`}>{t("samples.back")}</a>
      </p>
      <h1>
        {t("samples.title")} <span className="mono">{participant.pseudonym}</span>
      </h1>
      <section className="panel" aria-labelledby="samples-heading">
        <h2 id="samples-heading">{t("participant.samples.heading")}</h2>
        <SampleList samples={participant.samples} showRegistered />
      </section>
      <section className="panel" aria-labelledby="register-heading">
        <h2 id="register-heading">{t("samples.heading")}</h2>
        <p>{t(`samples.registration.${participant.registration}`)}</p>
        {participant.registration === "closed" ? (
          actionData ? (
            <div className="alert alert--error" role="alert">
              <p>{t("samples.errors.consent_withdrawn")}</p>
            </div>
          ) : null
        ) : (
          <RegisterSampleForm participantId={participant.participantId} lastResult={actionData?.result} />
        )}
      </section>
    </div>
  );
}
