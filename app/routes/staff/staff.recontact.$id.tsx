import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FieldErrors } from "../../components/consent-dashboard";
import { FormErrors } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { hasPermission } from "../../domain/authz/index";
import { audienceExclusionReasons } from "../../domain/recontact/index";
import { loadRecontactCampaign } from "../../domain/recontact/index.server";
import { recontactAnswers } from "../../domain/recontact/index";
import { lettersRefusals } from "../../domain/recontact/index";
import { sendRecontactCampaign } from "../../domain/recontact/index.server";
import { formatShownCount } from "../../domain/recontact/index";
import { parseForm } from "../../forms/parse-form.server";
import { translator } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { htmlLangOf, supportedLanguages } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm } from "../../forms/refusals.server";
import { TableScroll } from "../../components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, "recontact:list.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

const notices = ["created", "sent", "resumed"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "recontact:read");
  const manages = hasPermission(session.user.roles, "recontact:manage");
  const [campaign, language] = await Promise.all([loadRecontactCampaign({ campaignId: params.id ?? "", seesExactCounts: manages }), getLanguage(request)]);
  const results = campaign.results;
  return json({
    manages,
    campaign: {
      ...campaign,
      // Everyone's results pass through showCount; a draft's preview is loaded only for those who send.
      filters: { ...campaign.filters, facilities: campaign.filters.facilities.map((facility) => (language === "en" ? facility.nameEn : facility.nameJa)) },
      results: results && {
        recipients: formatShownCount(results.recipients),
        sent: formatShownCount(results.sent),
        delivered: formatShownCount(results.delivered),
        bounced: formatShownCount(results.bounced),
        withheld: formatShownCount(results.withheld),
        unanswered: formatShownCount(results.unanswered),
        responses: Object.fromEntries(recontactAnswers.map((answer) => [answer, formatShownCount(results.responses[answer])])) as Record<(typeof recontactAnswers)[number], string>,
      },
    },
  });
}

// Sending reaches everyone the audience holds at that moment and cannot be undone (issue 29 item 6): the person who
// sends ticks a box that states how many the preview counted. Resuming a send that was cut off needs no second tick.
const SendSchema = z.discriminatedUnion("state", [
  z.object({ intent: z.literal("send"), state: z.literal("draft"), confirm: z.literal("yes") }),
  z.object({ intent: z.literal("send"), state: z.literal("sending") }),
]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "recontact:manage");
  const { submission, formData, language } = await parseForm(request, SendSchema);
  if (submission.status !== "success") {
    // Only a hand-made request lacks the button's value or the page's state: say which button sends. An unticked
    // confirmation is the field's own error.
    const handMade = formData.get("intent") !== "send" || !["draft", "sending"].includes(String(formData.get("state")));
    const sendRequired = [translator(language, "recontact")("detail.sendRequired")];
    return invalidForm(handMade ? { reply: (options) => submission.reply({ ...options, formErrors: sendRequired }) } : submission);
  }
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const sent = await sendRecontactCampaign({ campaignId: params.id ?? "", actorUserId: session.userId, expectedState: submission.value.state, request: { ipAddress, userAgent } });
  throw redirect(`/staff/recontact/${params.id}?notice=${sent.claimed === null ? "resumed" : "sent"}`);
}

