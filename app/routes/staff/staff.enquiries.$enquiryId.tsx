import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors, TextAreaField } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { AnswerEnquirySchema, PublishFaqSchema } from "../../domain/enquiries/index";
import { answerEnquiry, loadEnquiryForStaff, publishFaqEntry } from "../../domain/enquiries/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enquiries:staff.title");

const StepSchema = z.discriminatedUnion("intent", [AnswerEnquirySchema.extend({ intent: z.literal("answer") }), AnswerEnquirySchema.extend({ intent: z.literal("close") }), PublishFaqSchema]);

/** One question (ADR 145): what was asked, the answer or the closing words, and — once the asker agreed — its FAQ entry. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "enquiries:answer");
  return json({ enquiry: await loadEnquiryForStaff({ enquiryId: params.enquiryId ?? "" }) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "enquiries:answer");
  const { submission } = await parseForm(request, StepSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const enquiryId = params.enquiryId ?? "";
  const requestContext = await requestContextOf(request, context);
  if (submission.value.intent === "publish") await publishFaqEntry({ enquiryId, input: submission.value, actorUserId: session.userId, request: requestContext });
  else await answerEnquiry({ enquiryId, input: submission.value, actorUserId: session.userId, request: requestContext });
  throw redirect(`/staff/enquiries/${enquiryId}?saved=${submission.value.intent}`);
}

export default function StaffEnquiry() {
  const { t } = useTranslation("enquiries");
  const { enquiry } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<{ intent: string; answer: string; question: string }>({
    id: "enquiry-step",
    lastResult: actionData?.result,
    defaultValue: { question: enquiry.body, answer: enquiry.answer ?? "" },
  });
  const saved = params.get("saved");
  return (
    <div className="stack">
      <h1>
        {enquiry.reference} · {t(`askers.${enquiry.asker}`)}
      </h1>
      {saved ? (
        <p className="alert alert--success" role="status">
          {t(saved === "publish" ? "staff.faqPublished" : "staff.answered")}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="question-heading">
        <h2 id="question-heading">{t("staff.question")}</h2>
        <p className="pre-wrap" data-testid="enquiry-body">
          <UserText text={enquiry.body} />
        </p>
        <p className="muted">
          {t(`states.${enquiry.state}`)} · <DateTime value={enquiry.receivedAt} withUtc />
          {enquiry.state === "received" ? (
            <>
              {" "}
              · {t("staff.due")} <DateTime value={enquiry.dueAt} withUtc />
              {enquiry.overdue ? ` · ${t("staff.overdue")}` : null}
            </>
          ) : null}
        </p>
        <p>{t(enquiry.hasEmail ? "staff.hasEmail" : "staff.noEmail")}</p>
      </section>
      {enquiry.state === "received" ? (
        <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextAreaField field={fields.answer} label={t("staff.answerLabel")} hint={t("staff.closeHint")} rows={10} />
          <div className="cluster">
            <button type="submit" name="intent" value="answer" className="button">
              {t("staff.answer")}
            </button>
            <button type="submit" name="intent" value="close" className="button button--secondary">
              {t("staff.close")}
            </button>
          </div>
        </Form>
      ) : (
        <section className="panel" aria-labelledby="answer-heading">
          <h2 id="answer-heading">{t(enquiry.state === "closed" ? "own.closedHeading" : "own.answerHeading")}</h2>
          <p className="pre-wrap">
            <UserText text={enquiry.answer ?? ""} />
          </p>
        </section>
      )}
      {enquiry.state === "answered" ? (
        <section className="panel" aria-labelledby="faq-heading">
          <h2 id="faq-heading">{t("staff.faqHeading")}</h2>
          {enquiry.faq ? (
            <p data-testid="enquiry-faq-published">{t("staff.faqPublished")}</p>
          ) : !enquiry.faqAgreed ? (
            <p>{t("staff.faqNotAgreed")}</p>
          ) : (
            <Form method="post" {...getFormProps(form)} noValidate className="stack">
              <p>{t("staff.faqWrite")}</p>
              <FormErrors id={form.errorId} errors={form.errors} />
              <input type="hidden" name="intent" value="publish" />
              <TextAreaField field={fields.question} label={t("staff.faqQuestion")} rows={4} />
              <TextAreaField field={fields.answer} label={t("staff.faqAnswer")} rows={8} />
              <button type="submit" className="button">
                {t("staff.faqPublish")}
              </button>
            </Form>
          )}
        </section>
      ) : null}
      <p>
        <a href="/staff/enquiries">{t("staff.back")}</a>
      </p>
    </div>
  );
}
