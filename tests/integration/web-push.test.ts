// Issue 32 item 5 (ADR 110): Web Push — a device turned on from /account/notifications hears "something waits for
// you" through the job queue, after the same send-time consent check as the mail. A local push service (RFC 8030)
// verifies the VAPID token and decrypts each message (RFC 8291) with the keys the test made for the device.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { notifyReconsentRequired } from "../../app/domain/consent/forms/notify-reconsent-required.server";
import { resetEnvCache } from "../../app/env.server";
import { action, loader } from "../../app/routes/account/account.notifications";
import { action as signOut } from "../../app/routes/auth/sign-out";
import { useTestDatabase } from "../support/database";
import { queuedJobs, runJobsUntilSettled } from "../support/jobs";
import { newDeviceKeys, startPushService, type DeviceKeys, type PushService } from "../support/push-service";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

useTestDatabase();

let push: PushService;
const previousOrigins = process.env.PUSH_SERVICE_ORIGINS;

beforeAll(async () => {
  push = await startPushService();
  process.env.PUSH_SERVICE_ORIGINS = push.origin;
  resetEnvCache();
});

afterAll(async () => {
  if (previousOrigins === undefined) delete process.env.PUSH_SERVICE_ORIGINS;
  else process.env.PUSH_SERVICE_ORIGINS = previousOrigins;
  resetEnvCache();
  await push.close();
});

async function post(participant: ConsentedParticipant, fields: Record<string, string | string[]>, language = "ja") {
  const request = formPost("/account/notifications", fields, await cookieFor(participant.user!, language));
  request.headers.set("User-Agent", "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36");
  return settle(() => action({ request, context: loadContext, params: {} }));
}

/** Turns a device on as the page's script does: the browser's subscription posted with the kinds. */
async function turnOn(participant: ConsentedParticipant, options: { kinds?: string[]; language?: string } = {}): Promise<{ endpoint: string; keys: DeviceKeys; id: string }> {
  const keys = newDeviceKeys();
  const endpoint = push.endpoint();
  const response = await post(participant, { intent: "subscribe", endpoint, p256dh: keys.p256dh, auth: keys.auth, kinds: options.kinds ?? ["reconsent", "care_team", "answers", "consultation", "updates"] }, options.language);
  expect(response.status).toBe(200);
  const row = await getDatabase().pushSubscription.findUniqueOrThrow({ where: { endpoint } });
  return { endpoint, keys, id: row.id };
}

const receivedAt = (endpoint: string) => push.received.filter((message) => message.path === new URL(endpoint).pathname);

