import { getCollectionProps, getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requestContextOf } from "../../auth/request-context.server";
import { FieldError, FormErrors } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { recontactAnswers } from "../../domain/recontact/index";
import { answerRecontact, loadRecontactInvitation } from "../../domain/recontact/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { translator } from "../../i18n/i18n";
import { languageCookie } from "../../i18n/language.server";
import { getLanguage } from "../../i18n/language.server";
import { htmlLangOf } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import { invalidForm } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "recontact:respond.title");

/**
 * A participant's answer to a campaign, through the single-use link in their message (ADR 035): no sign-in, a plain
 * form that works without JavaScript, in the participant's language first and switchable like any page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await loadRecontactInvitation(params.token ?? "");
  const url = new URL(request.url);
  // First visit: the language the participant reads. The `lang` marker stops a loop in a browser refusing cookies.
  const hasLanguage = (await languageCookie.parse(request.headers.get("Cookie"))) !== null;
  if (!hasLanguage && !url.searchParams.has("lang")) {
    url.searchParams.set("lang", "1");
    throw redirect(`${url.pathname}${url.search}`, { headers: { "Set-Cookie": await languageCookie.serialize(invitation.language) } });
  }
  const language = await getLanguage(request);
  return json({ title: invitation.title, message: invitation.messages[language], messageLanguage: htmlLangOf(language), answer: invitation.answer });
}

const AnswerSchema = z.object({ answer: z.enum(recontactAnswers) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { submission, language } = await parseForm(request, AnswerSchema);
  const t = translator(language, "recontact");
  if (submission.status !== "success") {
    // The form's only field: whatever was wrong (nothing chosen, a made-up answer), the remedy is to choose one.
    return invalidForm(submission, {}, { fieldErrors: { answer: [t("respond.required")] } });
  }
  const requestContext = await requestContextOf(request, context);
  // A link already answered is said above the form (409); an unknown one is the 404 page (ADR 131).
  await answerRecontact({ token: params.token ?? "", answer: submission.value.answer, language, request: requestContext });
  const url = new URL(request.url);
  throw redirect(`${url.pathname}?done=1`);
}

export default function RecontactResponse() {
  const { t } = useTranslation(["recontact", "errors"]);
  const { title, message, messageLanguage, answer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<{ answer: string }>({ id: "recontact-answer", lastResult: actionData?.result });
  if (answer !== null) {
    const thanked = params.get("done") === "1" && !actionData;
    return (
      <div className="stack">
        <h1>{thanked ? t("respond.done.title") : t("respond.used.title")}</h1>
        <div className="alert" role="status">
          <p>{thanked ? t(`respond.done.${answer}`) : t("errors:recontact_response_used")}</p>
        </div>
      </div>
    );
  }
  const hintId = `${fields.answer.id}-hint`;
  return (
    <div className="stack">
      <h1>{t("respond.title")}</h1>
      <p>{t("respond.intro")}</p>
      <section className="panel stack" aria-label={title}>
        <p lang={messageLanguage} className="message-text">
          <UserText text={message} />
        </p>
      </section>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="choice-group" aria-describedby={hintId}>
          <legend>{t("respond.question")}</legend>
          <p className="hint" id={hintId}>
            {t("respond.hint")}
          </p>
          {getCollectionProps(fields.answer, { type: "radio", options: [...recontactAnswers] }).map((props, index) => {
            const value = recontactAnswers[index]!;
            const explanationId = value === "stop_contacting" ? `${props.id}-explanation` : undefined;
            const describedBy = [explanationId, fields.answer.errors?.length ? fields.answer.errorId : undefined].filter(Boolean).join(" ") || undefined;
            return (
              <div className="choice-option" key={props.key}>
                <input {...props} key={props.key} aria-describedby={describedBy} />
                <div>
                  <label htmlFor={props.id}>{t(`answers.${value}`)}</label>
                  {explanationId ? (
                    <p className="hint" id={explanationId}>
                      {t("respond.stopHint")}
                    </p>
                  ) : null}
                </div>
              </div>
            );
          })}
          <FieldError field={fields.answer} />
        </fieldset>
        <button type="submit" className="button">
          {t("respond.submit")}
        </button>
      </Form>
    </div>
  );
}
