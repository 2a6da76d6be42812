import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SampleList } from "../../components/sample-list";
import { z } from "zod";
import { setHandoverCookie } from "../../auth/handover-cookie.server";
import { requireParticipantAccess } from "../../auth/participant-access.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { RegisterSampleForm } from "../../components/register-sample-form";
import { loadParticipantRecord } from "../../domain/consent/index.server";
import { handoverFor } from "../../domain/consent/index.server";
import { sampleRegistrationFor } from "../../domain/consent/index";
import { reissueInvitation } from "../../domain/consent/index.server";
import { facilityName } from "../../domain/facilities/index";
import { getLanguage } from "../../i18n/language.server";
import { fromStoredLanguage } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import enrolmentStyles from "../../styles/enrolment.css?url";
import { PersonName } from "../../components/person-name";
import { UserText } from "../../components/user-text";
import { invalidForm } from "../../forms/refusals.server";
import { parseForm } from "../../forms/parse-form.server";
import { TableScroll } from "../../components/table-scroll";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: enrolmentStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enrolment:participant.title");

const ReissueSchema = z.object({ intent: z.literal("reissue"), invitationId: z.string().regex(/^[a-z2-9]{24}$/) });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { session, participantId } = await requireParticipantAccess(request, context, "participants:enrol", params.id);
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const record = await loadParticipantRecord({ participantId, language: await getLanguage(request), reader: { actorUserId: session.userId, ipAddress, userAgent } });
  // After a sample was registered (staff.participants.$id.samples): named only if it is one of this participant's.
  const registered = new URL(request.url).searchParams.get("registered");
  return json({ record, registered: record.samples.some((sample) => sample.sampleCode === registered) ? registered : null });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { session, participantId } = await requireParticipantAccess(request, context, "participants:enrol", params.id);
  // The invitation is one the form sent: one not this participant's is a mistake in what was sent, in the page's words.
  const { submission } = await parseForm(request, ReissueSchema, {
    aboutWhatWasSent: ["not_found"],
    inWords: { not_found: "enrolment:participant.errors.reissueInvalid", invitation_invalid: "enrolment:participant.errors.reissueNotPossible" },
  });
  if (submission.status !== "success") return invalidForm(submission, { error: "reissueInvalid" as const });
  const reissued = await reissueInvitation({
    participantId,
    invitationId: submission.value.invitationId,
    reissuedById: session.userId,
    request: await requestContextOf(request, context),
  });
  throw redirect(`/staff/participants/${reissued.participantId}/handover`, { headers: { "Set-Cookie": await setHandoverCookie(handoverFor(reissued, session.userId)) } });
}

