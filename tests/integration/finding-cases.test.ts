// The counsellor's queue and cases on real PostgreSQL (issue 13 items 4 and 6; ADR 034): for random consent
// histories written through the real ledger, the queue lists exactly the `want` findings (content visible) and the
// `undecided` ones (content sealed), as an independent oracle in this file says; a withdrawal or `not_want` takes a
// case out at the next read and refuses the next step, even one racing it; a re-interpretation reopens a closed case.
import fc from "fast-check";
import { findingsCategories, type FindingsCategory } from "@tsunagi/consent-rules/choice-catalogue";
import { withdrawalLevels } from "@tsunagi/consent-rules/ledger-event";
import { describe, expect, it } from "vitest";
import { renderEmail } from "../../emails/render.server";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { getDatabase } from "../../app/db.server";
import { loadConsentOverview } from "../../app/domain/home/consent-overview.server";
import { CaseStepRefusedError } from "../../app/domain/findings/case-step-refused";
import { listFindingQueue } from "../../app/domain/findings/list-finding-queue.server";
import { loadFindingCase } from "../../app/domain/findings/load-finding-case.server";
import { openSealedFinding } from "../../app/domain/findings/open-sealed-finding.server";
import { takeCaseStep } from "../../app/domain/findings/take-case-step.server";
import { createFacility } from "../factories/facility-factory";
import { createParticipant } from "../factories/participant-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";
import { addFindingVersion, createFinding, recordConsentStep, type ConsentStep, type FindingsWish } from "./finding-cases-support";

useTestDatabase();
useTempDataDir();

const request = { ipAddress: "127.0.0.1", userAgent: "test" };
const wish = fc.constantFrom<FindingsWish>("want", "not_want", "undecided");
const step: fc.Arbitrary<ConsentStep> = fc.oneof(
  fc.record({ kind: fc.constant("change" as const), category: fc.constantFrom(...findingsCategories), value: wish }),
  fc.record({ kind: fc.constant("withdraw" as const), level: fc.constantFrom(...withdrawalLevels) }),
);
const history = fc.option(
  fc.tuple(fc.record({ kind: fc.constant("grant" as const), cancer: wish, other: wish, findingsUpdate: fc.constantFrom<"yes" | "no">("yes", "no") }), fc.array(step, { maxLength: 3 })),
  { nil: null },
);

/** The rule, from the history alone: the last word on the category, unless there was no consent or a withdrawal. */
function oracle(steps: ConsentStep[] | null, category: FindingsCategory): "to_return" | "offer_counselling" | "hidden" {
  if (!steps) return "hidden";
  let value: FindingsWish | null = null;
  for (const entry of steps) {
    if (entry.kind === "grant") value = category === "hereditary_cancer" ? entry.cancer : entry.other;
    if (entry.kind === "change" && entry.category === category) value = entry.value;
    if (entry.kind === "withdraw") return "hidden";
  }
  return value === "want" ? "to_return" : value === "undecided" ? "offer_counselling" : "hidden";
}

/** The steps that reach the ledger: nothing after a withdrawal (the app refuses changes then). */
function legal(steps: ConsentStep[] | null): ConsentStep[] | null {
  if (!steps) return null;
  const index = steps.findIndex((entry) => entry.kind === "withdraw");
  return index === -1 ? steps : steps.slice(0, index + 1);
}