describe("Web Push to a participant's device", () => {
  it("delivers a re-consent prompt through the queue: VAPID-signed, encrypted to the device, saying only that something waits", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const device = await turnOn(participant, { language: "en" });
    const page = await settle(() => loader({ request: pageGet("/account/notifications", ""), context: loadContext, params: {} }));
    expect(page.status).toBe(302); // signed out: to sign in

    await notifyReconsentRequired([participant.id]);
    expect((await queuedJobs()).map((job) => job.task)).toEqual(expect.arrayContaining(["mail.deliver", "push.notify"]));
    await runJobsUntilSettled();

    const [message] = receivedAt(device.endpoint);
    expect(receivedAt(device.endpoint)).toHaveLength(1);
    expect(message!.headers["content-encoding"]).toBe("aes128gcm");
    expect(Number(message!.headers.ttl)).toBeGreaterThan(0);
    expect(message!.headers.topic).toBe("reconsent");
    expect(message!.vapid).toMatchObject({ aud: push.origin, sub: expect.stringMatching(/^mailto:/) });
    const prompt = JSON.parse(device.keys.decrypt(message!.body)) as Record<string, string>;
    expect(prompt).toEqual({ title: "Tsunagi", body: "A decision about your consent is waiting for you. Please open Tsunagi.", url: "http://localhost:3000/consent", tag: "reconsent", lang: "en" });
    expect((await getDatabase().pushSubscription.findUniqueOrThrow({ where: { id: device.id } })).lastSentAt).not.toBeNull();
    // The mail went as well: it is the notice of record, and what a device that hears nothing falls back on.
    expect(await getDatabase().mailMessage.count({ where: { userId: participant.user!.id, template: "consent-notice", state: "sent" } })).toBeGreaterThan(1);
  });

  it("in the device's own language, to every device that hears the kind and to none that does not", async () => {
    const participant = await consentedParticipant({ language: "ja" });
    const easy = await turnOn(participant, { language: "ja-easy" });
    const silent = await turnOn(participant, { kinds: ["updates"] });
    await notifyReconsentRequired([participant.id]);
    await runJobsUntilSettled();
    expect(JSON.parse(easy.keys.decrypt(receivedAt(easy.endpoint)[0]!.body))).toMatchObject({ body: "同意に ついて、あなたの 答えを まっています。Tsunagi を ひらいて ください。", lang: "ja-easy" });
    expect(receivedAt(silent.endpoint)).toHaveLength(0);
  });

  it("queues no prompt for a recipient with no device that hears the kind: the mail alone", async () => {
    const participant = await consentedParticipant({ language: "en" });
    await turnOn(participant, { kinds: ["updates"] });
    const before = (await queuedJobs()).filter((job) => job.task === "push.notify").length;
    await notifyReconsentRequired([participant.id]);
    const jobs = await queuedJobs();
    expect(jobs.filter((job) => job.task === "push.notify")).toHaveLength(before);
    expect(jobs.some((job) => job.task === "mail.deliver")).toBe(true);
    await runJobsUntilSettled();
  });

  it("sends nothing to a participant who withdrew, even for a prompt queued before the withdrawal", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const device = await turnOn(participant);
    await notifyReconsentRequired([participant.id]);
    await withdrawOnline(participant, { level: "no_contact" });
    await runJobsUntilSettled();
    expect(receivedAt(device.endpoint)).toHaveLength(0);
  });

  it("sends nothing to a device whose holder turned the kind off or stopped it after the prompt was queued", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const off = await turnOn(participant);
    const stopped = await turnOn(participant);
    await notifyReconsentRequired([participant.id]);
    expect((await post(participant, { intent: "kinds", subscriptionId: off.id, kinds: ["updates"] })).headers.get("Location")).toBe("/account/notifications?notice=saved");
    expect((await post(participant, { intent: "stop", subscriptionId: stopped.id })).headers.get("Location")).toBe("/account/notifications?notice=stopped");
    await runJobsUntilSettled();
    expect(receivedAt(off.endpoint)).toHaveLength(0);
    expect(receivedAt(stopped.endpoint)).toHaveLength(0);
    expect(await getDatabase().pushSubscription.count({ where: { id: stopped.id } })).toBe(0);
    const changes = await getDatabase().auditEvent.findMany({ where: { actorUserId: participant.user!.id, type: "push.device_changed" }, select: { detail: true } });
    expect(changes.map((row) => (row.detail as { change: string }).change)).toEqual(expect.arrayContaining(["subscribed", "kinds_changed", "stopped"]));
  });

  it("removes a subscription whose push service answers 410 or 404, and keeps one that answers 500 for the queue's retry", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const gone = await turnOn(participant);
    const unknown = await turnOn(participant);
    const failing = await turnOn(participant);
    push.answer(gone.endpoint, 410);
    push.answer(unknown.endpoint, 404);
    push.answer(failing.endpoint, 500);
    await notifyReconsentRequired([participant.id]);
    await runJobsUntilSettled(2);
    const left = await getDatabase().pushSubscription.findMany({ where: { userId: participant.user!.id }, select: { id: true } });
    expect(left.map((row) => row.id)).toEqual([failing.id]);
    expect((await queuedJobs()).filter((job) => job.task === "push.deliver")).toHaveLength(1);
    // The service is back: the queue's retry delivers the prompt once.
    push.answer(failing.endpoint, 201);
    await runJobsUntilSettled();
    expect(receivedAt(failing.endpoint)).toHaveLength(1);
    const goneRows = await getDatabase().auditEvent.findMany({ where: { type: "push.device_changed" }, select: { detail: true } });
    expect(goneRows.filter((row) => (row.detail as { change: string }).change === "gone").map((row) => (row.detail as { subscriptionId: string }).subscriptionId).sort()).toEqual([gone.id, unknown.id].sort());
  });

  it("refuses an endpoint on a push service not configured (the server would be made to call any address), and bad keys, in words", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const keys = newDeviceKeys();
    const elsewhere = await post(participant, { intent: "subscribe", endpoint: "http://169.254.169.254/latest/meta-data", p256dh: keys.p256dh, auth: keys.auth }, "en");
    expect(elsewhere.status).toBe(400);
    expect(replyErrors(await elsewhere.json())).toEqual(["This browser's push service is not one we can send to. Notifications cannot be turned on in this browser."]);
    const badKey = await post(participant, { intent: "subscribe", endpoint: push.endpoint(), p256dh: "AAAA", auth: keys.auth }, "ja");
    expect(badKey.status).toBe(400);
    const wrongKind = await post(participant, { intent: "subscribe", endpoint: push.endpoint(), p256dh: keys.p256dh, auth: keys.auth, kinds: "findings_content" }, "ja");
    expect(wrongKind.status).toBe(400);
    const hostile = await post(participant, { intent: "subscribe", endpoint: `${push.origin}/push/\u202E\uFEFF𝒳`, p256dh: keys.p256dh, auth: "\u0000".repeat(22) }, "ja-easy");
    expect(hostile.status).toBe(400);
    expect(replyErrors(await hostile.json())[0]).toMatch(/\S/);
    expect(await getDatabase().pushSubscription.count({ where: { userId: participant.user!.id } })).toBe(0);
  });

  it("gives a device to the account that turns it on last, so a handed-over phone stops prompting its earlier holder", async () => {
    const first = await consentedParticipant({ language: "en" });
    const second = await consentedParticipant({ language: "en" });
    const device = await turnOn(first);
    const response = await post(second, { intent: "subscribe", endpoint: device.endpoint, p256dh: device.keys.p256dh, auth: device.keys.auth, kinds: ["reconsent"] });
    expect(response.status).toBe(200);
    expect((await getDatabase().pushSubscription.findUniqueOrThrow({ where: { endpoint: device.endpoint } })).userId).toBe(second.user!.id);
    await notifyReconsentRequired([first.id]);
    await runJobsUntilSettled();
    expect(receivedAt(device.endpoint)).toHaveLength(0);
  });

  it("signing out clears the browser's storage, so its worker and the push subscription with it are gone from a shared phone", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const request = formPost("/sign-out", {}, await cookieFor(participant.user!));
    const response = await settle(() => signOut({ request, context: loadContext, params: {} }));
    expect([response.status, response.headers.get("Location")]).toEqual([302, "/sign-in?signedOut=1"]);
    expect(response.headers.get("Clear-Site-Data")).toBe('"storage"');
    expect(response.headers.get("Set-Cookie")).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
  });
});