export default function ParticipantPage() {
  const { t, i18n } = useTranslation("enrolment");
  const { t: tJobs } = useTranslation("jobs");
  const { record, registered } = useLoaderData<typeof loader>();
  const registration = sampleRegistrationFor(record.consent);
  // A refusal the adapter answers carries only `result` (ADR 131); a form that cannot be one also `error`.
  const actionData = useActionData<typeof action>() as { error?: "reissueInvalid"; result: { error?: Record<string, string[] | null> } } | undefined;
  const refused = actionData ? (actionData.error ? [t(`participant.errors.${actionData.error}`)] : (actionData.result.error?.[""] ?? [])) : [];
  const base = `/staff/participants/${record.id}`;
  return (
    <div className="stack">
      <p className="no-print">
        <a href="/staff/participants">{t("participant.back")}</a>
      </p>
      <h1>
        {t("participant.title")} <span className="mono">{record.pseudonym}</span>
      </h1>
      {registered ? (
        <div className="alert alert--success" role="status">
          <p>{t(registration === "consented" ? "samples.registered" : "samples.registeredBeforeConsent", { code: registered })}</p>
        </div>
      ) : null}
      {refused.length > 0 ? (
        <div className="alert alert--error" role="alert">
          {refused.map((words) => (
            <p key={words}>{words}</p>
          ))}
        </div>
      ) : null}

      {record.undeliverable.length > 0 ? (
        <section className="alert alert--error" aria-labelledby="undeliverable-heading" data-testid="email-undeliverable">
          <h2 id="undeliverable-heading">{tJobs("undeliverable.heading")}</h2>
          <p>{tJobs("undeliverable.intro")}</p>
          {record.undeliverable.map((mark) => (
            <dl className="facts" key={mark.address}>
              <dt>{t("fields.email")}</dt>
              <dd className="mono">{mark.address}</dd>
              <dt>{tJobs("undeliverable.since")}</dt>
              <dd>
                <DateTime value={mark.since} withUtc />
              </dd>
              <dt>{tJobs("undeliverable.lastError")}</dt>
              <dd className="mono">{mark.lastError}</dd>
            </dl>
          ))}
        </section>
      ) : null}

      <section className="panel" aria-labelledby="identity-heading">
        <h2 id="identity-heading">{t("participant.identity.heading")}</h2>
        <p className="muted">{t("participant.identity.audited")}</p>
        {record.identity ? (
          <dl className="facts">
            <dt>{t("fields.fullName")}</dt>
            <dd>
              <PersonName name={record.identity.fullName} reading={record.identity.fullNameKana} />
            </dd>
            <dt>{t("fields.fullNameKana")}</dt>
            <dd>{record.identity.fullNameKana ? <UserText text={record.identity.fullNameKana} /> : "—"}</dd>
            <dt>{t("fields.dateOfBirth")}</dt>
            <dd>{record.identity.dateOfBirth}</dd>
            <dt>{t("fields.email")}</dt>
            <dd className="mono">{record.identity.email ?? "—"}</dd>
            <dt>{t("fields.phone")}</dt>
            <dd>{record.identity.phone ?? "—"}</dd>
            <dt>{t("fields.medicalRecordNumber")}</dt>
            <dd>{record.identity.medicalRecordNumber ?? "—"}</dd>
            <dt>{t("fields.preferredLanguage")}</dt>
            <dd>{t(`common:language.names.${fromStoredLanguage(record.identity.preferredLanguage)}`)}</dd>
            <dt>{t("participant.identity.account")}</dt>
            <dd>{t(record.hasAccount ? "participant.identity.hasAccount" : "participant.identity.noAccount")}</dd>
            <dt>{t("participant.identity.enrolled")}</dt>
            <dd>
              <DateTime value={record.createdAt} withUtc />
            </dd>
            <dt>{t("participant.identity.facility")}</dt>
            <dd>{facilityName(record.facility, i18n.language)}</dd>
            <dt>{t("fields.programmeArea")}</dt>
            <dd data-testid="programme-area">{record.programmeArea ? t(`programmeArea.${record.programmeArea}`) : t("participant.identity.programmeAreaUnknown")}</dd>
          </dl>
        ) : (
          <p>{t("participant.identity.erased")}</p>
        )}
        {record.proxies.length > 0 ? (
          <>
            <h3>{t("participant.proxies.heading")}</h3>
            <ul className="list-plain">
              {record.proxies.map((proxy) => (
                <li key={proxy.id}>
                  <PersonName name={proxy.fullName} /> ({t(`relationship.${proxy.relationship}`)}) <span className="mono">{proxy.email}</span>
                  <br />
                  <span className="muted">
                    {t(proxy.hasAccount ? "participant.identity.hasAccount" : "participant.identity.noAccount")}
                    {proxy.endedAt ? <> · {t("participant.proxies.ended")} <DateTime value={proxy.endedAt} withUtc /></> : null}
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="samples-heading">
        <h2 id="samples-heading">{t("participant.samples.heading")}</h2>
        <SampleList samples={record.samples} />
        <h3>{t("samples.heading")}</h3>
        <p>{t(`samples.registration.${registration}`)}</p>
        {registration === "closed" ? null : <RegisterSampleForm participantId={record.id} />}
      </section>

      <section className="panel" aria-labelledby="consent-heading">
        <h2 id="consent-heading">{t("participant.consent.heading")}</h2>
        {record.consent ? (
          <>
            <dl className="facts">
              <dt>{t("participant.consent.status")}</dt>
              <dd>
                <span className="tag">{t(`consentStatus.${record.consent.status}`)}</span>
              </dd>
              <dt>{t("participant.consent.formVersion")}</dt>
              <dd>{record.consent.formVersion ?? "—"}</dd>
              <dt>{t("participant.consent.consentedBy")}</dt>
              <dd>{t(`consentedBy.${record.consent.consentedBy === "proxy" ? "proxy" : "self"}`)}</dd>
              {record.consent.pendingFormVersion ? (
                <>
                  <dt>{t("participant.consent.pending")}</dt>
                  <dd>{record.consent.pendingFormVersion}</dd>
                </>
              ) : null}
              {record.consent.withdrawalLevel ? (
                <>
                  <dt>{t("participant.consent.withdrawal")}</dt>
                  <dd>{t(`withdrawalLevel.${record.consent.withdrawalLevel}`)}</dd>
                </>
              ) : null}
              <dt>{t("participant.consent.updated")}</dt>
              <dd>
                <DateTime value={record.consent.updatedAt} withUtc />
              </dd>
            </dl>
            <h3>{t("participant.consent.choices")}</h3>
            <dl className="facts">
              {record.consent.choices.map((choice) => (
                <div key={choice.id} className="facts__row">
                  <dt>{choice.title}</dt>
                  <dd>{choice.value}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : (
          <p>{t("participant.consent.none")}</p>
        )}
      </section>

      <section className="panel" aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t("participant.actions.heading")}</h2>
        <p className="muted">{t("participant.actions.intro")}</p>
        <ul>
          <li>
            <a href={`${base}/assisted`}>{t("participant.actions.assisted")}</a>
          </li>
          <li>
            <a href={`${base}/paper`}>{t("participant.actions.paper")}</a>
          </li>
          <li>
            <a href={`${base}/withdrawal`}>{t("participant.actions.withdrawal")}</a>
          </li>
          <li>
            <a href={`${base}/provision-notice`}>{t("participant.actions.provisionNotice")}</a>
          </li>
          <li>
            <a href={`${base}/life-event`}>{t("participant.actions.lifeEvent")}</a>
          </li>
          <li>
            <a href={`${base}/proxy`}>{t("participant.actions.appointProxy")}</a>
          </li>
        </ul>
      </section>

      <section className="panel" aria-labelledby="events-heading">
        <h2 id="events-heading">{t("participant.events.heading")}</h2>
        {record.events.length === 0 ? (
          <p>{t("participant.events.none")}</p>
        ) : (
          <TableScroll labelledBy="events-heading">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("participant.events.seq")}</th>
                  <th scope="col">{t("participant.events.type")}</th>
                  <th scope="col">{t("participant.events.method")}</th>
                  <th scope="col">{t("participant.events.time")}</th>
                  <th scope="col">{t("participant.events.code")}</th>
                </tr>
              </thead>
              <tbody>
                {record.events.map((event) => (
                  <tr key={event.id}>
                    <td>{event.participantSeq}</td>
                    <td>
                      {t(`eventType.${event.type}`)}
                      {event.withdrawalLevel ? <> ({t(`withdrawalLevel.${event.withdrawalLevel}`)})</> : null}
                    </td>
                    <td>{t(`method.${event.method}`)}</td>
                    <td>
                      <DateTime value={event.occurredAt} withUtc />
                    </td>
                    <td className="mono">{event.verificationCode}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section className="panel" aria-labelledby="invitations-heading">
        <h2 id="invitations-heading">{t("participant.invitations.heading")}</h2>
        <p className="muted">{t("participant.invitations.intro")}</p>
        <ul className="list-plain">
          {record.invitations.map((invitation) => (
            <li key={invitation.id} className="stack">
              <div>
                <span className="tag">{t(`invitationStatus.${invitation.status}`)}</span> {t(`recipient.${invitation.recipient}`)} <span className="mono">{invitation.email}</span>
                <br />
                <span className="muted">
                  {t(`invitationReason.${invitation.reason === "reissue" || invitation.reason === "majority" || invitation.reason === "incapacity" ? invitation.reason : "enrolment"}`)} <DateTime value={invitation.createdAt} withUtc /> · {t("participant.invitations.expires")}{" "}
                  <DateTime value={invitation.expiresAt} withUtc />
                </span>
              </div>
              {invitation.status === "accepted" || invitation.status === "revoked" ? null : (
                <Form noValidate method="post" className="inline-form">
                  <input type="hidden" name="intent" value="reissue" />
                  <input type="hidden" name="invitationId" value={invitation.id} />
                  <button type="submit" className="button button--secondary">
                    {t("participant.invitations.reissue")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="questions-heading">
        <h2 id="questions-heading">{t("participant.questions.heading")}</h2>
        {record.openQuestions.length === 0 ? (
          <p>{t("participant.questions.none")}</p>
        ) : (
          <ul className="list-plain">
            {record.openQuestions.map((question) => (
              <li key={question.id}>
                <p className="question__body">
                  <UserText text={question.body} />
                </p>
                <span className="muted">
                  <DateTime value={question.askedAt} withUtc />
                </span>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/staff/questions">{t("participant.questions.toQueue")}</a>
        </p>
      </section>
    </div>
  );
}
