import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AppError } from "../../domain/kernel/index";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { ConsultationEditor, type EditorErrors, type EditorValues } from "../../components/consultation-editor";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { ConsultationPageSchema, japanLocalValue } from "../../domain/consultations/index";
import { countConsultationAudience } from "../../domain/consultations/index.server";
import { editConsultationDraft } from "../../domain/consultations/index.server";
import { loadConsultationDraft } from "../../domain/consultations/index.server";
import { publishConsultation } from "../../domain/consultations/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm } from "../../forms/refusals.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { fieldErrorsOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consultation-admin:editor.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

const notices = ["created", "saved", "questionAdded", "published"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "consultations:manage");
  const consultation = await loadConsultationDraft({ consultationId: params.id ?? "" });
  const values: EditorValues = {
    title: consultation.title,
    summary: consultation.summary,
    audiences: consultation.audiences,
    allowsProxy: consultation.allowsProxy,
    opensAt: japanLocalValue(consultation.opensAt),
    closesAt: japanLocalValue(consultation.closesAt),
    questions: consultation.questions.map((question) => ({ ...question, maxLength: question.maxLength ?? "" })),
  };
  // Who a publication would ask, counted for the confirmation box (issue 29 item 6); nothing to count once published.
  const reach = consultation.publishedAt === null ? await countConsultationAudience(consultation) : null;
  return json({ consultation, values, reach });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "consultations:manage");
  const { submission } = await parseForm(request, ConsultationPageSchema);
  const form = submission.payload.intent === "publish" ? "publish" : "editor";
  answerRefusals({ extra: { form } });
  if (submission.status !== "success") return invalidForm(submission, { form });
  const consultationId = params.id ?? "";
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const value = submission.value;
  if (value.intent === "publish") {
    await publishConsultation({ consultationId, expectedVersion: value.version, actorUserId: session.userId, request: { ipAddress, userAgent } });
    throw redirect(`/staff/consultations/${consultationId}?notice=published`);
  }
  // A draft posted without the version it was read at cannot be checked against what is stored: as if edited meanwhile.
  if (value.version === undefined) throw new AppError("consultation_edited_meanwhile");
  await editConsultationDraft({ consultationId, expectedVersion: value.version, draft: value.draft, actorUserId: session.userId, request: { ipAddress, userAgent } });
  throw redirect(`/staff/consultations/${consultationId}?notice=${value.intent === "add_question" ? "questionAdded" : "saved"}`);
}

export default function StaffConsultation() {
  const { t } = useTranslation(["consultation-admin", "common"]);
  const { consultation, values, reach } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = notices.find((name) => name === params.get("notice"));
  const editorErrors = (actionData?.form === "editor" ? actionData.result.error : undefined) ?? ({} as EditorErrors);
  const publishErrors = fieldErrorsOf(actionData?.form === "publish" ? actionData.result : undefined);
  const draft = consultation.status === "draft";
  return (
    <div className="stack forms-page">
      <p>
        <a href="/staff/consultations">{t("editor.back")}</a>
      </p>
      <h1>{consultation.title.ja ? <UserText text={consultation.title.ja} /> : t("list.untitled")}</h1>
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`editor.notices.${notice}`)}</p>
        </div>
      ) : null}
      <dl className="facts-list panel">
        <dt>{t("fields.status")}</dt>
        <dd data-testid="consultation-status">{t(`status.${consultation.status}`)}</dd>
        <dt>{t("fields.window")}</dt>
        <dd>
          <DateTime value={consultation.opensAt} withUtc /> – <DateTime value={consultation.closesAt} withUtc />
        </dd>
        <dt>{t("fields.audiences")}</dt>
        <dd>{consultation.audiences.map((audience) => t(`audiences.${audience}`)).join("、")}</dd>
        <dt>{t("fields.allowsProxy")}</dt>
        <dd data-testid="allows-proxy">{t(consultation.allowsProxy ? "fields.yes" : "fields.no")}</dd>
        <dt>{t("fields.questions")}</dt>
        <dd>{consultation.questions.length}</dd>
      </dl>
      {draft ? (
        <>
          <h2>{t("editor.editHeading")}</h2>
          <ConsultationEditor
            values={(actionData?.form === "editor" ? actionData.result.initialValue : undefined) ?? values}
            errors={editorErrors as EditorErrors}
            formErrors={(editorErrors as EditorErrors)[""] ?? undefined}
            version={consultation.version}
            submitLabel={t("editor.submit")}
          />
          <section className="stack" aria-labelledby="consultation-publish">
            <h2 id="consultation-publish">{t("editor.publishHeading")}</h2>
            <p>{t("editor.publishHint")}</p>
            <Form noValidate method="post" className="panel stack">
              <FormErrors id="consultation-publish-errors" errors={publishErrors[""] ?? undefined} />
              <input type="hidden" name="intent" value="publish" />
              <input type="hidden" name="version" value={consultation.version} />
              <div className="choice-option">
                <input type="checkbox" id="publish-confirm" name="confirm" value="yes" required aria-describedby={publishErrors.confirm?.length ? "publish-confirm-error" : undefined} />
                <label htmlFor="publish-confirm">
                  {t(reach?.public ? "editor.publishConfirmWithPublic" : "editor.publishConfirm", { count: reach?.accounts ?? 0 })}
                </label>
              </div>
              {publishErrors.confirm?.length ? (
                <p className="field-error" id="publish-confirm-error" role="alert">
                  {publishErrors.confirm.join(" ")}
                </p>
              ) : null}
              <button type="submit" className="button">
                {t("editor.publish")}
              </button>
            </Form>
          </section>
        </>
      ) : (
        <section className="stack" aria-labelledby="consultation-published">
          <h2 id="consultation-published">{t("editor.publishedHeading")}</h2>
          <p>{t("editor.publishedHint")}</p>
          <p>
            <a className="button" href={`/staff/consultations/${consultation.id}/moderation`}>
              {t("editor.moderationLink")}
            </a>{" "}
            <a className="button button--secondary" href={`/staff/consultations/${consultation.id}/analysis`}>
              {t("editor.analysisLink")}
            </a>{" "}
            <a className="button button--secondary" href={`/staff/consultations/${consultation.id}/report`}>
              {t("editor.reportLink")}
            </a>
          </p>
          <ol>
            {consultation.questions.map((question) => (
              <li key={question.id}>
                <UserText text={question.prompt.ja} /> ({t(`kinds.${question.kind}`)})
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