export default function RecontactCampaignPage() {
  const { t } = useTranslation(["recontact", "common", "errors"]);
  const { manages, campaign } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = notices.find((name) => name === params.get("notice"));
  // Set by the letters route when it printed nothing (staff.recontact.$id.letters.ts).
  const lettersRefused = lettersRefusals.find((name) => name === params.get("letters"));
  const [form, fields] = useForm<{ confirm: string }>({ id: "send-campaign", lastResult: actionData?.result });
  const { filters, preview, results, letters } = campaign;
  const ages =
    filters.enrolmentAgeMin === null && filters.enrolmentAgeMax === null ? t("detail.anyAge") : `${filters.enrolmentAgeMin ?? 0}–${filters.enrolmentAgeMax ?? ""}`;
  return (
    <div className="stack forms-page">
      <p>
        <a href="/staff/recontact">{t("detail.back")}</a>
      </p>
      <h1>
        <UserText text={campaign.title} />
      </h1>
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`notices.${notice}`)}</p>
        </div>
      ) : null}
      {lettersRefused ? (
        <div className="alert alert--error" role="alert" data-testid="letters-refused">
          <p>{lettersRefused === "invalid" || lettersRefused === "withheld" ? t(`letters.refused.${lettersRefused}`) : t(`errors:${lettersRefused}`)}</p>
        </div>
      ) : null}
      <dl className="facts-list panel">
        <dt>{t("fields.kind")}</dt>
        <dd>{t(`kinds.${campaign.kind}`)}</dd>
        <dt>{t("fields.state")}</dt>
        <dd>{t(`states.${campaign.state}`)}</dd>
        <dt>{t("fields.createdAt")}</dt>
        <dd>
          <DateTime value={campaign.createdAt} withUtc />
        </dd>
        {campaign.sentAt ? (
          <>
            <dt>{t("fields.sentAt")}</dt>
            <dd>
              <DateTime value={campaign.sentAt} withUtc />
            </dd>
          </>
        ) : null}
      </dl>
      <section className="stack" aria-labelledby="campaign-filters">
        <h2 id="campaign-filters">{t("detail.filters")}</h2>
        <dl className="facts-list panel">
          <dt>{t("fields.facilityIds")}</dt>
          <dd>{filters.facilities.length ? filters.facilities.join(", ") : t("detail.anyFacility")}</dd>
          <dt>{t("fields.programmeArea")}</dt>
          <dd>{t(`areas.${filters.programmeArea ?? "any"}`)}</dd>
          <dt>{t("fields.enrolmentAgeMin")}</dt>
          <dd>{ages}</dd>
        </dl>
      </section>
      <section className="stack" aria-labelledby="campaign-messages">
        <h2 id="campaign-messages">{t("detail.messages")}</h2>
        {supportedLanguages.map((language) => (
          <div className="panel" key={language}>
            <h3>{t(`common:language.names.${language}`)}</h3>
            <p lang={htmlLangOf(language)} className="message-text">
              <UserText text={campaign.messages[language]} />
            </p>
          </div>
        ))}
      </section>
      {preview ? (
        <section className="stack" aria-labelledby="campaign-preview">
          <h2 id="campaign-preview">{t("detail.previewHeading")}</h2>
          <dl className="facts-list panel">
            <dt>{t("detail.matched")}</dt>
            <dd data-testid="preview-matched">{preview.matched}</dd>
            <dt>{t("detail.included")}</dt>
            <dd data-testid="preview-included">{preview.included}</dd>
          </dl>
          <TableScroll labelledBy="recontact-excluded-caption">
            <table>
              <caption id="recontact-excluded-caption">{t("detail.excludedCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("detail.reason")}</th>
                  <th scope="col">{t("detail.count")}</th>
                </tr>
              </thead>
              <tbody>
                {audienceExclusionReasons.map((reason) => (
                  <tr key={reason}>
                    <th scope="row">{t(`reasons.${reason}`)}</th>
                    <td data-testid={`excluded-${reason}`}>{preview.excluded[reason]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}
      {manages && campaign.state !== "sent" ? (
        <section className="stack" aria-labelledby="campaign-send">
          <h2 id="campaign-send">{t("detail.sendHeading")}</h2>
          <p>{campaign.state === "draft" ? t("detail.sendHint") : t("detail.sendingHint")}</p>
          <Form method="post" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name="state" value={campaign.state} />
            {campaign.state === "draft" && preview ? (
              <div className="choice-option">
                <input type="checkbox" id="confirm-send" name="confirm" value="yes" required aria-describedby={fields.confirm.errorId} aria-invalid={fields.confirm.errors ? true : undefined} />
                <label htmlFor="confirm-send">{t("detail.confirmSend", { count: preview.included })}</label>
                <FieldErrors id={fields.confirm.errorId} errors={fields.confirm.errors} />
              </div>
            ) : null}
            <button type="submit" name="intent" value="send" className="button">
              {campaign.state === "draft" ? t("detail.send") : t("detail.resume")}
            </button>
          </Form>
        </section>
      ) : null}
      {!manages && campaign.state === "draft" ? <p>{t("detail.notSent")}</p> : null}
      {results ? (
        <section className="stack" aria-labelledby="campaign-results">
          <h2 id="campaign-results">{t("detail.resultsHeading")}</h2>
          <TableScroll labelledBy="recontact-results-caption">
            <table>
              <caption id="recontact-results-caption">{t("detail.resultsCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("detail.measure")}</th>
                  <th scope="col">{t("detail.count")}</th>
                </tr>
              </thead>
              <tbody>
                {(["recipients", "sent", "delivered", "bounced", "withheld"] as const).map((measure) => (
                  <tr key={measure}>
                    <th scope="row">{t(`detail.${measure}`)}</th>
                    <td data-testid={`result-${measure}`}>{results[measure]}</td>
                  </tr>
                ))}
                {recontactAnswers.map((answer) => (
                  <tr key={answer}>
                    <th scope="row">{t(`answers.${answer}`)}</th>
                    <td data-testid={`result-${answer}`}>{results.responses[answer]}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t("detail.unanswered")}</th>
                  <td data-testid="result-unanswered">{results.unanswered}</td>
                </tr>
              </tbody>
            </table>
          </TableScroll>
          <p className="hint">{t("detail.deliveryPending")}</p>
          {!manages ? <p className="hint">{t("detail.smallCounts")}</p> : null}
        </section>
      ) : null}
      {letters ? (
        <section className="stack" aria-labelledby="campaign-letters">
          <h2 id="campaign-letters">{t("letters.heading")}</h2>
          <p>{t("letters.intro")}</p>
          <p data-testid="letters-waiting">{t("letters.waiting", { count: letters.waiting })}</p>
          {letters.waiting > 0 ? (
            // A plain form post: the answer is the PDF itself, which the browser downloads (JavaScript or not).
            <Form noValidate method="post" action={`/staff/recontact/${campaign.id}/letters`} reloadDocument>
              <button type="submit" name="intent" value="print_letters" className="button">
                {t("letters.print")}
              </button>
            </Form>
          ) : null}
          {letters.batches.length > 0 ? (
            <TableScroll labelledBy="recontact-batches-caption">
              <table>
                <caption id="recontact-batches-caption">{t("letters.batchesCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("letters.batch")}</th>
                    <th scope="col">{t("letters.printedAt")}</th>
                    <th scope="col">{t("letters.letters")}</th>
                    <th scope="col">{t("letters.withheld")}</th>
                    <th scope="col">{t("letters.again")}</th>
                  </tr>
                </thead>
                <tbody>
                  {letters.batches.map((batch) => (
                    <tr key={batch.id} data-testid="letter-batch">
                      <th scope="row">{batch.seq}</th>
                      <td>
                        <DateTime value={batch.printedAt} withUtc />
                      </td>
                      <td>{batch.letters}</td>
                      <td>{batch.withheld}</td>
                      <td>
                        <Form noValidate method="post" action={`/staff/recontact/${campaign.id}/letters`} reloadDocument>
                          <input type="hidden" name="batchId" value={batch.id} />
                          <button type="submit" name="intent" value="reprint_letters" className="button button--secondary">
                            {t("letters.reprint", { seq: batch.seq })}
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ) : null}
          <p className="hint">{t("letters.reprintHint")}</p>
        </section>
      ) : null}
    </div>
  );
}
