// Consent verbs sent at the same moment (issue 10, defect 6; ADR 016). Each test lines its calls up at the ledger
// (tes../support/lock-gate.ts), so the race happens on every run: the calls are all in flight, past whatever they
// read first, before any of them may append. What must hold, whatever order PostgreSQL then lets them through in:
// the outcome is one that the same calls sent one after the other could have had — of identical calls one succeeds
// and the rest get the refusal a repeat gets; every snapshot is the state the event followed; occurredAt never runs
// against the participant's or the global sequence; the ledger verifies.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { changeOwnChoice } from "../../app/domain/consent/dashboard/change-own-choice.server";
import { loadFormVersion, type FormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { publishFormVersion } from "../../app/domain/consent/forms/publish-form-version.server";
import { recordJourneyAssent } from "../../app/domain/consent/journey/journey-assent.server";
import { recordJourneyChoice } from "../../app/domain/consent/journey/record-journey-choice.server";
import { recordPaperConsent } from "../../app/domain/consent/journey/record-paper-consent.server";
import { signJourney } from "../../app/domain/consent/journey/sign-journey.server";
import { startOrResumeJourney } from "../../app/domain/consent/journey/start-journey.server";
import { withdrawalLevels, type WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { verifyLedger } from "../../app/domain/consent/ledger/verify-ledger.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { ensurePublishedFormVersion, seededFormContent } from "../../app/wiring/demo/seed-consent-forms.server";
import { action as withdrawAction } from "../../app/routes/participant/consent.withdraw";
import { createParticipant } from "../factories/participant-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { passReviewRound } from "../support/document-review";
import { atOnce as runAtOnce, closeLedgerGate, closeRowGate, refusalOf, refusals, settled, succeeded, type Outcome, type Settled } from "../support/lock-gate";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, cookieFor, formPost, loadContext, replyErrors, settle } from "./dashboard-fixtures";
import { choiceScreen, everyChoice, journeyReadyToSign, onlineActor, paperConsentInput, request, scannedPng } from "./journey-walk";

useTempDataDir();

/** Every call in flight at once, lined up at the ledger before any may append. */
function atOnce<T>(db: TestDatabase, calls: (() => Promise<T>)[]): Promise<Outcome<T>[]> {
  return runAtOnce(closeLedgerGate(db.url), calls);
}

const grantTypes = new Set(["granted", "reconsented", "proxy_granted", "transferred_at_majority"]);

/**
 * A participant's history reads as if every verb had run alone: each event follows from the state before it — a
 * withdrawal, an assent or a re-consent request carries exactly the choices of the event before it; a change
 * starts from them; nothing but a new signature follows a withdrawal beyond "no further contact"; withdrawal
 * levels only get stricter — and time never runs backwards.
 */
async function expectHistoryOneAtATime(participantId: string): Promise<void> {
  const events = await getDatabase().consentEvent.findMany({ where: { participantId }, orderBy: { participantSeq: "asc" } });
  let withdrawn: WithdrawalLevel | null = null;
  for (const [index, event] of events.entries()) {
    const previous = events[index - 1];
    const label = `event ${event.participantSeq} (${event.type})`;
    if (previous) {
      expect(event.occurredAt.getTime(), `${label} is not before the one it follows`).toBeGreaterThanOrEqual(previous.occurredAt.getTime());
      const before = previous.choices as ChoiceSnapshot;
      if (event.type === "withdrawn" || event.type === "assent" || event.type === "reconsent_requested") {
        expect(event.choices, `${label} snapshots the choices it followed`).toEqual(before);
      }
      if (event.type === "choices_changed") {
        const detail = event.detail as { changed: string[]; previous: Record<string, string> };
        expect(detail.previous, `${label} changed from the choices it followed`).toEqual(Object.fromEntries(detail.changed.map((id) => [id, before[id as keyof ChoiceSnapshot]])));
        const unchanged = (choices: unknown) => Object.fromEntries(Object.entries(choices as ChoiceSnapshot).filter(([id]) => !detail.changed.includes(id)));
        expect(unchanged(event.choices), `${label} kept every other choice`).toEqual(unchanged(before));
      }
      if (withdrawn && withdrawn !== "no_contact") {
        expect(grantTypes.has(event.type) || event.type === "withdrawn", `${label} after a withdrawal at ${withdrawn}`).toBe(true);
      }
    }
    if (event.type === "withdrawn") {
      if (withdrawn) expect(withdrawalLevels.indexOf(event.withdrawalLevel!), `${label} is stricter than ${withdrawn}`).toBeGreaterThan(withdrawalLevels.indexOf(withdrawn));
      withdrawn = event.withdrawalLevel;
    }
    if (grantTypes.has(event.type)) withdrawn = null;
  }
}

/** The whole ledger: occurredAt never decreases along the global chain, and both chains verify. */
async function expectLedgerInOrder(): Promise<void> {
  const events = await getDatabase().consentEvent.findMany({ orderBy: { globalSeq: "asc" }, select: { globalSeq: true, occurredAt: true } });
  for (const [index, event] of events.entries()) {
    const previous = events[index - 1];
    if (previous) expect(event.occurredAt.getTime(), `global event ${event.globalSeq} is not before ${previous.globalSeq}`).toBeGreaterThanOrEqual(previous.occurredAt.getTime());
  }
  expect(await verifyLedger()).toMatchObject({ ok: true });
}

async function eventsOf(participantId: string) {
  return getDatabase().consentEvent.findMany({ where: { participantId }, orderBy: { participantSeq: "asc" } });
}

function changeOwn(participant: { user: { id: string } | null }, choiceId: string, from: string, value: string, as?: { userId: string; participantId: string; role: string }) {
  return changeOwnChoice({
    actor: as ? { userId: as.userId, role: as.role } : { userId: participant.user!.id, role: "participant" },
    participantId: as?.participantId,
    choiceId,
    input: { intent: "confirm", value, from },
    language: "ja",
    request: requestFrom(),
  });
}

describe("the same verb sent several times at once", () => {
  const db = useTestDatabase();

  it("[participant] five identical withdrawals: one is recorded, the other four get the refusal a sixth gets afterwards", async () => {
    const participant = await consentedParticipant();
    const cookie = await cookieFor(participant.user!, "en");
    const post = async () => {
      const response = await settle(() => withdrawAction({ request: formPost("/consent/withdraw", { intent: "confirm", level: "no_further_use" }, cookie), context: loadContext, params: {} }));
      return { status: response.status, errors: response.status === 400 ? replyErrors(await response.json()) : [] };
    };

    const outcomes = await atOnce(db, Array.from({ length: 5 }, () => post));
    const answers = succeeded(outcomes);
    expect(answers.filter((answer) => answer.status === 302)).toHaveLength(1);
    const afterwards = await post();
    expect(afterwards).toEqual({ status: 400, errors: ["Nothing has changed."] });
    expect(answers.filter((answer) => answer.status !== 302)).toEqual(Array.from({ length: 4 }, () => afterwards));

    const events = await eventsOf(participant.id);
    expect(events.map((event) => event.type)).toEqual(["granted", "withdrawn"]);
    await expectHistoryOneAtATime(participant.id);
    await expectLedgerInOrder();
  });

  it("[participant] five identical choice changes: one is recorded, the rest are told nothing changed", async () => {
    const participant = await consentedParticipant();
    const outcomes = await atOnce(db, Array.from({ length: 5 }, () => () => changeOwn(participant, "share.industry", "yes", "no")));
    expect(succeeded(outcomes)).toHaveLength(1);
    const again = await refusalOf(changeOwn(participant, "share.industry", "yes", "no"));
    expect(refusals(outcomes)).toEqual([again, again, again, again]);
    expect(again).toBe("nothing_changed");
    expect((await eventsOf(participant.id)).map((event) => event.type)).toEqual(["granted", "choices_changed"]);
    await expectHistoryOneAtATime(participant.id);
    await expectLedgerInOrder();
  });

  it("[coordinator] a withdrawal received by phone, entered twice at once, is recorded once", async () => {
    const participant = await consentedParticipant();
    const coordinator = await createUser({ role: "coordinator" });
    const byPhone = () =>
      withdrawConsent({ participantId: participant.id, level: "destroy", actor: { userId: coordinator.id, role: "coordinator" }, method: "phone", language: "ja", note: "電話 11/22", request: requestFrom() });
    const outcomes = await atOnce(db, [byPhone, byPhone, byPhone]);
    expect(succeeded(outcomes)).toHaveLength(1);
    expect(refusals(outcomes)).toEqual(["nothing_changed", "nothing_changed"]);
    expect(await refusalOf(byPhone())).toBe("nothing_changed");
    // The samples were marked for destruction at the time of the one withdrawal that was recorded.
    const [withdrawal] = succeeded(outcomes);
    const samples = await getDatabase().sample.findMany({ where: { participantId: participant.id } });
    expect(samples.map((sample) => sample.destroyedAt?.toISOString())).toEqual(samples.map(() => withdrawal!.occurredAt));
    await expectHistoryOneAtATime(participant.id);
    await expectLedgerInOrder();
  });
});

describe("different verbs for one participant at once", () => {
  const db = useTestDatabase();

  it("[participant] a change and a withdrawal at once: the withdrawal's snapshot is the choices it followed", async () => {
    for (let round = 0; round < 3; round++) {
      const participant = await consentedParticipant();
      const outcomes = await atOnce<unknown>(db, [
        () => changeOwn(participant, "share.academia", "yes", "no"),
        () => withdrawConsent({ participantId: participant.id, level: "no_further_use", actor: { userId: participant.user!.id, role: "participant" }, method: "online", language: "ja", request: requestFrom() }),
      ]);
      // Either the change came first and the withdrawal carries it, or the withdrawal came first and the change
      // was refused as it would be afterwards.
      const [change, withdrawal] = outcomes;
      expect(withdrawal!.ok).toBe(true);
      if (!change!.ok) expect(refusals([change!])).toEqual(["consent_withdrawn"]);
      const events = await eventsOf(participant.id);
      const last = events.at(-1)!;
      expect(last.type).toBe("withdrawn");
      expect((last.choices as ChoiceSnapshot)["share.academia"]).toBe(change!.ok ? "no" : "yes");
      await expectHistoryOneAtATime(participant.id);
    }
    await expectLedgerInOrder();
  });

  it("[proxy and child] a withdrawal, a change, a new signature and the child's assent at once each see the others' result", async () => {
    const version = await loadFormVersion(await ensurePublishedFormVersion("1.0"));
    const child = await createParticipant({ withAccount: false, withProxy: true, fullName: "山田 さくら", dateOfBirth: "2016-06-01" });
    const proxy = child.proxy!;
    const actor = onlineActor(proxy);
    const first = await journeyReadyToSign(actor, child.id, version);
    const { assentDue } = await signJourney({ actor, journeyId: first, printedName: proxy.fullName, language: "ja", request });
    expect(assentDue).toBe(true);
    // A minor version since: at the clinic, the parent signs it for the child with a coordinator…
    const v11 = await loadFormVersion(await ensurePublishedFormVersion("1.1"));
    const coordinator = await createUser({ role: "coordinator" });
    const assisted = { method: "assisted" as const, userId: coordinator.id, role: "coordinator", participantId: child.id };
    const second = await journeyReadyToSign(assisted, child.id, v11, { witnessName: "立会 花子" });

    // …at the moment the parent, at home, withdraws and changes a choice, and the child types their assent.
    const outcomes = await atOnce<unknown>(db, [
      () => withdrawConsent({ participantId: child.id, level: "no_further_use", actor: { userId: proxy.id, role: "proxy" }, method: "online", language: "ja", request: requestFrom() }),
      () => changeOwn(child, "share.industry", "yes", "no", { userId: proxy.id, role: "proxy", participantId: child.id }),
      () => signJourney({ actor: assisted, journeyId: second, printedName: proxy.fullName, signer: proxy.assignmentId, language: "ja", request }),
      () => recordJourneyAssent({ actor, journeyId: first, childPrintedName: "山田 さくら", language: "ja-easy", request }),
    ]);
    // Whatever the order, each refusal is one the same call would get one after the other.
    for (const code of refusals(outcomes)) expect(["consent_withdrawn", "forbidden", "invalid_input", "already_consented"]).toContain(code);
    expect(outcomes[0]!.ok).toBe(true);
    await expectHistoryOneAtATime(child.id);
    await expectLedgerInOrder();
  });

  it("[participant] a journey started twice at once is one journey", async () => {
    await ensurePublishedFormVersion("1.0");
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const start = () => startOrResumeJourney({ actor, participantId: participant.id, language: "ja", request });
    // Starting writes no ledger event: the gate is at the participant's row, held so firmly that even inserting a
    // journey that refers to it waits, so every start is past its first look for an open journey before any writes.
    const gate = closeRowGate(db.url, `SELECT 1 FROM "Participant" WHERE "id" = $1 FOR UPDATE`, [participant.id]);
    const results = succeeded(await runAtOnce(gate, [start, start, start]));
    expect(new Set(results.map((result) => result.journeyId)).size).toBe(1);
    expect(results.filter((result) => !result.resumed)).toHaveLength(1);
    expect(await getDatabase().consentJourney.count({ where: { participantId: participant.id, status: "in_progress" } })).toBe(1);
  });
});

describe("signatures at once", () => {
  const db = useTestDatabase();
  let version: FormVersion;

  it("[participant and coordinator] two journeys signing at once: one consent, the other told it is already given", async () => {
    version = await loadFormVersion(await ensurePublishedFormVersion("1.0"));
    const participant = await createParticipant({ fullName: "高橋 健" });
    const coordinator = await createUser({ role: "coordinator" });
    const assisted = { method: "assisted" as const, userId: coordinator.id, role: "coordinator", participantId: participant.id };
    const online = onlineActor(participant.user!);
    const atClinic = await journeyReadyToSign(assisted, participant.id, version, { witnessName: "立会 花子" });
    const atHome = await journeyReadyToSign(online, participant.id, version, { choices: everyChoice(version, { "share.industry": "no" }) });

    const outcomes = await atOnce<unknown>(db, [
      () => signJourney({ actor: assisted, journeyId: atClinic, printedName: "高橋 健", signer: "participant", language: "ja", request }),
      () => signJourney({ actor: online, journeyId: atHome, printedName: "高橋 健", language: "ja", request }),
    ]);
    expect(succeeded(outcomes)).toHaveLength(1);
    expect(refusals(outcomes)).toEqual(["already_consented"]);
    expect((await eventsOf(participant.id)).map((event) => event.type)).toEqual(["granted"]);
    await expectLedgerInOrder();
  });

  it("[participant] the same signature submitted three times at once is recorded once; the repeats are refused as a repeat is", async () => {
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const journeyId = await journeyReadyToSign(actor, participant.id, version);
    const sign = () => signJourney({ actor, journeyId, printedName: participant.fullName, language: "ja", request });
    const outcomes = await atOnce<unknown>(db, [sign, sign, sign]);
    expect(succeeded(outcomes)).toHaveLength(1);
    const again = await refusalOf(sign());
    expect(refusals(outcomes)).toEqual([again, again]);
    expect((await eventsOf(participant.id)).map((event) => event.type)).toEqual(["granted"]);
    const journey = await getDatabase().consentJourney.findUniqueOrThrow({ where: { id: journeyId } });
    expect(journey.completedEventId).toBe((await eventsOf(participant.id))[0]!.id);
  });

  it("[participant] a choice saved in another tab while signing: what is signed is what the journey holds", async () => {
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const journeyId = await journeyReadyToSign(actor, participant.id, version);
    const sharing = choiceScreen(version, "share.industry");
    const outcomes = await atOnce<unknown>(db, [
      () => signJourney({ actor, journeyId, printedName: participant.fullName, language: "ja", request }),
      () => recordJourneyChoice({ actor, journeyId, screen: sharing, values: { "share.industry": "no" }, language: "ja", request }),
    ]);
    const [signed, saved] = outcomes;
    expect(signed!.ok).toBe(true);
    // Saved first: signed with it. Saved after: refused, as a save to a finished journey is.
    if (!saved!.ok) expect(refusals([saved!])).toEqual(["invalid_input"]);
    const journey = await getDatabase().consentJourney.findUniqueOrThrow({ where: { id: journeyId } });
    const [event] = await eventsOf(participant.id);
    expect((event!.choices as ChoiceSnapshot)["share.industry"]).toBe((journey.choices as ChoiceSnapshot)["share.industry"]);
    expect((event!.choices as ChoiceSnapshot)["share.industry"]).toBe(saved!.ok ? "no" : "yes");
  });

  it("[coordinators] two staff recording the same paper consent at once record it once, with one scan", async () => {
    const participant = await createParticipant({ fullName: "中村 文子" });
    const [first, second] = [await createUser({ role: "coordinator" }), await createUser({ role: "coordinator" })];
    const record = (coordinator: { id: string; role: string }) => () =>
      recordPaperConsent(paperConsentInput(participant, version, coordinator, { scan: { fileName: "同意書.png", content: scannedPng }, request: requestFrom() }));
    const outcomes = await atOnce<unknown>(db, [record(first), record(second)]);
    expect(succeeded(outcomes)).toHaveLength(1);
    expect(refusals(outcomes)).toEqual(["already_consented"]);
    const events = await eventsOf(participant.id);
    expect(events.map((event) => [event.type, event.method])).toEqual([["granted", "paper"]]);
    // The paper's own date is kept apart from the time the event was recorded.
    expect(events[0]!.detail).toMatchObject({ paperSignedOn: "2026-11-02", scanSha256: createHash("sha256").update(scannedPng).digest("hex") });
    expect(await getDatabase().paperConsentScan.count({ where: { eventId: events[0]!.id } })).toBe(1);
    expect(await getDatabase().paperConsentScan.count()).toBe(1);
    await expectLedgerInOrder();
  });

  it("[child] the assent submitted twice at once is recorded once", async () => {
    const child = await createParticipant({ withAccount: false, withProxy: true, fullName: "山田 さくら", dateOfBirth: "2016-06-01" });
    const actor = onlineActor(child.proxy!);
    const journeyId = await journeyReadyToSign(actor, child.id, version);
    await signJourney({ actor, journeyId, printedName: child.proxy!.fullName, language: "ja", request });
    const assent = () => recordJourneyAssent({ actor, journeyId, childPrintedName: "山田さくら", language: "ja-easy", request });
    const outcomes = await atOnce<unknown>(db, [assent, assent]);
    expect(succeeded(outcomes)).toHaveLength(1);
    const again = await refusalOf(assent());
    expect(refusals(outcomes)).toEqual([again]);
    expect((await eventsOf(child.id)).map((event) => event.type)).toEqual(["proxy_granted", "assent"]);
    await expectHistoryOneAtATime(child.id);
    await expectLedgerInOrder();
  });
});

describe("publishing a major version while a participant signs", () => {
  const db = useTestDatabase();

  it("[ELSI staff and participant] the signature lands before the version and is asked to re-consent, or after it and is refused", async () => {
    const v1 = await loadFormVersion(await ensurePublishedFormVersion("1.0"));
    const participant = await createParticipant();
    const actor = onlineActor(participant.user!);
    const journeyId = await journeyReadyToSign(actor, participant.id, v1);
    const staff = await createUser({ role: "elsi_staff" });
    // 2.0 is major and concerns international sharing, which this participant allows.
    const content = seededFormContent("2.0");
    const draft = await getDatabase().consentFormVersion.create({
      data: { formKey: content.formKey, version: content.version, kind: content.kind, content, effectiveDate: new Date(`${content.effectiveDate}T00:00:00Z`) },
    });
    await passReviewRound(draft.id, staff.id);

    const gate = await closeLedgerGate(db.url);
    let signing: Settled<unknown>;
    let publishing: Settled<{ reconsentRequested: string[] }>;
    try {
      // The signature is under way, past its checks and waiting to append, when publishing starts; publishing then
      // either waits for it or (without the form lock) runs past it.
      signing = settled(signJourney({ actor, journeyId, printedName: participant.fullName, language: "ja", request }));
      await gate.waitUntilQueued([signing]);
      publishing = settled(publishFormVersion({ formVersionId: draft.id, publishedById: staff.id, actorRole: "elsi_staff", context: { actorUserId: staff.id, ...requestFrom() } }));
      await gate.waitUntilQueued([publishing], signing.done ? 0 : 1);
    } finally {
      await gate.open();
    }
    const [signed, published] = await Promise.all([signing.promise, publishing.promise]);
    if (!published.ok) throw published.error;
    const types = (await eventsOf(participant.id)).map((event) => event.type);
    if (signed.ok) {
      expect(types).toEqual(["granted", "reconsent_requested"]);
      expect(published.value.reconsentRequested).toContain(participant.id);
    } else {
      expect(refusals([signed])).toEqual(["form_updated"]);
      expect(types).toEqual([]);
    }
    await expectHistoryOneAtATime(participant.id);
    await expectLedgerInOrder();
  });
});
