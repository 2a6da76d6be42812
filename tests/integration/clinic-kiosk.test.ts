// The clinic tablet as a kiosk (issue 55 defect 7, Deliver 3; ADR 121), through the real app server over HTTP as a
// browser without JavaScript sends it: handing the tablet over locks the coordinator's session to the participant's
// journey; a patient typing staff addresses, other participants', sign-out, sign-in or the public site is sent back to
// the journey; the unlock takes the coordinator's own factor, names the lock it opens (a replay of an earlier one
// opens nothing), is limited per tablet, and happens once when two tabs send it together.
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { currentTotpCode } from "../../app/domain/auth/totp.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { createParticipant } from "../factories/participant-factory";
import { createUser, type CreatedUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { browserPages, type BrowserResponse } from "../support/browser-requests";
import { useTestDatabase } from "../support/database";
import { signedInCookie } from "../support/session-cookies";
import { useTempDataDir } from "../support/temp-data-dir";
import { getEnv } from "../../app/env.server";

useTestDatabase();
useTempDataDir();
const app = useAppServer();
const browser = browserPages(() => app.origin, () => getEnv().APP_URL, 4_000);

beforeAll(async () => {
  await ensurePublishedFormVersion("1.0");
});

const text = (response: BrowserResponse) => response.body.toString("utf8");

interface Tablet {
  coordinator: CreatedUser;
  cookie: string;
  participantId: string;
  journey: string;
}

/** A coordinator signed in on the tablet who has started the assisted journey for a participant: the hand-over. */
async function handedOver(): Promise<Tablet> {
  const coordinator = await createUser({ role: "coordinator", withTotp: true });
  const participant = await createParticipant({ fullName: "高橋 健" });
  const cookie = await signedInCookie(coordinator);
  const journey = `/staff/participants/${participant.id}/assisted`;
  const started = await browser("POST", journey, cookie, { witnessName: "立会 花子", language: "ja" });
  expect(started.status).toBe(302);
  expect(started.location).toBe(`${journey}/section/1`);
  return { coordinator, cookie, participantId: participant.id, journey };
}

async function lockOf(userId: string) {
  const session = await getDatabase().session.findFirstOrThrow({ where: { userId } });
  return { participantId: session.kioskParticipantId, lockId: session.kioskLockId };
}

const auditCount = (userId: string, type: string, reason?: string) =>
  getDatabase().auditEvent.count({ where: { actorUserId: userId, type, ...(reason ? { detail: { path: ["reason"], equals: reason } } : {}) } });

describe("the clinic tablet as a kiosk", () => {
  it("handing over locks the session: staff pages, another participant, sign-out, sign-in and the public site lead back to the journey", async () => {
    const tablet = await handedOver();
    const other = await createParticipant();
    expect(await lockOf(tablet.coordinator.id)).toMatchObject({ participantId: tablet.participantId, lockId: expect.any(String) });
    expect(await auditCount(tablet.coordinator.id, "kiosk.locked")).toBe(1);

    for (const path of ["/staff/participants", "/staff", `/staff/participants/${tablet.participantId}`, `/staff/participants/${other.id}/assisted`, "/home", "/", "/account/sessions", "/transparency", `${tablet.journey}/../../${other.id}`]) {
      const answer = await browser("GET", path, tablet.cookie);
      expect({ path, status: answer.status, location: answer.location }).toEqual({ path, status: 303, location: tablet.journey });
    }
    // Posts that act before reading a session (sign-in) and those that read one (sign-out, another participant's journey).
    for (const [path, form] of [
      ["/sign-out", {}],
      ["/sign-in", { email: tablet.coordinator.email, password: tablet.coordinator.password }],
      [`/staff/participants/${other.id}/assisted`, { witnessName: "誰か", language: "ja" }],
      [`${tablet.journey}/../../${other.id}/withdrawal`, { level: "no_contact" }],
      ["/staff/participants/new", {}],
    ] as const) {
      const answer = await browser("POST", path, tablet.cookie, form);
      expect({ path, status: answer.status, location: answer.location }).toEqual({ path, status: 303, location: tablet.journey });
    }
    expect(await getDatabase().consentJourney.count({ where: { participantId: other.id } })).toBe(0);
    expect(await getDatabase().session.count({ where: { userId: tablet.coordinator.id } })).toBe(1);

    // The start page is the coordinator's: on a locked tablet it takes the patient to where the journey stands.
    const start = await browser("GET", tablet.journey, tablet.cookie);
    expect(start.location).toBe(`${tablet.journey}/section/1`);
    const page = await browser("GET", `${tablet.journey}/section/1`, tablet.cookie);
    expect(page.status).toBe(200);
    const html = text(page);
    expect(html).not.toContain("サインアウト");
    expect(html).not.toContain('action="/sign-out"');
    expect(html.match(/href="\/staff[^"]*"/g)).toEqual(['href="/staff/kiosk"']);
    expect(html).not.toContain('href="/"');
    expect(html).toContain('href="/staff/kiosk"');
    // The lock is on the session, not the page: a reload, or a second tab with the same cookie, is still locked.
    expect((await browser("GET", "/staff/participants", tablet.cookie)).location).toBe(tablet.journey);
  });

  it("the start sent again from a second tab keeps the one lock and goes on with the journey", async () => {
    const tablet = await handedOver();
    const before = await lockOf(tablet.coordinator.id);
    const again = await browser("POST", tablet.journey, tablet.cookie, { witnessName: "別の 立会人", language: "en" });
    expect(again).toMatchObject({ status: 303, location: tablet.journey });
    expect(await lockOf(tablet.coordinator.id)).toEqual(before);
    expect(await auditCount(tablet.coordinator.id, "kiosk.locked")).toBe(1);
  });

  it("unlocks only with the coordinator's own factor and the lock the form was drawn for; a replayed unlock of an earlier lock opens nothing", async () => {
    const tablet = await handedOver();
    const handBack = await browser("GET", "/staff/kiosk", tablet.cookie);
    expect(handBack.status).toBe(200);
    const first = await lockOf(tablet.coordinator.id);
    expect(text(handBack)).toContain(`value="${first.lockId}"`);

    const wrong = await browser("POST", "/staff/kiosk", tablet.cookie, { lockId: first.lockId!, method: "totp", code: "000000" === currentTotpCode(tablet.coordinator.totpKey!) ? "111111" : "000000" });
    expect(wrong.status).toBe(401);
    expect(text(wrong)).toContain("コードが違うか、有効期限が切れています。");
    expect(await lockOf(tablet.coordinator.id)).toEqual(first);
    expect(await auditCount(tablet.coordinator.id, "kiosk.unlock_refused", "wrong_credential")).toBe(1);

    const unlockWithCode = { lockId: first.lockId!, method: "totp", code: currentTotpCode(tablet.coordinator.totpKey!) };
    const unlocked = await browser("POST", "/staff/kiosk", tablet.cookie, unlockWithCode);
    expect(unlocked).toMatchObject({ status: 303, location: `/staff/participants/${tablet.participantId}` });
    expect(await lockOf(tablet.coordinator.id)).toEqual({ participantId: null, lockId: null });
    expect(await auditCount(tablet.coordinator.id, "kiosk.unlocked")).toBe(1);
    const staffPage = await browser("GET", "/staff/participants", tablet.cookie);
    expect(staffPage.status).toBe(200);
    expect(text(staffPage)).toContain("サインアウト");

    // Replayed once unlocked (the browser's "send again"): nothing to do, and nothing changes.
    expect(await browser("POST", "/staff/kiosk", tablet.cookie, unlockWithCode)).toMatchObject({ status: 303, location: "/staff/participants" });

    // Handed over again: the earlier unlock, replayed with a proof that would be right, does not open the new lock.
    await browser("POST", tablet.journey, tablet.cookie, { witnessName: "立会 花子", language: "ja" });
    const second = await lockOf(tablet.coordinator.id);
    expect(second.lockId).not.toBe(first.lockId);
    const replayed = await browser("POST", "/staff/kiosk", tablet.cookie, { lockId: first.lockId!, method: "password", password: tablet.coordinator.password });
    expect(replayed.status).toBe(401);
    expect(text(replayed)).toContain("この画面は前のロックのものです。");
    expect(await lockOf(tablet.coordinator.id)).toEqual(second);
    // Both replays are on the record: the one after the unlock and the one of the earlier lock.
    expect(await auditCount(tablet.coordinator.id, "kiosk.unlock_refused", "stale_lock")).toBe(2);

    // Another account's password is not this coordinator's.
    const colleague = await createUser({ role: "coordinator", withTotp: true });
    const notTheirs = await browser("POST", "/staff/kiosk", tablet.cookie, { lockId: second.lockId!, method: "password", password: colleague.password });
    expect(notTheirs.status).toBe(401);
    expect(await lockOf(tablet.coordinator.id)).toEqual(second);
  });

  it("wrong proofs are limited per tablet: after five, even the right password waits and the tablet stays locked", async () => {
    const tablet = await handedOver();
    const { lockId } = await lockOf(tablet.coordinator.id);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const answer = await browser("POST", "/staff/kiosk", tablet.cookie, { lockId: lockId!, method: "password", password: `guess-${attempt}` });
      expect(answer.status).toBe(401);
    }
    const limited = await browser("POST", "/staff/kiosk", tablet.cookie, { lockId: lockId!, method: "password", password: tablet.coordinator.password });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(await lockOf(tablet.coordinator.id)).toMatchObject({ participantId: tablet.participantId, lockId });
    expect(await auditCount(tablet.coordinator.id, "kiosk.unlock_refused", "rate_limited")).toBe(1);
  });

  it("two tabs unlocking at once unlock once", async () => {
    const tablet = await handedOver();
    const { lockId } = await lockOf(tablet.coordinator.id);
    const form = { lockId: lockId!, method: "password", password: tablet.coordinator.password };
    const answers = await Promise.all([browser("POST", "/staff/kiosk", tablet.cookie, form), browser("POST", "/staff/kiosk", tablet.cookie, form)]);
    expect(answers.filter((answer) => answer.status === 303 && answer.location === `/staff/participants/${tablet.participantId}`)).toHaveLength(1);
    expect(await auditCount(tablet.coordinator.id, "kiosk.unlocked")).toBe(1);
    expect(await lockOf(tablet.coordinator.id)).toEqual({ participantId: null, lockId: null });
  });

  it("an empty or hand-made unlock is a translated field error and changes nothing", async () => {
    const tablet = await handedOver();
    const before = await lockOf(tablet.coordinator.id);
    const forms: Record<string, string>[] = [{}, { lockId: before.lockId!, method: "totp", code: "12ab" }, { lockId: "x".repeat(65), method: "password", password: "p" }, { lockId: before.lockId!, method: "magic" }];
    for (const form of forms) {
      const answer = await browser("POST", "/staff/kiosk", tablet.cookie, form);
      expect(answer.status).toBe(400);
    }
    expect(await lockOf(tablet.coordinator.id)).toEqual(before);
  });
});
