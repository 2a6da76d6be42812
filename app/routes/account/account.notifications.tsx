import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { useHydrated } from "../../components/passkey-client";
import { DateTime } from "../../components/date-time";
import { notificationFrequencies, notificationKinds, notificationPushKind, NotificationSettingsSchema, pushKinds } from "../../domain/mail";
import { readNotificationSettings, saveNotificationSettings } from "../../domain/mail/index.server";
import { changeDeviceKinds } from "../../domain/push/index.server";
import { listPushDevices } from "../../domain/push/index.server";
import { DeviceKindsSchema, SubscribeDeviceSchema } from "../../domain/push/index";
import { stopDevice } from "../../domain/push/index.server";
import { subscribeDevice } from "../../domain/push/index.server";
import { vapidKeys } from "../../domain/push/index.server";
import { invalidForm } from "../../forms/refusals.server";
import { parseForm } from "../../forms/parse-form.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { serviceWorkerScriptUrl } from "../../pwa/installable-app";
import { firstRefusalMessage } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:notifications.title");

const NotificationsFormSchema = z.discriminatedUnion("intent", [
  NotificationSettingsSchema.extend({ intent: z.literal("settings") }),
  SubscribeDeviceSchema.extend({ intent: z.literal("subscribe") }),
  DeviceKindsSchema.extend({ intent: z.literal("kinds") }),
  z.object({ intent: z.literal("stop"), subscriptionId: z.uuid() }),
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  // The worker's address as every page registers it (ADR 109): another address would install it anew.
  const serviceWorkerUrl = serviceWorkerScriptUrl(await getLanguage(request));
  const [devices, settings] = await Promise.all([listPushDevices(session.userId), readNotificationSettings(session.userId)]);
  return json({ devices, settings, applicationServerKey: vapidKeys().publicKey, serviceWorkerUrl });
}

/**
 * Changing a device's kinds and stopping a device are plain form posts, so they work without JavaScript; turning a
 * device on needs the browser's PushManager, whose subscription the page's script posts here (ADR 110). Another
 * account's device id is answered as unknown (404); a form that does not parse, 400 with the reason in words.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  const { submission, language } = await parseForm(request, NotificationsFormSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const requestContext = await requestContextOf(request, context);
  const form = submission.value;
  if (form.intent === "settings") {
    const { intent: _intent, ...settings } = form;
    await saveNotificationSettings({ userId: session.userId, input: settings, request: requestContext });
    throw redirect("/account/notifications?notice=settings");
  }
  if (form.intent === "subscribe") {
    await subscribeDevice({ userId: session.userId, input: form, language, request: requestContext });
    return json({ subscribed: true });
  }
  if (form.intent === "kinds") {
    await changeDeviceKinds({ userId: session.userId, subscriptionId: form.subscriptionId, kinds: form.kinds, request: requestContext });
    throw redirect("/account/notifications?notice=saved");
  }
  await stopDevice({ userId: session.userId, subscriptionId: form.subscriptionId, request: requestContext });
  throw redirect("/account/notifications?notice=stopped");
}

export default function Notifications() {
  const { t } = useTranslation("account");
  const { devices, settings, applicationServerKey, serviceWorkerUrl } = useLoaderData<typeof loader>();
  const refused = firstRefusalMessage(useActionData<typeof action>());
  const [params] = useSearchParams();
  const notice = params.get("notice");
  return (
    <div className="stack">
      <h1>{t("notifications.title")}</h1>
      <p>{t("notifications.intro")}</p>
      <p>{t("notifications.privacy")}</p>
      {notice === "on" || notice === "saved" || notice === "stopped" || notice === "settings" ? (
        <div className="alert alert--success" role="status">
          <p>{t(`notifications.notices.${notice}`)}</p>
        </div>
      ) : null}
      {refused ? (
        <div className="alert alert--error" role="alert" data-testid="notifications-error">
          <p>{refused}</p>
        </div>
      ) : null}

      <section className="panel" aria-labelledby="how-often-heading" data-testid="notification-settings">
        <h2 id="how-often-heading">{t("notifications.settings.heading")}</h2>
        <p>{t("notifications.settings.intro")}</p>
        <Form noValidate method="post" className="stack">
          <input type="hidden" name="intent" value="settings" />
          {notificationKinds.map((kind) => {
            const heard = devices.filter((device) => device.kinds.includes(notificationPushKind[kind]));
            return (
              <fieldset key={kind} className="field">
                <legend>{t(`notifications.settings.kinds.${kind}`)}</legend>
                <p className="hint">{t(`notifications.settings.about.${kind}`)}</p>
                {notificationFrequencies.map((frequency) => (
                  <label key={frequency} className="choice">
                    <input type="radio" name={kind} value={frequency} defaultChecked={settings[kind] === frequency} /> {t(`notifications.settings.frequencies.${frequency}`)}
                  </label>
                ))}
                <p className="hint" data-testid={`push-for-${kind}`}>
                  {heard.length === 0 ? t("notifications.settings.pushNone") : t("notifications.settings.pushOn", { devices: heard.map((device) => device.label).join(t("notifications.settings.separator")) })}
                </p>
              </fieldset>
            );
          })}
          <p className="hint">{t("notifications.settings.always")}</p>
          <p className="hint">
            {t("notifications.settings.updates")} <a href="/updates">{t("notifications.settings.updatesLink")}</a>
          </p>
          <div>
            <button type="submit" className="button">
              {t("notifications.settings.save")}
            </button>
          </div>
        </Form>
      </section>

      <section className="panel" aria-labelledby="this-device-heading">
        <h2 id="this-device-heading">{t("notifications.thisDevice.heading")}</h2>
        <TurnOnHere applicationServerKey={applicationServerKey} serviceWorkerUrl={serviceWorkerUrl} />
      </section>

      <section className="panel" aria-labelledby="devices-heading">
        <h2 id="devices-heading">{t("notifications.devices.heading")}</h2>
        <p>{t("notifications.devices.sharedNote")}</p>
        {devices.length === 0 ? <p>{t("notifications.devices.empty")}</p> : null}
        <ul className="list-plain">
          {devices.map((device) => (
            <li key={device.id} data-testid="push-device">
              <h3 id={`device-${device.id}`}>{device.label}</h3>
              <p>
                {t("notifications.devices.added")}: <DateTime value={device.addedAt} />
                <br />
                {t("notifications.devices.lastSent")}: {device.lastSentAt ? <DateTime value={device.lastSentAt} /> : t("notifications.devices.never")}
              </p>
              <Form noValidate method="post">
                <input type="hidden" name="intent" value="kinds" />
                <input type="hidden" name="subscriptionId" value={device.id} />
                <fieldset>
                  <legend>
                    {t("notifications.devices.kindsLegend")} <span className="visually-hidden">{device.label}</span>
                  </legend>
                  {pushKinds.map((kind) => (
                    <div className="checkbox" key={kind}>
                      <input type="checkbox" id={`kind-${device.id}-${kind}`} name="kinds" value={kind} defaultChecked={device.kinds.includes(kind)} />
                      <label htmlFor={`kind-${device.id}-${kind}`}>{t(`notifications.kinds.${kind}`)}</label>
                    </div>
                  ))}
                </fieldset>
                <button type="submit" className="button button--secondary">
                  {t("notifications.devices.save")}
                  <span className="visually-hidden"> {device.label}</span>
                </button>
              </Form>
              <Form noValidate method="post">
                <input type="hidden" name="intent" value="stop" />
                <input type="hidden" name="subscriptionId" value={device.id} />
                <button type="submit" className="button button--danger">
                  {t("notifications.devices.stop")}
                  <span className="visually-hidden"> {device.label}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

type TurnOnProblem = "unsupported" | "denied" | "failed";

/** The browser's permission and subscription, then the subscription posted to the action: only after hydration. */
function TurnOnHere({ applicationServerKey, serviceWorkerUrl }: { applicationServerKey: string; serviceWorkerUrl: string }) {
  const { t } = useTranslation("account");
  const hydrated = useHydrated();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<TurnOnProblem | null>(null);
  const subscribed = fetcher.data && "subscribed" in fetcher.data && fetcher.data.subscribed;
  useEffect(() => {
    if (subscribed) navigate("/account/notifications?notice=on", { replace: true });
  }, [subscribed, navigate]);
  if (!hydrated) return <p>{t("notifications.thisDevice.needsJavaScript")}</p>;
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return <p>{t("notifications.thisDevice.unsupported")}</p>;

  async function turnOn() {
    setAsking(true);
    setProblem(null);
    const outcome = await subscribeHere(applicationServerKey, serviceWorkerUrl);
    setAsking(false);
    if (typeof outcome === "string") return setProblem(outcome);
    fetcher.submit(outcome, { method: "post" });
  }

  const busy = asking || fetcher.state !== "idle";
  const refused = firstRefusalMessage(fetcher.data);
  return (
    <>
      <div role="alert">{problem || refused ? <p className="alert alert--error">{problem ? t(`notifications.thisDevice.${problem}`) : refused}</p> : null}</div>
      <button type="button" className="button" disabled={busy} aria-busy={busy} onClick={() => void turnOn()} data-testid="push-turn-on">
        {busy ? t("notifications.thisDevice.working") : t("notifications.thisDevice.button")}
      </button>
    </>
  );
}

/** Asks the browser: permission, the service worker, a subscription to the push service with our VAPID key. */
async function subscribeHere(applicationServerKey: string, serviceWorkerUrl: string): Promise<FormData | TurnOnProblem> {
  try {
    if ((await Notification.requestPermission()) !== "granted") return "denied";
    await navigator.serviceWorker.register(serviceWorkerUrl, { scope: "/" });
    const registration = await navigator.serviceWorker.ready;
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlBytes(applicationServerKey) }));
    const { endpoint, keys } = subscription.toJSON();
    const form = new FormData();
    form.set("intent", "subscribe");
    form.set("endpoint", endpoint ?? "");
    form.set("p256dh", keys?.p256dh ?? "");
    form.set("auth", keys?.auth ?? "");
    for (const kind of pushKinds) form.append("kinds", kind);
    return form;
  } catch {
    return "failed";
  }
}

function base64UrlBytes(value: string): Uint8Array<ArrayBuffer> {
  const text = atob(value.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let index = 0; index < text.length; index += 1) bytes[index] = text.charCodeAt(index);
  return bytes;
}
