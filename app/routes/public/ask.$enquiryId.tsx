import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import { agreeToFaq, enquiryPath, readEnquiryByLink } from "../../domain/enquiries/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { passPageHeaders } from "../../forms/route-headers.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enquiries:own.title");

// The page's address holds the private link's secret: never kept by a cache; the server's Referrer-Policy (same-origin,
// ADR 107) never sends it to another site, and this page loads nothing from one.
const privateHeaders = { "Cache-Control": "private, no-store" };
export const headers = passPageHeaders;

const AgreeSchema = z.object({ intent: z.literal("agree_faq"), t: z.string().regex(/^[0-9a-f]{64}$/) });

/** The asker's own question by its private link (ADR 145): its state, the due day, the answer, and the FAQ agreement. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const secret = url.searchParams.get("t") ?? "";
  const enquiry = await readEnquiryByLink({ id: params.enquiryId ?? "", secret });
  return json({ enquiry, secret, received: url.searchParams.get("received") === "1", agreed: url.searchParams.get("agreed") === "1" }, { headers: privateHeaders });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { submission } = await parseForm(request, AgreeSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const id = params.enquiryId ?? "";
  await agreeToFaq({ id, secret: submission.value.t, request: await requestContextOf(request, context) });
  throw redirect(`${enquiryPath({ id, secret: submission.value.t })}&agreed=1`, { headers: privateHeaders });
}

export default function OwnEnquiry() {
  const { t } = useTranslation("enquiries");
  const { enquiry, secret, received, agreed } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("own.title")}</h1>
      {received ? (
        <div className="alert alert--success" role="status" data-testid="enquiry-received">
          <p>{t("own.receivedNotice")}</p>
          <p>
            <strong>{t("own.keepLink")}</strong>
          </p>
        </div>
      ) : null}
      {agreed ? (
        <p className="alert alert--success" role="status">
          {t("own.agreedNotice")}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="enquiry-heading">
        <h2 id="enquiry-heading">{t("own.questionHeading")}</h2>
        <dl className="facts">
          <div className="facts__row">
            <dt>{t("own.reference")}</dt>
            <dd className="mono" data-testid="enquiry-reference">
              {enquiry.reference}
            </dd>
          </div>
          <div className="facts__row">
            <dt>{t("own.state")}</dt>
            <dd data-testid="enquiry-state" data-state={enquiry.state}>
              {t(`states.${enquiry.state}`)}
              {enquiry.overdue ? ` · ${t("own.overdue")}` : null}
            </dd>
          </div>
          <div className="facts__row">
            <dt>{t("own.received")}</dt>
            <dd>
              <DateTime value={enquiry.receivedAt} />
            </dd>
          </div>
          {enquiry.state === "received" ? (
            <div className="facts__row">
              <dt>{t("own.due")}</dt>
              <dd>
                <DateTime value={enquiry.dueAt} />
              </dd>
            </div>
          ) : null}
        </dl>
        <p className="pre-wrap">
          <UserText text={enquiry.body} />
        </p>
      </section>
      {enquiry.answer ? (
        <section className="panel" aria-labelledby="answer-heading" data-testid="enquiry-answer">
          <h2 id="answer-heading">{t(enquiry.state === "closed" ? "own.closedHeading" : "own.answerHeading")}</h2>
          <p className="pre-wrap">
            <UserText text={enquiry.answer} />
          </p>
          {enquiry.answeredAt ? (
            <p className="muted">
              <DateTime value={enquiry.answeredAt} />
            </p>
          ) : null}
        </section>
      ) : null}
      {enquiry.state === "answered" ? (
        <section className="panel" aria-labelledby="faq-heading">
          <h2 id="faq-heading">{t("own.faqHeading")}</h2>
          {enquiry.faqPublished ? (
            <p>{t("own.faqPublished")}</p>
          ) : enquiry.faqAgreed ? (
            <p data-testid="enquiry-faq-agreed">{t("own.faqAgreed")}</p>
          ) : (
            <>
              <p>{t("own.faqAsk")}</p>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="agree_faq" />
                <input type="hidden" name="t" value={secret} />
                <button type="submit" className="button button--secondary">
                  {t("own.faqAgree")}
                </button>
              </Form>
            </>
          )}
        </section>
      ) : null}
      <p>
        <a href="/faq">{t("ask.faqLink")}</a>
      </p>
    </div>
  );
}
