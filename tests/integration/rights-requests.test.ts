// A person's requests about their data (issue 58 items 2 and 6, ADR 142), on PostgreSQL through the routes a browser
// posts to: a deletion, a correction and a stop of use made by the person or their proxy get a reference, a due date
// 14 days on, a receipt by mail and a first step; the facility's coordinator moves them to an answer, each step kept
// and shown to the person, who is told of the answer; two presses make one request; another person's request, another
// facility's coordinator, and bad input are refused with nothing written.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { action as newAction, loader as newLoader } from "../../app/routes/participant/requests.new.$kind";
import { loader as receiptLoader } from "../../app/routes/participant/requests.$requestId";
import { loader as listLoader } from "../../app/routes/participant/requests._index";
import { action as stepAction, loader as staffLoader } from "../../app/routes/staff/staff.requests.$requestId";
import { loader as queueLoader } from "../../app/routes/staff/staff.requests._index";
import { createFacility } from "../factories/facility-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";

useTestDatabase();
useTempDataDir();

const day = 24 * 60 * 60_000;

async function make(kind: string, fields: Record<string, string>, cookie: string, query = "") {
  return settle(() => newAction({ request: formPost(`/requests/new/${kind}${query}`, fields, cookie), context: loadContext, params: { kind } }));
}

const requestIdOf = (response: Response) => /^\/requests\/([0-9a-f-]{36})\?/.exec(response.headers.get("Location") ?? "")?.[1];

async function coordinatorOf(facilityId: string) {
  return createUser({ role: "coordinator", withTotp: true, facilities: [facilityId] });
}