describe("[counsellor] the findings queue", () => {
  it("lists exactly the want findings (content visible) and the undecided ones (content sealed), oldest first, for random consent histories", async () => {
    const coordinator = await createUser({ role: "coordinator" });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(history, fc.constantFrom(...findingsCategories)), { minLength: 1, maxLength: 4 }), async (cases) => {
        const facility = await createFacility();
        const counsellor = await createUser({ role: "counsellor", facilities: [facility] });
        const expected: { findingId: string; state: string }[] = [];
        const hidden: string[] = [];
        const start = Date.now() - 30 * 86_400_000;
        for (const [index, [raw, category]] of cases.entries()) {
          const participant = await createParticipant({ withAccount: false, facility });
          const steps = legal(raw ? [raw[0], ...raw[1]] : null);
          for (const entry of steps ?? []) await recordConsentStep(participant.id, coordinator.id, entry);
          const findingId = await createFinding(participant.id, category, new Date(start + index * 86_400_000));
          const state = oracle(steps, category);
          if (state === "hidden") hidden.push(findingId);
          else expected.push({ findingId, state });
        }

        const queue = await listFindingQueue({ userId: counsellor.id, facilityId: facility.id });
        expect(queue.map((entry) => ({ findingId: entry.findingId, state: entry.state }))).toEqual(expected);
        for (const { findingId, state } of expected) {
          const view = await loadFindingCase({ findingId, actorId: counsellor.id });
          expect(view.contentAccess).toBe(state === "to_return" ? "visible" : "sealed");
          expect(view.content === null).toBe(state !== "to_return");
        }
        for (const findingId of hidden) {
          await expect(loadFindingCase({ findingId, actorId: counsellor.id })).rejects.toMatchObject({ code: "not_found" });
          await expect(takeCaseStep({ findingId, step: "claim", input: {}, actorId: counsellor.id, request })).rejects.toMatchObject({ code: "not_found" });
        }
      }),
      { numRuns: 12 },
    );
  }, 180_000);

  it("filters by category and facility, and a counsellor sees only their facilities' findings", async () => {
    const coordinator = await createUser({ role: "coordinator" });
    const [here, there] = [await createFacility(), await createFacility()];
    const counsellor = await createUser({ role: "counsellor", facilities: [here] });
    const findingAt = async (facility: { id: string }, category: FindingsCategory) => {
      const participant = await createParticipant({ withAccount: false, facility });
      await recordConsentStep(participant.id, coordinator.id, { kind: "grant", cancer: "want", other: "want", findingsUpdate: "yes" });
      return createFinding(participant.id, category);
    };
    const cancerHere = await findingAt(here, "hereditary_cancer");
    const otherHere = await findingAt(here, "other_actionable");
    const cancerThere = await findingAt(there, "hereditary_cancer");
    const ids = async (filters: { category?: FindingsCategory; facilityId?: string }) => (await listFindingQueue({ userId: counsellor.id, ...filters })).map((entry) => entry.findingId);
    expect(await ids({ facilityId: here.id })).toEqual([cancerHere, otherHere]);
    expect(await ids({ facilityId: here.id, category: "other_actionable" })).toEqual([otherHere]);
    expect(await ids({ facilityId: there.id })).toEqual([]);
    expect(await ids({})).not.toContain(cancerThere);
    await expect(loadFindingCase({ findingId: cancerThere, actorId: counsellor.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("counts days waiting from the finding's arrival", async () => {
    const coordinator = await createUser({ role: "coordinator" });
    const facility = await createFacility();
    const counsellor = await createUser({ role: "counsellor", facilities: [facility] });
    const participant = await createParticipant({ withAccount: false, facility });
    await recordConsentStep(participant.id, coordinator.id, { kind: "grant", cancer: "want", other: "want", findingsUpdate: "yes" });
    const now = new Date("2026-11-23T03:00:00Z");
    await createFinding(participant.id, "hereditary_cancer", new Date("2026-11-13T03:00:00Z"));
    const [entry] = await listFindingQueue({ userId: counsellor.id, facilityId: facility.id, now });
    expect(entry?.daysWaiting).toBe(10);
  });
});

describe("[counsellor] a case's steps", () => {
  async function wantingParticipantWithFinding(wishes: { cancer?: FindingsWish; findingsUpdate?: "yes" | "no" } = {}, withAccount = false) {
    const coordinator = await createUser({ role: "coordinator" });
    const facility = await createFacility();
    const counsellor = await createUser({ role: "counsellor", facilities: [facility] });
    const participant = await createParticipant({ withAccount, facility });
    await recordConsentStep(participant.id, coordinator.id, { kind: "grant", cancer: wishes.cancer ?? "want", other: "not_want", findingsUpdate: wishes.findingsUpdate ?? "yes" });
    const findingId = await createFinding(participant.id, "hereditary_cancer");
    return { coordinator, facility, counsellor, participant, findingId };
  }
  const appointment = { at: "2026-12-01T10:00", mode: "in_person", place: "遺伝カウンセリング外来 3番", language: "ja" };
  const session = { date: "2026-12-01", attendees: "本人と配偶者", understood: "結果の意味と次の検査について理解された" };

  it("queues the participant's mail when an appointment is scheduled: only that the care team would like to talk, in their language, no gene", async () => {
    const { counsellor, participant, findingId } = await wantingParticipantWithFinding({}, true);
    const take = (step: Parameters<typeof takeCaseStep>[0]["step"], input: unknown = {}) => takeCaseStep({ findingId, step, input, actorId: counsellor.id, request });
    await take("claim");
    expect(await getDatabase().mailMessage.count({ where: { participantId: participant.id, template: "consent-notice", props: { path: ["kind"], equals: "care_team_result" } } })).toBe(0);
    await take("schedule_appointment", appointment);
    const mail = await getDatabase().mailMessage.findMany({ where: { participantId: participant.id, template: "consent-notice", props: { path: ["kind"], equals: "care_team_result" } } });
    expect(mail.length).toBeGreaterThan(0);
    for (const message of mail) {
      expect(message.props).toMatchObject({ kind: "care_team_result" });
      const rendered = await renderEmail("consent-notice", message.props as never, { language: message.language as SupportedLanguage });
      for (const text of [rendered.subject, rendered.text]) {
        for (const secret of ["BRCA1", "hereditary", "遺伝性腫瘍", "3番", "2026-12-01"]) expect(text).not.toContain(secret);
      }
    }
  });

  it("takes a case from claim to close, each step an event with its audit row, in the order the workflow allows", async () => {
    const { counsellor, findingId } = await wantingParticipantWithFinding();
    const take = (step: Parameters<typeof takeCaseStep>[0]["step"], input: unknown = {}) => takeCaseStep({ findingId, step, input, actorId: counsellor.id, request });
    await expect(take("schedule_appointment", appointment)).rejects.toMatchObject({ reason: "not_claimed_by_you" });
    await take("claim");
    await expect(take("record_counselling", session)).rejects.toMatchObject({ reason: "appointment_first" });
    await take("schedule_appointment", appointment);
    await expect(take("record_disclosure", session)).rejects.toMatchObject({ reason: "counselling_first" });
    await take("record_counselling", session);
    await take("record_disclosure", session);
    await take("record_relatives_wishes", { wishes: "participant_will_inform" });
    await expect(take("claim")).rejects.toMatchObject({ reason: "already_claimed" });
    await take("close", { reason: "disclosed" });
    await expect(take("claim")).rejects.toMatchObject({ reason: "case_closed" });

    const events = await getDatabase().findingCaseEvent.findMany({ where: { findingId }, orderBy: { seq: "asc" } });
    expect(events.map((event) => event.type)).toEqual(["claimed", "appointment_scheduled", "counselling_recorded", "disclosure_recorded", "relatives_wishes_recorded", "closed"]);
    const audits = await getDatabase().auditEvent.findMany({ where: { type: "finding_case.step_taken", actorUserId: counsellor.id } });
    expect(audits).toHaveLength(6);
    expect(JSON.stringify(audits.map((audit) => audit.detail))).not.toContain("配偶者");
    expect(await listFindingQueue({ userId: counsellor.id })).not.toContainEqual(expect.objectContaining({ findingId }));
  });

  it("refuses a second counsellor's claim while the case is held", async () => {
    const { counsellor, facility, findingId } = await wantingParticipantWithFinding();
    const colleague = await createUser({ role: "counsellor", facilities: [facility] });
    await takeCaseStep({ findingId, step: "claim", input: {}, actorId: counsellor.id, request });
    await expect(takeCaseStep({ findingId, step: "claim", input: {}, actorId: colleague.id, request })).rejects.toBeInstanceOf(CaseStepRefusedError);
    const [entry] = await listFindingQueue({ userId: colleague.id, facilityId: facility.id });
    expect(entry?.claimedBy?.id).toBe(counsellor.id);
  });

  it("refuses bad input and writes nothing", async () => {
    const { counsellor, findingId } = await wantingParticipantWithFinding();
    await takeCaseStep({ findingId, step: "claim", input: {}, actorId: counsellor.id, request });
    const bad: [Parameters<typeof takeCaseStep>[0]["step"], unknown][] = [
      ["schedule_appointment", {}],
      ["schedule_appointment", { ...appointment, mode: "carrier_pigeon" }],
      ["schedule_appointment", { ...appointment, at: "2026-02-30T10:00" }],
      ["schedule_appointment", { ...appointment, place: undefined }],
      ["schedule_appointment", { ...appointment, place: "外来\u202E3番" }],
      ["record_counselling", { ...session, understood: "あ".repeat(501) }],
      ["record_counselling", { ...session, attendees: "" }],
      ["record_relatives_wishes", { wishes: "tell_everyone" }],
      ["close", { reason: "bored" }],
    ];
    for (const [stepName, input] of bad) {
      await expect(takeCaseStep({ findingId, step: stepName, input, actorId: counsellor.id, request })).rejects.toMatchObject({ code: "invalid_input" });
    }
    await expect(openSealedFinding({ findingId, reason: "", actorId: counsellor.id, request })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await getDatabase().findingCaseEvent.count({ where: { findingId } })).toBe(1);
  });

  it("a withdrawal removes the case at the next read and refuses the next step", async () => {
    const { coordinator, counsellor, participant, findingId } = await wantingParticipantWithFinding();
    await takeCaseStep({ findingId, step: "claim", input: {}, actorId: counsellor.id, request });
    await recordConsentStep(participant.id, coordinator.id, { kind: "withdraw", level: "no_contact" });
    expect((await listFindingQueue({ userId: counsellor.id })).map((entry) => entry.findingId)).not.toContain(findingId);
    await expect(takeCaseStep({ findingId, step: "schedule_appointment", input: appointment, actorId: counsellor.id, request })).rejects.toMatchObject({ code: "not_found" });
    await expect(loadFindingCase({ findingId, actorId: counsellor.id })).rejects.toMatchObject({ code: "not_found" });
    expect(await getDatabase().findingCaseEvent.count({ where: { findingId } })).toBe(1);
  });

  it("a change to not_want racing a step: whichever commits first, no step is written after the change", async () => {
    for (let round = 0; round < 6; round++) {
      const { coordinator, counsellor, participant, findingId } = await wantingParticipantWithFinding();
      await takeCaseStep({ findingId, step: "claim", input: {}, actorId: counsellor.id, request });
      const [stepResult] = await Promise.allSettled([
        takeCaseStep({ findingId, step: "schedule_appointment", input: appointment, actorId: counsellor.id, request }),
        recordConsentStep(participant.id, coordinator.id, { kind: "change", category: "hereditary_cancer", value: "not_want" }),
      ]);
      const change = await getDatabase().consentEvent.findFirstOrThrow({ where: { participantId: participant.id, type: "choices_changed" } });
      const scheduled = await getDatabase().findingCaseEvent.findFirst({ where: { findingId, type: "appointment_scheduled" } });
      if (stepResult.status === "fulfilled") expect(scheduled!.at.getTime()).toBeLessThanOrEqual(change.occurredAt.getTime());
      else {
        expect(stepResult.reason).toMatchObject({ code: "not_found" });
        expect(scheduled).toBeNull();
      }
      await expect(takeCaseStep({ findingId, step: "record_counselling", input: session, actorId: counsellor.id, request })).rejects.toMatchObject({ code: "not_found" });
    }
  });

  it("keeps an undecided participant's finding sealed: disclosure refused; opening needs a reason and is audited", async () => {
    const { counsellor, findingId } = await wantingParticipantWithFinding({ cancer: "undecided" });
    await takeCaseStep({ findingId, step: "claim", input: {}, actorId: counsellor.id, request });
    await takeCaseStep({ findingId, step: "schedule_appointment", input: { at: "2026-12-02T14:30", mode: "video", language: "en" }, actorId: counsellor.id, request });
    await takeCaseStep({ findingId, step: "record_counselling", input: session, actorId: counsellor.id, request });
    await expect(takeCaseStep({ findingId, step: "record_disclosure", input: session, actorId: counsellor.id, request })).rejects.toMatchObject({ reason: "content_sealed" });
    expect((await loadFindingCase({ findingId, actorId: counsellor.id })).content).toBeNull();

    await openSealedFinding({ findingId, reason: "主治医から家族歴の確認依頼があったため", actorId: counsellor.id, request });
    const view = await loadFindingCase({ findingId, actorId: counsellor.id });
    expect(view.contentAccess).toBe("opened");
    expect(view.content).toMatchObject({ gene: "BRCA1", classification: "P" });
    const audit = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "finding_case.sealed_content_opened", actorUserId: counsellor.id } });
    expect(audit.detail).toMatchObject({ findingId, reason: "主治医から家族歴の確認依頼があったため" });
  });

  it("a re-interpretation after a closed case reopens it as updated when findings updates are allowed, and not otherwise", async () => {
    for (const findingsUpdate of ["yes", "no"] as const) {
      const { counsellor, findingId } = await wantingParticipantWithFinding({ findingsUpdate });
      await takeCaseStep({ findingId, step: "claim", input: {}, actorId: counsellor.id, request });
      // Nothing was disclosed: "disclosed" is refused, and not offered (issue 29 item 6).
      await expect(takeCaseStep({ findingId, step: "close", input: { reason: "disclosed" }, actorId: counsellor.id, request })).rejects.toMatchObject({ reason: "nothing_disclosed" });
      expect((await loadFindingCase({ findingId, actorId: counsellor.id })).closeReasons).not.toContain("disclosed");
      await takeCaseStep({ findingId, step: "close", input: { reason: "unreachable" }, actorId: counsellor.id, request });
      await addFindingVersion(findingId, { classification: "LP", submittedAt: new Date(Date.now() + 1000) });
      const queue = await listFindingQueue({ userId: counsellor.id });
      if (findingsUpdate === "yes") {
        expect(queue).toContainEqual(expect.objectContaining({ findingId, state: "updated", claimedBy: null }));
        await takeCaseStep({ findingId, step: "claim", input: {}, actorId: counsellor.id, request });
        const types = (await getDatabase().findingCaseEvent.findMany({ where: { findingId }, orderBy: { seq: "asc" } })).map((event) => event.type);
        expect(types).toEqual(["claimed", "closed", "reopened", "claimed"]);
      } else {
        expect(queue.map((entry) => entry.findingId)).not.toContain(findingId);
      }
    }
  });

  it("keeps the case's history append-only for the application's role", async () => {
    const { counsellor, findingId } = await wantingParticipantWithFinding();
    await takeCaseStep({ findingId, step: "claim", input: {}, actorId: counsellor.id, request });
    await expect(getDatabase().findingCaseEvent.updateMany({ where: { findingId }, data: { type: "released" } })).rejects.toThrow(/permission denied/);
    await expect(getDatabase().findingCaseEvent.deleteMany({ where: { findingId } })).rejects.toThrow(/permission denied/);
  });
});

