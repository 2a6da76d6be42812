import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getSession } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors, FormField } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { RegisterSchema } from "../../domain/briefings/index";
import { loadBriefing, registerForBriefing } from "../../domain/briefings/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm, tooManyTries } from "../../forms/refusals.server";
import { passPageHeaders } from "../../forms/route-headers.server";
import { getFixedT } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "briefings:page.title");
export const headers = passPageHeaders;

/** One session (ADR 148): what, when, where, places left, and the registration form (or its minutes, after). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return json({ briefing: await loadBriefing({ briefingId: params.briefingId ?? "", language: await getLanguage(request) }) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { submission, language, t: errors } = await parseForm(request, RegisterSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const session = await getSession(request, context);
  const briefingId = params.briefingId ?? "";
  const registered = await registerForBriefing({ briefingId, input: submission.value, userId: session?.userId ?? null, language, request: await requestContextOf(request, context) });
  if (!registered.ok) {
    const t = await getFixedT(language, "briefings");
    return tooManyTries(submission, registered.retryAfterSeconds, errors, {}, { words: (minutes) => t("page.rateLimited", { count: minutes }) });
  }
  throw redirect(`/briefings/${briefingId}?registered=${registered.state}`);
}

export default function Briefing() {
  const { t } = useTranslation("briefings");
  const { briefing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const registered = params.get("registered");
  const [form, fields] = useForm<{ name: string; email: string }>({ id: "register", lastResult: actionData?.result });
  const open = briefing.state === "open" || briefing.state === "full";
  const placesLeft = Math.max(0, briefing.capacity - briefing.registered);
  return (
    <article className="stack">
      <p>
        <a href="/briefings">{t("page.back")}</a>
      </p>
      <h1>
        <UserText text={briefing.title} />
      </h1>
      <p>
        <span className="update-badge">{t(`kinds.${briefing.kind}`)}</span> <span className="update-badge" data-testid="briefing-state">{t(`states.${briefing.state}`)}</span>
      </p>
      <dl className="facts">
        <div className="facts__row">
          <dt>{t("page.starts")}</dt>
          <dd>
            <DateTime value={briefing.startsAt} />
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t("page.ends")}</dt>
          <dd>
            <DateTime value={briefing.endsAt} />
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t("page.where")}</dt>
          <dd>{briefing.format === "online" ? t("page.onlineWhere") : <UserText text={briefing.place ?? ""} />}</dd>
        </div>
        {open ? (
          <div className="facts__row">
            <dt>{t("page.places")}</dt>
            <dd data-testid="places-left">{placesLeft > 0 ? t("page.placesLeft", { count: placesLeft }) : t("page.waitingList")}</dd>
          </div>
        ) : null}
      </dl>
      <div className="stack">
        {briefing.description.split(/\n\s*\n/).map((paragraph, index) => (
          <p key={index}>
            <UserText text={paragraph} />
          </p>
        ))}
      </div>
      <p>
        <a href={`/briefings/${briefing.id}.ics`} download>
          {t("page.calendar")}
        </a>
      </p>
      {registered === "registered" || registered === "waitlisted" ? (
        <div className="alert alert--success" role="status" data-testid="registered">
          <p>{t(`page.done.${registered}`)}</p>
        </div>
      ) : open ? (
        <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
          <h2>{t("page.registerHeading")}</h2>
          <p>{placesLeft > 0 ? t("page.registerIntro") : t("page.waitlistIntro")}</p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <FormField field={fields.name} label={t("page.name")} autoComplete="name" />
          <FormField field={fields.email} label={t("page.email")} hint={t("page.emailHint")} type="email" autoComplete="email" />
          <div>
            <button type="submit" className="button">
              {placesLeft > 0 ? t("page.register") : t("page.joinWaitlist")}
            </button>
          </div>
        </Form>
      ) : null}
      {briefing.minutes !== null ? (
        <section className="panel stack" aria-labelledby="minutes-heading" data-testid="briefing-minutes">
          <h2 id="minutes-heading">{t("page.minutes")}</h2>
          {briefing.minutes.split(/\n\s*\n/).map((paragraph, index) => (
            <p key={index}>
              <UserText text={paragraph} />
            </p>
          ))}
          {briefing.recordingUrl ? (
            <p>
              <a href={briefing.recordingUrl}>{t("page.recording")}</a>
            </p>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}
