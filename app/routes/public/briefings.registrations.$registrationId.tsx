import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import { cancelRegistration, readRegistration } from "../../domain/briefings/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { passPageHeaders } from "../../forms/route-headers.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "briefings:registration.title");

// The address holds the link's secret: never kept by a cache; the server's same-origin Referrer-Policy (ADR 107) keeps it here.
const privateHeaders = { "Cache-Control": "private, no-store" };
export const headers = passPageHeaders;

const CancelSchema = z.object({ intent: z.literal("cancel"), t: z.string().regex(/^[0-9a-f]{64}$/) });

/** A registration by its link (ADR 148): the place or the waiting list, the online link with a place, and giving it up. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const secret = new URL(request.url).searchParams.get("t") ?? "";
  const registration = await readRegistration({ registrationId: params.registrationId ?? "", secret, language: await getLanguage(request) });
  return json({ registration, secret }, { headers: privateHeaders });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { submission } = await parseForm(request, CancelSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const registrationId = params.registrationId ?? "";
  await cancelRegistration({ registrationId, secret: submission.value.t, request: await requestContextOf(request, context) });
  throw redirect(`/briefings/registrations/${registrationId}?t=${submission.value.t}`, { headers: privateHeaders });
}

export default function Registration() {
  const { t } = useTranslation("briefings");
  const { registration, secret } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("registration.title")}</h1>
      <section className="panel stack" aria-labelledby="registration-briefing">
        <h2 id="registration-briefing">
          <a href={`/briefings/${registration.briefingId}`}>
            <UserText text={registration.title} />
          </a>
        </h2>
        <p>
          <DateTime value={registration.startsAt} /> – <DateTime value={registration.endsAt} />
        </p>
        <p>{registration.format === "online" ? t("page.onlineWhere") : <UserText text={registration.place ?? ""} />}</p>
      </section>
      <p role="status" data-testid="registration-state" data-state={registration.state}>
        {t(`registration.states.${registration.state}`, { name: registration.name, count: registration.ahead ?? 0 })}
      </p>
      {registration.joinUrl ? (
        <p>
          {t("registration.join")} <a href={registration.joinUrl}>{registration.joinUrl}</a>
        </p>
      ) : null}
      {registration.cancellable ? (
        <Form method="post" noValidate>
          <input type="hidden" name="t" value={secret} />
          <button type="submit" name="intent" value="cancel" className="button button--danger">
            {registration.state === "waitlisted" ? t("registration.leaveWaitlist") : t("registration.cancel")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
