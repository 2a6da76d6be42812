import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import { readPanelApplication, withdrawPanelApplication } from "../../domain/panel-recruitment/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { passPageHeaders } from "../../forms/route-headers.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { withoutAppScripts } from "../../rendering/page-scripts";

// A plain form: sent without the app's scripts (ADR 085).
export const handle = withoutAppScripts;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "panel-calls:application.title");

// The address holds the link's secret: never kept by a cache; the same-origin Referrer-Policy (ADR 107) keeps it here.
const privateHeaders = { "Cache-Control": "private, no-store" };
export const headers = passPageHeaders;

const WithdrawSchema = z.object({ intent: z.literal("withdraw"), t: z.string().regex(/^[0-9a-f]{64}$/) });

/** An application by its link (ADR 151): where it stands, the reason once decided, and withdrawing it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const secret = new URL(request.url).searchParams.get("t") ?? "";
  const application = await readPanelApplication({ applicationId: params.applicationId ?? "", secret, language: await getLanguage(request) });
  return json({ application, secret }, { headers: privateHeaders });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { submission } = await parseForm(request, WithdrawSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const applicationId = params.applicationId ?? "";
  await withdrawPanelApplication({ applicationId, secret: submission.value.t, request: await requestContextOf(request, context) });
  throw redirect(`/join-the-panel/applications/${applicationId}?t=${submission.value.t}`, { headers: privateHeaders });
}

export default function PanelApplication() {
  const { t } = useTranslation("panel-calls");
  const { application, secret } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("application.title")}</h1>
      <section className="panel stack" aria-labelledby="application-call">
        <h2 id="application-call">
          <a href={`/join-the-panel/${application.callId}`}>
            <UserText text={application.title} />
          </a>
        </h2>
        <p>
          {t("application.sentAt")} <DateTime value={application.submittedAt} />
        </p>
      </section>
      <p role="status" data-testid="application-state" data-state={application.state}>
        {t(`application.states.${application.state}`, { name: application.name })}
      </p>
      {application.reason ? (
        <section className="panel stack" aria-labelledby="application-reason" data-testid="application-reason">
          <h2 id="application-reason">{t("application.reason")}</h2>
          <p>
            <UserText text={application.reason} />
          </p>
        </section>
      ) : null}
      {application.withdrawable ? (
        <Form method="post" noValidate>
          <input type="hidden" name="t" value={secret} />
          <button type="submit" name="intent" value="withdraw" className="button button--danger">
            {t("application.withdraw")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