describe("requests about one's data", () => {
  it("a correction is received with a reference and a due date, receipted by mail, answered by the facility's coordinator step by step, and the person sees every step", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const user = participant.user!;
    const cookie = await cookieFor(user, "en");
    const before = Date.now();
    const made = await make("correction", { kind: "correction", details: "My date of birth is 1960-04-02, not 1960-04-01." }, cookie);
    expect(made.status).toBe(302);
    const requestId = requestIdOf(made)!;
    const row = await getDatabase().rightsRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(row).toMatchObject({ kind: "correction", state: "received", asProxy: false, language: "en" });
    expect(row.reference).toMatch(/^RQ-[A-Z0-9]{8}$/);
    expect(row.dueAt.getTime() - row.receivedAt.getTime()).toBe(14 * day);
    expect(row.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);

    await runJobsUntilSettled();
    const [receipt] = await listCapturedMail({ to: user.email, limit: 1 });
    expect(receipt?.subject).toBe("We received your Tsunagi request");
    expect(receipt?.text).toContain(row.reference);
    // The mail carries the reference, never what was asked.
    expect(receipt?.text).not.toContain("1960-04-02");

    const coordinator = await coordinatorOf(participant.facilityId);
    const staffCookie = await cookieFor(coordinator, "en");
    const queue = (await (await settle(() => queueLoader({ request: pageGet("/staff/requests", staffCookie), context: loadContext, params: {} }), { phase: "loader" })).json()) as { open: { id: string }[] };
    expect(queue.open.map((open) => open.id)).toContain(requestId);

    const step = (fields: Record<string, string>, as = staffCookie) => settle(() => stepAction({ request: formPost(`/staff/requests/${requestId}`, fields, as), context: loadContext, params: { requestId } }));
    expect((await step({ state: "in_progress", note: "We are checking the clinic's records." })).headers.get("Location")).toBe(`/staff/requests/${requestId}?saved=in_progress`);
    // The answer needs an outcome and words to the person.
    const noWords = await step({ state: "answered", outcome: "done" });
    expect(noWords.status).toBe(400);
    expect(replyErrors(await noWords.json())).toContain("Please fill this in.");
    expect((await step({ state: "answered", outcome: "done", note: "Corrected to 2 April 1960." })).headers.get("Location")).toBe(`/staff/requests/${requestId}?saved=answered`);
    // Answered is final: a second answer (another coordinator at the same moment) is refused.
    expect((await step({ state: "answered", outcome: "refused", note: "No." })).status).toBe(409);

    const seen = (await (await settle(() => receiptLoader({ request: pageGet(`/requests/${requestId}`, cookie), context: loadContext, params: { requestId } }), { phase: "loader" })).json()) as {
      request: { state: string; outcome: string };
      steps: { state: string; outcome: string | null; note: string | null }[];
    };
    expect(seen.request).toMatchObject({ state: "answered", outcome: "done" });
    expect(seen.steps.map((entry) => [entry.state, entry.outcome, entry.note])).toEqual([
      ["received", null, null],
      ["in_progress", null, "We are checking the clinic's records."],
      ["answered", "done", "Corrected to 2 April 1960."],
    ]);
    await runJobsUntilSettled();
    expect((await listCapturedMail({ to: user.email, limit: 1 }))[0]?.subject).toBe("Your Tsunagi request was answered");
    const audit = await getDatabase().auditEvent.findMany({ where: { type: { in: ["rights.request_made", "rights.request_step"] }, detail: { path: ["requestId"], equals: requestId } } });
    expect(audit).toHaveLength(3);
  });

  it("a deletion says what can and cannot be deleted, needs the box ticked, and two presses at once make one request", async () => {
    const participant = await consentedParticipant({ language: "ja" });
    const cookie = await cookieFor(participant.user!, "ja");
    const page = await settle(() => newLoader({ request: pageGet("/requests/new/deletion", cookie), context: loadContext, params: { kind: "deletion" } }), { phase: "loader" });
    expect(page.status).toBe(200);
    const unticked = await make("deletion", { kind: "deletion" }, cookie);
    expect(unticked.status).toBe(400);
    expect(await getDatabase().rightsRequest.count({ where: { participantId: participant.id } })).toBe(0);

    const [first, second] = await Promise.all([make("deletion", { kind: "deletion", confirm: "yes" }, cookie), make("deletion", { kind: "deletion", confirm: "yes" }, cookie)]);
    expect(requestIdOf(first)).toBe(requestIdOf(second));
    expect(await getDatabase().rightsRequest.count({ where: { participantId: participant.id } })).toBe(1);
    expect(await getDatabase().rightsRequestStep.count({ where: { request: { participantId: participant.id } } })).toBe(1);
  });

  it("a proxy makes a request for the person they represent; the person's requests are theirs alone", async () => {
    const child = await consentedParticipant({ byProxy: true, fullName: "山田 さくら" });
    const proxyCookie = await cookieFor(child.proxy!, "ja");
    const made = await make("stop_use", { kind: "stop_use", details: "研究以外の目的で使わないでください。" }, proxyCookie, `?participant=${child.id}`);
    const requestId = requestIdOf(made)!;
    expect(await getDatabase().rightsRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ participantId: child.id, asProxy: true });

    const stranger = await consentedParticipant();
    const strangerCookie = await cookieFor(stranger.user!, "ja");
    const peek = await settle(() => receiptLoader({ request: pageGet(`/requests/${requestId}`, strangerCookie), context: loadContext, params: { requestId } }), { phase: "loader" });
    expect(peek.status).toBe(404);
    // Naming the child in the list or the form: not theirs to act for.
    expect((await settle(() => listLoader({ request: pageGet(`/requests?participant=${child.id}`, strangerCookie), context: loadContext, params: {} }), { phase: "loader" })).status).toBe(403);
    expect((await make("correction", { kind: "correction", details: "x" }, strangerCookie, `?participant=${child.id}`)).status).toBe(403);
    expect(await getDatabase().rightsRequest.count({ where: { participantId: child.id } })).toBe(1);

    // A coordinator of another facility reads it as not found and cannot step it.
    const elsewhere = await createFacility();
    const other = await coordinatorOf(elsewhere.id);
    const otherCookie = await cookieFor(other, "ja");
    expect((await settle(() => staffLoader({ request: pageGet(`/staff/requests/${requestId}`, otherCookie), context: loadContext, params: { requestId } }), { phase: "loader" })).status).toBe(404);
    expect((await settle(() => stepAction({ request: formPost(`/staff/requests/${requestId}`, { state: "in_progress" }, otherCookie), context: loadContext, params: { requestId } }))).status).toBe(404);
    expect(await getDatabase().rightsRequestStep.count({ where: { requestId } })).toBe(1);
  });

  it("bad input is refused in words and writes nothing: empty, oversized, a kind that does not exist, a kind the page is not for, hostile Unicode", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const cookie = await cookieFor(participant.user!, "en");
    const errorsOf = async (response: Response) => ({ status: response.status, errors: response.status === 400 ? replyErrors(await response.json()) : [] });
    expect(await errorsOf(await make("correction", {}, cookie))).toMatchObject({ status: 400 });
    expect(await errorsOf(await make("correction", { kind: "correction", details: "" }, cookie))).toMatchObject({ status: 400, errors: ["Please fill this in."] });
    expect(await errorsOf(await make("correction", { kind: "correction", details: "x".repeat(2001) }, cookie))).toMatchObject({ status: 400, errors: ["This is 2001 characters long; at most 2000 can be saved. Please shorten it."] });
    expect((await make("correction", { kind: "stop_use", details: "x" }, cookie)).status).toBe(400);
    expect((await make("erasure", { kind: "erasure", details: "x" }, cookie)).status).toBe(404);
    expect((await make("correction", { kind: "correction", details: "name \u202eevil" }, cookie)).status).toBe(400);
    expect((await make("correction", { kind: "correction", details: "a\u0000b" }, cookie)).status).toBe(400);
    expect(await getDatabase().rightsRequest.count({ where: { participantId: participant.id } })).toBe(0);

    const coordinator = await coordinatorOf(participant.facilityId);
    const staffCookie = await cookieFor(coordinator, "en");
    const requestId = requestIdOf(await make("correction", { kind: "correction", details: "The phone number is wrong." }, cookie))!;
    const step = (fields: Record<string, string>) => settle(() => stepAction({ request: formPost(`/staff/requests/${requestId}`, fields, staffCookie), context: loadContext, params: { requestId } }));
    expect((await step({})).status).toBe(400);
    expect((await step({ state: "closed", note: "x" })).status).toBe(400);
    expect((await step({ state: "answered", outcome: "maybe", note: "x" })).status).toBe(400);
    expect((await step({ state: "answered", outcome: "done", note: "y".repeat(2001) })).status).toBe(400);
    expect((await settle(() => stepAction({ request: formPost("/staff/requests/not-a-uuid", { state: "in_progress" }, staffCookie), context: loadContext, params: { requestId: "not-a-uuid" } }))).status).toBe(404);
    expect(await getDatabase().rightsRequestStep.count({ where: { requestId } })).toBe(1);
  });
});
