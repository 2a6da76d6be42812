import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requestContextOf } from "../../auth/request-context.server";
import { UserText } from "../../components/user-text";
import { readFollow, setFollowing } from "../../domain/consultations/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { passPageHeaders } from "../../forms/route-headers.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consultations:following.title");

// The address holds the link's secret: never kept by a cache; the server's same-origin Referrer-Policy (ADR 107) keeps it here.
const privateHeaders = { "Cache-Control": "private, no-store" };
export const headers = passPageHeaders;

const FollowingSchema = z.object({ intent: z.enum(["confirm", "stop"]), t: z.string().regex(/^[0-9a-f]{64}$/) });

/**
 * The link from the confirmation mail and every notice (ADR 147): what is followed and whether; a button confirms, or
 * stops (a plain GET — what a mail scanner does — changes nothing). A wrong secret reads as no page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const secret = new URL(request.url).searchParams.get("t") ?? "";
  const follow = await readFollow({ followerId: params.followerId ?? "", secret, language: await getLanguage(request) });
  return json({ follow, secret }, { headers: privateHeaders });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { submission } = await parseForm(request, FollowingSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const followerId = params.followerId ?? "";
  await setFollowing({ followerId, secret: submission.value.t, intent: submission.value.intent, request: await requestContextOf(request, context) });
  throw redirect(`/follow/${followerId}?t=${submission.value.t}`, { headers: privateHeaders });
}

export default function Following() {
  const { t } = useTranslation(["consultations", "consultation-admin"]);
  const { follow, secret } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("following.title")}</h1>
      <section className="panel" aria-labelledby="followed-heading">
        <h2 id="followed-heading">
          <UserText text={follow.consultationTitle} />
        </h2>
        <p>
          <span className="update-badge">{t(`consultation-admin:report.states.${follow.decisionState}`)}</span> <UserText text={follow.decision} />
        </p>
        <p>
          <a href={`/consultations/${follow.consultationId}/report`}>{t("following.read")}</a>
        </p>
      </section>
      <p role="status" data-testid="follow-state" data-state={follow.state}>
        {t(`following.states.${follow.state}`)}
      </p>
      {follow.state === "stopped" ? null : (
        <Form method="post" noValidate>
          <input type="hidden" name="t" value={secret} />
          {follow.state === "waiting" ? (
            <button type="submit" name="intent" value="confirm" className="button">
              {t("following.confirm")}
            </button>
          ) : (
            <button type="submit" name="intent" value="stop" className="button button--danger">
              {t("following.stop")}
            </button>
          )}
        </Form>
      )}
      {follow.state === "stopped" ? <p>{t("following.again")}</p> : null}
    </div>
  );
}
