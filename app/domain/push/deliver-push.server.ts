import webpush from "web-push";
import { counter } from "@tsunagi/service-kit/metrics";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { getDatabase, type Database } from "../../db.server";
import { getEnv } from "../../env.server";
import { translator } from "../../i18n/i18n";
import { enqueueJob } from "../jobs/index.server";
import { recordAuditEvent } from "../kernel/index.server";
import { isPushKind, pushPaths, type ContactGuard, type PushKind } from "../mail";
import { accountContactStillAllowed, participantContactStillAllowed, readMailContact } from "../mail/index.server";
import { pushEndpointAllowed } from "./push-endpoint";
import { pushServiceOrigins } from "./subscribe-device.server";
import { vapidKeys } from "./vapid-keys.server";

const log = serviceLogger("app");

/** Thrown for a push service that may take it later (429, 5xx, no answer), so the queue retries with backoff. */
export class TransientPushFailure extends Error {
  override name = "TransientPushFailure";
}

/**
 * The `push.notify` job (ADR 110): one `push.deliver` per device of the mail's recipient that hears this kind. Which
 * devices is decided now, when the job runs; whether each may still be told is decided again when its prompt leaves.
 */
export async function notifyDevices(job: { mailMessageId: string; kind: string }, db: Database = getDatabase()): Promise<number> {
  if (!isPushKind(job.kind)) return 0;
  const contact = await readMailContact(job.mailMessageId, db);
  if (!contact?.userId) return 0;
  const devices = await db.pushSubscription.findMany({ where: { userId: contact.userId, kinds: { has: job.kind } }, select: { id: true } });
  if (devices.length === 0) return 0;
  await db.$transaction(async (tx) => {
    for (const device of devices) await enqueueJob(tx, "push.deliver", { subscriptionId: device.id, mailMessageId: job.mailMessageId, kind: job.kind }, { maxAttempts: 5 });
  });
  return devices.length;
}

export type PushOutcome = "sent" | "device_gone" | "kind_off" | "withheld" | "refused";

/**
 * One prompt to one device (ADR 110). Before it leaves, the same questions as its mail, asked now: the device is still
 * there and still hears this kind, is still its recipient's; the recipient's account may still be contacted and — for a
 * message about a participant — that participant's consent has not been withdrawn at a level that stops contact; the
 * mail's own contact check (a care-team notice, a digest) still holds. Then the prompt, in the device's language,
 * saying only that something waits and which page to open, encrypted to the device's keys (RFC 8291, aes128gcm) and
 * signed for its push service (VAPID, RFC 8292) by `web-push`, and posted (RFC 8030) by fetch: https only unless
 * configured, no redirects followed, 10 s at most.
 *
 * Answers: 2xx sent; 404 or 410 the subscription is gone and is deleted; 429, 5xx or no answer is retried by the queue;
 * any other refusal (a 400, a 403 for a key the service no longer accepts, a 413) is logged and not retried.
 */
export async function deliverPush(
  job: { subscriptionId: string; mailMessageId: string; kind: string },
  guards: { contactGuard: ContactGuard },
  db: Database = getDatabase(),
): Promise<PushOutcome> {
  try {
    const outcome = await deliverPushOnce(job, guards, db);
    pushes.inc({ outcome });
    return outcome;
  } catch (error) {
    // Thrown: the push service did not take it this time, and the queue tries again.
    pushes.inc({ outcome: "retrying" });
    throw error;
  }
}

/**
 * Push as those who run Tsunagi watch it (issue 61, ADR 169): each attempt's outcome — sent, retrying, or not sent for
 * good (device_gone, kind_off, withheld, refused).
 */
const pushes = counter("tsunagi_push_deliveries_total", "Push delivery attempts by outcome: sent, retrying, device_gone, kind_off, withheld, refused", ["outcome"]);

async function deliverPushOnce(
  job: { subscriptionId: string; mailMessageId: string; kind: string },
  guards: { contactGuard: ContactGuard },
  db: Database,
): Promise<PushOutcome> {
  if (!isPushKind(job.kind)) return "refused";
  const device = await db.pushSubscription.findUnique({ where: { id: job.subscriptionId } });
  if (!device) return "device_gone";
  if (!device.kinds.includes(job.kind)) return "kind_off";
  const contact = await readMailContact(job.mailMessageId, db);
  if (!contact || contact.userId !== device.userId) return "withheld";
  if (!(await accountContactStillAllowed(device.userId, db)).allowed) return "withheld";
  if (contact.participantId && !(await participantContactStillAllowed(contact.participantId, db))) return "withheld";
  if (contact.contactCheck === "unreadable") return "withheld";
  if (contact.contactCheck && !(await guards.contactGuard(contact.contactCheck)).allowed) return "withheld";
  if (!pushEndpointAllowed(device.endpoint, pushServiceOrigins())) return "refused";

  const keys = vapidKeys();
  const details = webpush.generateRequestDetails({ endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } }, promptOf(job.kind, device.language), {
    vapidDetails: { subject: keys.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
    TTL: 24 * 60 * 60,
    urgency: "normal",
    // One waiting prompt per kind at the push service: a newer one replaces an older one not yet delivered (RFC 8030 §5.4).
    topic: job.kind.replaceAll("_", "-"),
  });
  let status: number;
  try {
    const response = await fetch(details.endpoint, {
      method: "POST",
      headers: Object.fromEntries(Object.entries(details.headers).map(([name, value]) => [name, String(value)])),
      body: details.body ? new Uint8Array(details.body) : null,
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
    status = response.status;
    await response.body?.cancel();
  } catch (error) {
    throw new TransientPushFailure(`push service did not answer: ${(error as Error).name}`);
  }
  if (status >= 200 && status < 300) {
    await db.pushSubscription.updateMany({ where: { id: device.id }, data: { lastSentAt: new Date() } });
    return "sent";
  }
  if (status === 404 || status === 410) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.pushSubscription.deleteMany({ where: { id: device.id } });
      if (count === 1) await recordAuditEvent(tx, { type: "push.device_changed", outcome: "success", detail: { subscriptionId: device.id, change: "gone" } }, { actorUserId: null });
    });
    log.info({ subscriptionId: device.id, status }, "push subscription gone: removed");
    return "device_gone";
  }
  if (status === 429 || status >= 500) throw new TransientPushFailure(`push service answered ${status}`);
  log.warn({ subscriptionId: device.id, status }, "push refused by the push service: not retried");
  return "refused";
}

/** The prompt's words in the device's language: that something waits, and where — never what (ADR 110). */
function promptOf(kind: PushKind, language: string): string {
  const t = translator(language, "email");
  const url = new URL(pushPaths[kind], getEnv().APP_URL).toString();
  return JSON.stringify({ title: t("push.title"), body: t(`push.kinds.${kind}`), url, tag: kind, lang: language });
}