describe("[participant] what the consent page says about a case", () => {
  it("nothing before an appointment; then only that the care team would like to talk, with the appointment; nothing once they say not_want", async () => {
    const participant = await consentedParticipant({ language: "ja-easy" });
    const facility = { id: participant.facilityId };
    const counsellor = await createUser({ role: "counsellor", facilities: [facility] });
    const coordinator = await createUser({ role: "coordinator", facilities: [facility] });
    const findingId = await createFinding(participant.id, "hereditary_cancer");
    const notices = async () => (await loadConsentOverview({ userId: participant.user!.id, language: "ja-easy" }))!.consent!.careTeamNotices;

    expect(await notices()).toEqual([]);
    await takeCaseStep({ findingId, step: "claim", input: {}, actorId: counsellor.id, request });
    expect(await notices()).toEqual([]);
    await takeCaseStep({ findingId, step: "schedule_appointment", input: { at: "2026-12-03T09:30", mode: "video", language: "ja-easy" }, actorId: counsellor.id, request });
    const shown = await notices();
    expect(shown).toEqual([{ kind: "talk_about_result", appointment: { at: "2026-12-03T09:30", mode: "video", language: "ja-easy" } }]);
    expect(JSON.stringify(shown)).not.toMatch(/BRCA1|hereditary|c\.68/);

    await recordConsentStep(participant.id, coordinator.id, { kind: "change", category: "hereditary_cancer", value: "undecided" });
    expect((await notices()).map((notice) => notice.kind)).toEqual(["talk_about_choice"]);
    await recordConsentStep(participant.id, coordinator.id, { kind: "change", category: "hereditary_cancer", value: "not_want" });
    expect(await notices()).toEqual([]);
  });
});
