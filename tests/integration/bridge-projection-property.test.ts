import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { isAppError } from "../../app/domain/kernel/app-error";
import type { ConsentChangeMessage } from "@tsunagi/consent-rules/consent-change-message";
import { changeChoices } from "../../app/domain/consent/records/change-choices.server";
import { grantConsent } from "../../app/domain/consent/records/grant-consent.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { withdrawalLevels } from "@tsunagi/consent-rules/ledger-event";
import { SubjectStore, type SubjectRecord } from "../../services/pipeline-bridge/src/projection/subject-store";
import { useTestDatabase } from "../support/database";
import { issueTestToken, outboxMessages, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant, typicalChoices, type ConsentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

const request = { ipAddress: "127.0.0.1", userAgent: "bridge property test" };

type Step =
  | { kind: "change"; who: number; choice: "share.industry" | "share.international" | "recontact.research" | "findings.secondary.other_actionable"; value: string }
  | { kind: "withdraw"; who: number; level: (typeof withdrawalLevels)[number] }
  | { kind: "reconsent"; who: number };

const stepArbitrary = (participants: number): fc.Arbitrary<Step> => {
  const who = fc.nat({ max: participants - 1 });
  return fc.oneof(
    { weight: 3, arbitrary: fc.oneof(
      fc.record({ kind: fc.constant("change" as const), who, choice: fc.constant("share.industry" as const), value: fc.constantFrom("yes", "no") }),
      fc.record({ kind: fc.constant("change" as const), who, choice: fc.constant("share.international" as const), value: fc.constantFrom("yes", "no") }),
      fc.record({ kind: fc.constant("change" as const), who, choice: fc.constant("recontact.research" as const), value: fc.constantFrom("yes", "no") }),
      fc.record({ kind: fc.constant("change" as const), who, choice: fc.constant("findings.secondary.other_actionable" as const), value: fc.constantFrom("want", "not_want", "undecided") }),
    ) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), who, level: fc.constantFrom(...withdrawalLevels) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("reconsent" as const), who }) },
  );
};

