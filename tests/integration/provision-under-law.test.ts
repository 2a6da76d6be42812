// The 2024 law (次世代医療基盤法; issue 58 items 1–2, ADR 140) on PostgreSQL, through the ledger, the outbox and the bridge:
// a certified producer is denied for someone never notified, allowed once notified, denied from the moment they stop;
// a stop asked five times at once is one event; a notice given before the first consent reaches the ledger with it; a
// notice on paper counts from its day; the pages refuse what is not a button press and write nothing.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { acknowledgeOwnProvisionNotice, giveProvisionNotice, loadProvisionStanding, recordPaperProvisionNotice, stopOwnProvision } from "../../app/domain/consent/index.server";
import { grantConsent } from "../../app/domain/consent/records/grant-consent.server";
import { verifyLedger } from "../../app/domain/consent/ledger/verify-ledger.server";
import { listConsentRecords } from "../../app/domain/consent/records/receipts/list-consent-records.server";
import { action as noticeAction, loader as noticeLoader } from "../../app/routes/participant/provision._index";
import { action as stopAction } from "../../app/routes/participant/provision.stop";
import { action as paperAction } from "../../app/routes/staff/staff.participants.$id.provision-notice";
import { createUser } from "../factories/user-factory";
import { createParticipant } from "../factories/participant-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { issueTestToken, outboxMessages, startTestBridge } from "../support/pipeline-bridge";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, signableFormVersion, typicalChoices } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

const request = { ipAddress: "127.0.0.1", userAgent: "provision test" };
const producer = { action: "share", recipient: "certified_producer", purpose: "TSUNAGI:0000001" };

const eventsOf = (participantId: string, type: "notice_given" | "provision_stopped") => getDatabase().consentEvent.findMany({ where: { participantId, type }, orderBy: { participantSeq: "asc" } });

