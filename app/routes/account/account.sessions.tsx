import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { describeDevice } from "../../domain/auth/index";
import { endSession } from "../../domain/session/index.server";
import { listSessions } from "../../domain/session/index.server";
import { signOutOtherSessions } from "../../domain/session/index.server";
import { pageTitle } from "../../i18n/page-title";
import { badRequest } from "../../forms/refusals.server";
import { parseForm } from "../../forms/parse-form.server";

const SessionActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("sign-out-others") }),
  z.object({ intent: z.literal("end-one"), sessionId: z.string().regex(/^[a-z2-9]{24}$/) }),
]);

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:sessions.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  const sessions = await listSessions(session.userId, session.id);
  return json({ sessions });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  const { submission } = await parseForm(request, SessionActionSchema);
  if (submission.status !== "success") throw badRequest();
  const parsed = { data: submission.value };
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  if (parsed.data.intent === "sign-out-others") {
    const count = await signOutOtherSessions({ userId: session.userId, currentSessionId: session.id, context: { ipAddress, userAgent } });
    throw redirect(`/account/sessions?ended=${count}`);
  }
  if (parsed.data.sessionId === session.id) throw badRequest();
  await endSession({ sessionId: parsed.data.sessionId, userId: session.userId, reason: "revoked_by_user", context: { actorUserId: session.userId, ipAddress, userAgent } });
  throw redirect("/account/sessions?ended=1");
}

export default function Sessions() {
  const { t } = useTranslation("account");
  const { sessions } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const ended = params.get("ended");
  const others = sessions.filter((session) => !session.current).length;
  const deviceName = (userAgent: string | null) => {
    const { browser, os } = describeDevice(userAgent);
    if (browser && os) return t("sessions.device", { browser, os });
    return browser ?? os ?? t("sessions.unknownDevice");
  };
  return (
    <div className="stack">
      <h1>{t("sessions.title")}</h1>
      <p>{t("sessions.intro")}</p>
      {ended !== null ? (
        <div className="alert alert--success" role="status">
          <p>{t("sessions.ended", { count: Number(ended) || 0 })}</p>
        </div>
      ) : null}
      <ul className="list-plain" aria-label={t("sessions.listLabel")}>
        {sessions.map((session) => (
          <li key={session.id} data-testid="session-row">
            <p>
              <strong>{deviceName(session.userAgent)}</strong> {session.current ? <span className="tag">{t("sessions.current")}</span> : null}
            </p>
            <p>
              {t("sessions.started")} <DateTime value={session.createdAt} />
            </p>
            <p>
              {t("sessions.lastActive")} <DateTime value={session.lastActiveAt} />
            </p>
            <p>
              {t("sessions.address")} <span className="mono">{session.ipAddress ?? "—"}</span>
            </p>
            {session.current ? null : (
              <form noValidate method="post">
                <input type="hidden" name="intent" value="end-one" />
                <input type="hidden" name="sessionId" value={session.id} />
                <button type="submit" className="button button--secondary">
                  {t("sessions.endOne")}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <form noValidate method="post">
          <input type="hidden" name="intent" value="sign-out-others" />
          <button type="submit" className="button button--danger">
            {t("sessions.signOutOthers")}
          </button>
        </form>
      ) : (
        <p>{t("sessions.noOthers")}</p>
      )}
    </div>
  );
}