/** Runs one step through the app's own consent verbs; a refusal the app gives (nothing changed, withdrawn) is part of real life. */
async function perform(step: Step, participant: ConsentedParticipant): Promise<void> {
  const actor = { userId: participant.user!.id, role: "participant" };
  const common = { participantId: participant.id, actor, method: "online" as const, language: "ja" as const, request };
  try {
    if (step.kind === "change") await changeChoices({ ...common, changes: { [step.choice]: step.value } });
    else if (step.kind === "withdraw") await withdrawConsent({ ...common, level: step.level });
    else {
      await grantConsent({
        participantId: participant.id,
        formVersionId: participant.version.id,
        choices: typicalChoices(participant.version, { "share.industry": "no" }),
        printedName: participant.fullName,
        language: "ja",
        signer: { kind: "participant" },
        actor,
        method: "online",
        request,
      });
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
  }
}

/** The app's latest consent for a participant, in the shape the bridge keeps it. */
async function appState(participant: ConsentedParticipant): Promise<Omit<SubjectRecord, "occurredAt" | "globalSeq">> {
  const prisma = getDatabase();
  const state = await prisma.consentState.findUniqueOrThrow({ where: { participantId: participant.id } });
  const samples = await prisma.sample.findMany({ where: { participantId: participant.id }, orderBy: { sampleCode: "asc" } });
  const formVersion = state.formVersionId ? await prisma.consentFormVersion.findUniqueOrThrow({ where: { id: state.formVersionId } }) : null;
  return {
    pseudonym: participant.pseudonym,
    version: state.version,
    eventId: state.lastEventId,
    consent: {
      status: state.status,
      formVersion: formVersion?.version ?? null,
      formVersionHash: state.formVersionHash,
      choices: state.choices as Record<string, string>,
      permittedPurposes: state.permittedPurposes,
      withdrawalLevel: state.withdrawalLevel,
      interimRule: state.interimRule as SubjectRecord["consent"]["interimRule"],
      consentedBy: state.consentedBy as "self" | "proxy",
      provision: state.provision as { noticeVersion: string | null; stopped: boolean },
      lifeEvent: (state.lifeEvent ?? null) as { kind: "death" | "incapacity"; on: string } | null,
    },
    samples: samples.map((sample) => ({ code: sample.sampleCode, destroyed: sample.destroyedAt !== null || state.withdrawalLevel === "destroy" })),
  };
}

function comparable(record: SubjectRecord | undefined) {
  if (!record) return undefined;
  const { occurredAt: _occurredAt, globalSeq: _globalSeq, ...rest } = record;
  return { ...rest, samples: [...rest.samples].sort((a, b) => a.code.localeCompare(b.code)) };
}

describe("the bridge's projection under at-least-once, reordered delivery", () => {
  let bridge: TestBridge;
  let gateToken: string;
  beforeAll(async () => {
    bridge = await startTestBridge(db.url);
    gateToken = await issueTestToken(["gate:analyze", "gate:sequence"]);
  });
  afterAll(() => bridge.close());

  it("keeps a sample destroyed after its participant withdrew with destruction and consented again, in any delivery order", async () => {
    const participant = await consentedParticipant();
    await perform({ kind: "withdraw", who: 0, level: "destroy" }, participant);
    await perform({ kind: "reconsent", who: 0 }, participant);
    const messages = await outboxMessages([participant.pseudonym]);
    expect(messages.map((message) => message.type)).toEqual(["granted", "withdrawn", "granted"]);
    await bridge.ingest([messages[2]!, messages[0]!]);
    await bridge.ingest([messages[1]!]);
    await bridge.heartbeat();
    expect(comparable(bridge.context.subjects.get(participant.pseudonym))).toEqual(await appState(participant));
    const { body } = await bridge.post("/v1/decisions", { subject: participant.sampleCodes[0], action: "sequence" }, gateToken);
    expect((body as { decisions: unknown[] }).decisions[0]).toMatchObject({ allowed: false, reason: "sample_destroyed", stateVersion: 3 });
  });

  it("ends on the app's latest state for every participant, from memory and from its database, whatever the order and repeats", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary(3), { minLength: 1, maxLength: 8 }), fc.gen(), async (steps, g) => {
        const participants: ConsentedParticipant[] = [];
        for (let index = 0; index < 3; index++) participants.push(await consentedParticipant());
        for (const step of steps) await perform(step, participants[step.who]!);

        const messages = await outboxMessages(participants.map((participant) => participant.pseudonym));
        // Every message at least once, some twice, in any order, cut into several batches.
        const repeats = g(fc.array, fc.nat({ max: messages.length - 1 }), { maxLength: messages.length });
        const delivery: ConsentChangeMessage[] = g(fc.shuffledSubarray, [...messages, ...repeats.map((index) => messages[index]!)], {
          minLength: messages.length + repeats.length,
        });
        const cuts = [...new Set(g(fc.array, fc.nat({ max: delivery.length }), { maxLength: 4 }))].sort((a, b) => a - b);
        const batches = [0, ...cuts, delivery.length].flatMap((start, index, bounds) => (index + 1 < bounds.length && bounds[index + 1]! > start ? [delivery.slice(start, bounds[index + 1])] : []));

        const seenVersions = new Map<string, number>();
        let applied = 0;
        for (const batch of batches) {
          const result = await bridge.ingest(batch);
          expect(result.applied + result.duplicates + result.stale).toBe(batch.length);
          applied += result.applied;
          for (const participant of participants) {
            const version = bridge.context.subjects.get(participant.pseudonym)?.version ?? 0;
            // Never backwards: a late, older message cannot take a withdrawal (or anything else) back.
            expect(version).toBeGreaterThanOrEqual(seenVersions.get(participant.pseudonym) ?? 0);
            seenVersions.set(participant.pseudonym, version);
          }
        }
        expect(applied).toBeGreaterThanOrEqual(participants.length);

        // Everything again, oldest last: nothing may move.
        const replay = await bridge.ingest([...messages].reverse());
        expect(replay).toEqual({ applied: 0, duplicates: messages.length, stale: 0 });

        const fromDatabase = new SubjectStore();
        await fromDatabase.load(bridge.context.db);
        await bridge.heartbeat();
        for (const participant of participants) {
          const expected = await appState(participant);
          expect(comparable(bridge.context.subjects.get(participant.pseudonym))).toEqual(expected);
          expect(comparable(fromDatabase.get(participant.pseudonym))).toEqual(expected);
          // And the answer follows: a withdrawn participant's data is never analysed.
          const { body } = await bridge.post("/v1/decisions", { subject: participant.sampleCodes[0], action: "sequence" }, gateToken);
          const [decision] = (body as { decisions: { allowed: boolean; reason: string; stateVersion: number }[] }).decisions;
          expect(decision?.stateVersion).toBe(expected.version);
          if (expected.consent.status === "withdrawn" && expected.consent.withdrawalLevel !== "no_contact") expect(decision?.allowed).toBe(false);
          // Consenting again after a withdrawal with destruction does not bring a destroyed sample back.
          const destroyed = expected.samples.find((sample) => sample.code === participant.sampleCodes[0])?.destroyed;
          if (expected.consent.status === "active") expect(decision).toMatchObject(destroyed ? { allowed: false, reason: "sample_destroyed" } : { allowed: true });
        }
      }),
      { numRuns: 10 },
    );
  }, 180_000);
});