describe("provision under the 2024 law", () => {
  it("the bridge denies a certified producer until the notice is given, allows it then, and denies it from the stop on; research goes on as consented", async () => {
    const bridge = await startTestBridge(db.url);
    try {
      const token = await issueTestToken(["gate:share", "gate:release", "gate:analyze"]);
      const participant = await consentedParticipant();
      const subject = participant.sampleCodes[0]!;
      const ask = async (item: Record<string, string>) => {
        await bridge.ingest(await outboxMessages([participant.pseudonym]));
        await bridge.heartbeat();
        const { body } = await bridge.post("/v1/decisions", { subject, ...item }, token);
        return (body as { decisions: { allowed: boolean; reason: string }[] }).decisions[0]!;
      };
      expect(await ask(producer)).toMatchObject({ allowed: false, reason: "notice_not_given" });

      const actor = { userId: participant.user!.id, role: "participant" };
      await acknowledgeOwnProvisionNotice({ actor, request });
      expect(await ask(producer)).toMatchObject({ allowed: true, reason: "notified_not_stopped" });
      // Only for the law's purpose: a certified producer asking for a research purpose is refused.
      expect(await ask({ ...producer, purpose: "DUO:0000006" })).toMatchObject({ allowed: false, reason: "purpose_not_permitted" });
      // Regulators (item 3): for drug approval with pseudonymised data only (TSUNAGI:0000002), never for anything else.
      for (const regulator of ["regulator_pmda", "regulator_fda", "regulator_mhra", "regulator_ema"]) {
        expect(await ask({ action: "release", recipient: regulator, purpose: "TSUNAGI:0000002" })).toMatchObject({ allowed: true, reason: "notified_not_stopped" });
        expect(await ask({ action: "release", recipient: regulator, purpose: "TSUNAGI:0000001" })).toMatchObject({ allowed: false, reason: "purpose_not_permitted" });
        expect(await ask({ action: "release", recipient: regulator, purpose: "DUO:0000006" })).toMatchObject({ allowed: false, reason: "purpose_not_permitted" });
      }
      expect(await ask({ ...producer, purpose: "TSUNAGI:0000002" })).toMatchObject({ allowed: false, reason: "purpose_not_permitted" });

      expect(await stopOwnProvision({ actor, request })).toEqual({ stoppedNow: true });
      // The ISO/IEC TS 27560 record of the stop states the notice given and the stop (ADR 140, 143).
      const records = await listConsentRecords({ participantId: participant.id, pseudonym: participant.pseudonym, appUrl: "http://localhost:3000" });
      expect(records.at(-1)).toMatchObject({ "tsunagi:provisionUnderLaw": { "tsunagi:noticeVersion": "2024-04.1", "tsunagi:stopped": true } });
      expect(records.at(-1)?.["tsunagi:provisionUnderLaw"]?.["tsunagi:events"].map((entry) => entry["tsunagi:event"])).toEqual(["notice_given", "provision_stopped"]);
      expect(await ask(producer)).toMatchObject({ allowed: false, reason: "provision_stopped" });
      expect(await ask({ ...producer, action: "release" })).toMatchObject({ allowed: false, reason: "provision_stopped" });
      expect(await ask({ action: "release", recipient: "regulator_pmda", purpose: "TSUNAGI:0000002" })).toMatchObject({ allowed: false, reason: "provision_stopped" });
      expect(await ask({ action: "analyze", purpose: "DUO:0000006" })).toMatchObject({ allowed: true, reason: "consented" });

      // The participant's page says where they stand, and a second notice of the same version adds no event.
      const standing = await loadProvisionStanding({ userId: participant.user!.id });
      expect(standing).toMatchObject({ hasConsent: true, currentNoticeGiven: true, noticeChannel: "online", stopped: true });
      await acknowledgeOwnProvisionNotice({ actor, request });
      expect(await eventsOf(participant.id, "notice_given")).toHaveLength(1);
      expect(await getDatabase().provisionNotice.count({ where: { participantId: participant.id } })).toBe(2);
    } finally {
      await bridge.close();
    }
  });

  it("five stops sent at once make one event, and the ledger still verifies its projection", async () => {
    const participant = await consentedParticipant();
    const actor = { userId: participant.user!.id, role: "participant" };
    const results = await Promise.all(Array.from({ length: 5 }, () => stopOwnProvision({ actor, request })));
    expect(results.filter((result) => result.stoppedNow)).toHaveLength(1);
    expect(await eventsOf(participant.id, "provision_stopped")).toHaveLength(1);
    // One confirmation to the person, with no PDF copy and no receipt (neither is a consent's version).
    await runJobsUntilSettled();
    const [stop] = await eventsOf(participant.id, "provision_stopped");
    const mails = await getDatabase().mailMessage.findMany({ where: { participantId: participant.id, template: "consent-notice", sourceKey: { startsWith: `consent-notice:${stop!.id}:` } } });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.attachments).toEqual([]);
    // …where the grant's confirmation carried both.
    const grantMail = await getDatabase().mailMessage.findFirstOrThrow({ where: { participantId: participant.id, sourceKey: { startsWith: `consent-notice:${participant.grant.id}:` } } });
    expect((grantMail.attachments as { kind: string }[]).map((ref) => ref.kind).sort()).toEqual(["consent-document", "consent-receipt"]);
    const state = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } });
    expect(state.provision).toEqual({ noticeVersion: null, stopped: true });
    // The outbox message leaves as provision_changed, with the standing in the consent.
    const messages = await outboxMessages([participant.pseudonym]);
    expect(messages.at(-1)).toMatchObject({ kind: "provision_changed", type: "provision_stopped", consent: { provision: { stopped: true } } });
    // The stored standing is what replaying the ledger gives; one edited behind the ledger's back is named.
    expect(await verifyLedger()).toMatchObject({ ok: true });
    await getDatabase().consentState.update({ where: { participantId: participant.id }, data: { provision: { noticeVersion: null, stopped: false } } });
    expect(await verifyLedger()).toMatchObject({ ok: false, participantId: participant.id, problem: "projection_mismatch" });
    await getDatabase().consentState.update({ where: { participantId: participant.id }, data: { provision: { noticeVersion: null, stopped: true } } });
    expect(await verifyLedger()).toMatchObject({ ok: true });
  });

  it("a notice given before the first consent is kept, and reaches the ledger once the consent does", async () => {
    const participant = await createParticipant();
    const actor = { userId: participant.user!.id, role: "participant" };
    const given = await giveProvisionNotice({ participantId: participant.id, channel: "online", actor, request });
    expect(given.event).toBeNull();
    const version = await signableFormVersion();
    await grantConsent({
      participantId: participant.id,
      formVersionId: version.id,
      choices: typicalChoices(version),
      printedName: participant.fullName,
      language: "ja",
      signer: { kind: "participant" },
      actor,
      method: "online",
      request,
    });
    await runJobsUntilSettled();
    const [carried] = await eventsOf(participant.id, "notice_given");
    expect(carried).toMatchObject({ method: "system", actorUserId: null, detail: { channel: "online", noticeVersion: "2024-04.1" } });
    const state = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: participant.id } });
    expect(state.provision).toEqual({ noticeVersion: "2024-04.1", stopped: false });
    // The job again: the ledger already holds it.
    await runJobsUntilSettled();
    expect(await eventsOf(participant.id, "notice_given")).toHaveLength(1);
  });

  it("a notice on paper counts from the day the clinic gave it; a day after today or before the law is refused and writes nothing", async () => {
    const participant = await consentedParticipant();
    const staff = { userId: participant.user!.id, role: "coordinator" };
    const now = new Date("2026-11-29T03:00:00Z");
    await expect(recordPaperProvisionNotice({ participantId: participant.id, staff, givenOn: "2026-11-30", request: { ...request, now } })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(recordPaperProvisionNotice({ participantId: participant.id, staff, givenOn: "2024-03-31", request: { ...request, now } })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await getDatabase().provisionNotice.count({ where: { participantId: participant.id } })).toBe(0);
    await recordPaperProvisionNotice({ participantId: participant.id, staff, givenOn: "2026-11-20", request: { ...request, now } });
    const [event] = await eventsOf(participant.id, "notice_given");
    expect(event).toMatchObject({ method: "paper", detail: { channel: "paper", shownAt: "2026-11-19T15:00:00.000Z" } });
    expect(await loadProvisionStanding({ userId: participant.user!.id })).toMatchObject({ noticeChannel: "paper", noticeGivenAt: new Date("2026-11-19T15:00:00.000Z") });
  });

  it("the pages take a button press and nothing else: empty, a made-up intent, hostile text and another person's id write nothing", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const other = await consentedParticipant();
    const cookie = await cookieFor(participant.user!, "en");
    const post = (path: string, fields: Record<string, string>, action: typeof noticeAction) => settle(() => action({ request: formPost(path, fields, cookie), context: loadContext, params: {} }), { phase: "action" });
    const written = async () => (await getDatabase().provisionNotice.count()) + (await getDatabase().consentEvent.count({ where: { type: { in: ["notice_given", "provision_stopped"] } } }));
    const before = await written();

    const bodies: Record<string, string>[] = [{}, { intent: "agree" }, { intent: "read\u202E" }, { intent: "x".repeat(5000) }];
    for (const fields of bodies) {
      const refused = await post("/provision", fields, noticeAction);
      expect(refused.status).toBe(400);
      expect(replyErrors(await refused.json())).toContain("Press the button to record that the notice was read.");
      const stop = await post("/provision/stop", fields, stopAction);
      expect(stop.status).toBe(400);
      expect(replyErrors(await stop.json())).toContain("Press the button to confirm the stop.");
    }
    // Another participant's id: refused as someone this person may not act for.
    const foreign = await post(`/provision/stop?participant=${other.id}`, { intent: "confirm" }, stopAction);
    expect(foreign.status).toBe(403);
    expect(await written()).toBe(before);

    // The page itself, with the notice and its button, for the person.
    const page = await settle(() => noticeLoader({ request: pageGet("/provision", cookie), context: loadContext, params: {} }), { phase: "loader" });
    expect(page.status).toBe(200);
  });

  it("the clinic's paper notice form refuses an empty, malformed, hostile or future day with a translated error and writes nothing", async () => {
    const participant = await consentedParticipant();
    const coordinator = await createUser({ role: "coordinator" });
    const cookie = await cookieFor(coordinator, "en");
    const post = (fields: Record<string, string>) =>
      settle(() => paperAction({ request: formPost(`/staff/participants/${participant.id}/provision-notice`, fields, cookie), context: loadContext, params: { id: participant.id } }), { phase: "action" });
    const bodies: Record<string, string>[] = [{}, { givenOn: "" }, { givenOn: "2026-13-45" }, { givenOn: "2026-11-20\u0000" }, { givenOn: "x".repeat(5000) }, { givenOn: "2999-01-01" }, { givenOn: "2024-03-31" }];
    for (const fields of bodies) {
      const refused = await post(fields);
      expect(refused.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
    }
    expect(await getDatabase().provisionNotice.count({ where: { participantId: participant.id } })).toBe(0);
    const recorded = await post({ givenOn: "2026-01-05" });
    expect(recorded.status).toBe(302);
    expect(await getDatabase().provisionNotice.count({ where: { participantId: participant.id, channel: "paper" } })).toBe(1);
  });
});
