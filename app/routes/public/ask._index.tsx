import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestContextOf } from "../../auth/request-context.server";
import { FieldErrors } from "../../components/consent-dashboard";
import { FormErrors, FormField, TextAreaField } from "../../components/form-field";
import { AskEnquirySchema, enquiryAnswerDays, enquiryAskers } from "../../domain/enquiries/index";
import { askEnquiry, enquiryPath, newSubmissionKey, SubmissionKeySchema } from "../../domain/enquiries/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm, tooManyTries } from "../../forms/refusals.server";
import { passPageHeaders } from "../../forms/route-headers.server";
import { getFixedT } from "../../i18n/i18n";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enquiries:ask.title");

export const headers = passPageHeaders;

const AskFormSchema = AskEnquirySchema.extend(SubmissionKeySchema.shape);

/**
 * 相談窓口 (issue 59 item 1; ADR 145): anyone asks, without an account and without a CAPTCHA. The form carries a key
 * drawn for this page, so a second press of it leads to the same question rather than a second one.
 */
export async function loader(_args: LoaderFunctionArgs) {
  return json({ submissionKey: newSubmissionKey() }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { submission, language, t: errors } = await parseForm(request, AskFormSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const { submissionKey, ...input } = submission.value;
  const asked = await askEnquiry({ input, submissionKey, language, request: await requestContextOf(request, context) });
  if (!asked.ok) {
    const t = await getFixedT(language, "enquiries");
    return tooManyTries(submission, asked.retryAfterSeconds, errors, {}, { words: (minutes) => t("ask.rateLimited", { count: minutes }) });
  }
  throw redirect(`${enquiryPath(asked)}&received=1`);
}

export default function Ask() {
  const { t } = useTranslation("enquiries");
  const { submissionKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ body: string; asker: string; email: string }>({ id: "ask", lastResult: actionData?.result, defaultValue: { asker: "public" } });
  return (
    <div className="stack">
      <h1>{t("ask.title")}</h1>
      <p>{t("ask.intro", { days: enquiryAnswerDays })}</p>
      <p className="alert">{t("ask.notUrgent")}</p>
      <ul className="list-plain">
        <li>
          <a href="/faq">{t("ask.faqLink")}</a>
        </li>
        <li>
          <a href="/ask/where">{t("ask.whereLink")}</a>
        </li>
      </ul>
      <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <TextAreaField field={fields.body} label={t("ask.body")} hint={t("ask.bodyHint")} rows={8} />
        <fieldset className="field">
          <legend>{t("ask.asker")}</legend>
          {enquiryAskers.map((asker) => (
            <label key={asker} className="choice">
              <input {...getInputProps(fields.asker, { type: "radio", value: asker })} key={asker} /> {t(`askers.${asker}`)}
            </label>
          ))}
          <FieldErrors id={fields.asker.errorId} errors={fields.asker.errors} />
        </fieldset>
        <FormField field={fields.email} label={t("ask.email")} hint={t("ask.emailHint")} type="email" autoComplete="email" />
        <button type="submit" className="button">
          {t("ask.submit")}
        </button>
      </Form>
    </div>
  );
}
