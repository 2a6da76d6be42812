import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { sentenceSubjectOf, SubjectNote } from "../../components/consent-dashboard";
import { calendarDayText } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { invitationStateOf } from "../../components/study-invitations/invitation-state";
import { studyInvitationAnswers } from "../../domain/recontact/index";
import { answerStudyInvitation, loadOwnStudyInvitation, requireOwnStudyInvitation } from "../../domain/recontact/index.server";
import { japanDate } from "../../domain/time/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { translator } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { subjectSentence } from "../../i18n/sentence-subject";
import { withoutAppScripts } from "../../rendering/page-scripts";

// Buttons in a plain form: sent without the app's scripts (ADR 085), the same with JavaScript off.
export const handle = withoutAppScripts;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "recontact:studyInvitation.pageTitle");

/**
 * One study invitation (issue 57 item 4; ADR 138) for its participant or their current proxy: the study, why it
 * invites (the gene only to someone who chose to know that kind of result), and, while it is open, exactly what a yes
 * hands to the study's team, beside the button. Anyone else reads not found.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  return loadOwnStudyInvitation({ userId: session.userId, deliveryId: params.deliveryId ?? "", language: await getLanguage(request) });
}

const AnswerSchema = z.object({ answer: z.enum(studyInvitationAnswers) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const deliveryId = params.deliveryId ?? "";
  // Another participant's invitation is "not found" whatever the form holds.
  await requireOwnStudyInvitation({ userId: session.userId, deliveryId });
  const { submission, language } = await parseForm(request, AnswerSchema);
  if (submission.status !== "success") {
    // Buttons only: whatever arrived (nothing, a made-up answer), the remedy is to press one of them.
    return invalidForm(submission, {}, { formErrors: [translator(language, "recontact")("studyInvitation.answer.required")] });
  }
  const { answer } = await answerStudyInvitation({ userId: session.userId, actorRole: session.user.role, deliveryId, answer: submission.value.answer, language, request: await requestContextOf(request, context) });
  throw redirect(`/study-invitations/${deliveryId}?done=${answer}`);
}

export default function StudyInvitationPage() {
  const { t, i18n } = useTranslation("recontact");
  const data = useLoaderData<typeof loader>();
  const { invitation } = data;
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form] = useForm({ id: "study-invitation-answer", lastResult: actionData?.result });
  const about = sentenceSubjectOf(data);
  const say = (key: string, values?: Record<string, string>) => subjectSentence(t, `studyInvitation.${key}`, about, values);
  const state = invitationStateOf(invitation);
  const done = params.get("done");
  const detailList = (items: { detail: string; value: string | null }[]) => (
    <dl className="stack" data-testid="handover-details">
      {items.map((item) => (
        <div key={item.detail}>
          <dt>{t(`studyInvitation.handover.detail.${item.detail}`)}</dt>
          <dd>{item.value ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
  return (
    <div className="stack">
      <h1>{t("studyInvitation.pageTitle")}</h1>
      <SubjectNote subject={data} />
      <FormErrors id={form.errorId} errors={form.errors} />
      {done && (studyInvitationAnswers as readonly string[]).includes(done) ? (
        <div className="alert" role="status" data-testid="study-invitation-done">
          <p>{t(`studyInvitation.done.${done}`)}</p>
        </div>
      ) : null}
      <section className="panel stack" aria-labelledby="study-heading">
        <h2 id="study-heading">{invitation.title}</h2>
        <p>{t("studyInvitation.by", { institution: invitation.institution })}</p>
        <p data-testid="study-invitation-why">{invitation.gene ? say(`why.${invitation.origin}`, { gene: invitation.gene }) : say("why.noGene")}</p>
        <ul>
          <li>
            <a href={invitation.registryUrl} rel="noopener noreferrer">
              {t("studyInvitation.registryLink", { registry: invitation.registry, id: invitation.studyId })}
            </a>
          </li>
          <li>
            <a href={`/register/${invitation.reference}`}>{t("studyInvitation.registerLink", { reference: invitation.reference })}</a>
          </li>
        </ul>
        <p>{t("studyInvitation.invitedOn", { date: calendarDayText(japanDate(invitation.invitedAt), i18n.language) })}</p>
      </section>
      {invitation.handover ? (
        <section className="panel stack" aria-labelledby="handover-heading" data-testid="study-invitation-handed-over">
          <h2 id="handover-heading">{t("studyInvitation.state.yes")}</h2>
          <p>{say("handover.done", { date: calendarDayText(japanDate(invitation.handover.handedOverAt), i18n.language) })}</p>
          {detailList(invitation.handover.details.map((detail) => ({ detail, value: invitation.wouldHandOver.find((item) => item.detail === detail)?.value ?? null })))}
          <p>{say("handover.after")}</p>
        </section>
      ) : state === "open" ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <section className="panel stack" aria-labelledby="answer-heading">
            <h2 id="answer-heading">{t("studyInvitation.answer.legend")}</h2>
            <p>{say("handover.intro", { institution: invitation.institution })}</p>
            {invitation.wouldHandOver.length > 0 ? detailList(invitation.wouldHandOver) : <p>{t("studyInvitation.handover.none")}</p>}
            <div className="stack">
              <button type="submit" name="answer" value="yes" className="button">
                {t("studyInvitation.answer.yes")}
              </button>
              <button type="submit" name="answer" value="no" className="button button--secondary">
                {t("studyInvitation.answer.no")}
              </button>
              <button type="submit" name="answer" value="stop" className="button button--secondary" aria-describedby="stop-hint">
                {t("studyInvitation.answer.stop")}
              </button>
              <p className="hint" id="stop-hint">
                {t("studyInvitation.answer.stopHint")}
              </p>
            </div>
          </section>
        </Form>
      ) : (
        <div className="alert" role="status" data-testid="study-invitation-closed">
          <p>{t(`studyInvitation.answered.${state === "no" || state === "stop" ? state : "closed"}`)}</p>
        </div>
      )}
      <p>
        <a href={data.as === "proxy" ? `/study-invitations?participant=${encodeURIComponent(data.participantId)}` : "/study-invitations"}>{t("studyInvitation.back")}</a>
      </p>
    </div>
  );
}
