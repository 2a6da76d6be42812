import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission, requireRecentAuthentication } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors, FormField } from "../../components/form-field";
import { ChangeContactSchema } from "../../domain/account/index";
import { changeOwnContact, loadOwnContact } from "../../domain/account/index.server";
import { isStaffRole } from "../../domain/authz/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { getFixedT } from "../../i18n/i18n";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:contact.title");

/**
 * Contact details changed by their holder (issue 58 item 5, ADR 141): after a fresh proof, asked before the form is
 * shown so nothing typed is lost to it. A staff account's address is its administrator's to change.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  if (isStaffRole(session.user.roles)) return json({ staff: true as const, contact: null });
  requireRecentAuthentication(session, request);
  return json({ staff: false as const, contact: await loadOwnContact(session.userId) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  requireRecentAuthentication(session, request, "/account/contact");
  const { submission, language } = await parseForm(request, ChangeContactSchema);
  if (submission.status !== "success") return invalidForm(submission, { intent: intentOf(submission.payload) });
  const result = await changeOwnContact({ userId: session.userId, input: submission.value, language, request: await requestContextOf(request, context) });
  if (!result.ok) {
    const t = await getFixedT(language, "account");
    const words = [t(`contact.errors.${result.reason}`)];
    return invalidForm({ reply: () => submission.reply({ formErrors: words }) }, { intent: submission.value.intent });
  }
  throw redirect(`/account/contact?notice=${result.change}`);
}

function intentOf(payload: Record<string, unknown>): "email" | "phone" {
  return payload.intent === "phone" ? "phone" : "email";
}

export default function Contact() {
  const { t } = useTranslation("account");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  const [emailForm, emailFields] = useForm<{ intent: string; email: string }>({ id: "contact-email", lastResult: actionData?.intent === "email" ? actionData.result : undefined });
  const [phoneForm, phoneFields] = useForm<{ intent: string; phone: string }>({ id: "contact-phone", lastResult: actionData?.intent === "phone" ? actionData.result : undefined });
  if (data.staff) {
    return (
      <div className="stack">
        <h1>{t("contact.title")}</h1>
        <p>{t("contact.staff")}</p>
      </div>
    );
  }
  const contact = data.contact;
  return (
    <div className="stack">
      <h1>{t("contact.title")}</h1>
      {notice === "email_requested" || notice === "phone_changed" || notice === "unchanged" ? (
        <div className="alert alert--success" role="status">
          <p>{t(`contact.notices.${notice}`)}</p>
        </div>
      ) : null}
      <p>{t("contact.intro")}</p>

      <section className="panel stack" aria-labelledby="contact-email-heading">
        <h2 id="contact-email-heading">{t("contact.email.heading")}</h2>
        <p>{t("contact.email.current", { email: contact.email })}</p>
        {contact.pendingEmail ? (
          <p>
            {t("contact.email.pending", { email: contact.pendingEmail.newEmail })} {t("contact.email.pendingUntil")} <DateTime value={contact.pendingEmail.expiresAt} />
          </p>
        ) : null}
        <p>{t("contact.email.how")}</p>
        <Form method="post" {...getFormProps(emailForm)} className="stack">
          <input type="hidden" name="intent" value="email" />
          <FormErrors id={emailForm.errorId} errors={emailForm.errors} />
          <FormField field={emailFields.email} label={t("contact.email.label")} type="email" autoComplete="email" />
          <button type="submit" className="button button--block">
            {t("contact.email.submit")}
          </button>
        </Form>
      </section>

      {contact.hasIdentity ? (
        <section className="panel stack" aria-labelledby="contact-phone-heading">
          <h2 id="contact-phone-heading">{t("contact.phone.heading")}</h2>
          <p>{contact.phone ? t("contact.phone.current", { phone: contact.phone }) : t("contact.phone.none")}</p>
          <Form method="post" {...getFormProps(phoneForm)} className="stack">
            <input type="hidden" name="intent" value="phone" />
            <FormErrors id={phoneForm.errorId} errors={phoneForm.errors} />
            <FormField field={phoneFields.phone} label={t("contact.phone.label")} autoComplete="tel" inputMode="tel" />
            <button type="submit" className="button button--block">
              {t("contact.phone.submit")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
