// Issue 55 Deliver 5 on real PostgreSQL: home's "what waits for you" lists, for every role, the work that waits on
// it — a panel member's declaration and vote, the chair's decision, a counsellor's cases, a coordinator's questions,
// the secretariat's applications and applicants, an administrator's second-factor resets — as counts that link to
// the queue, each counted by the concept that owns it, and never a queue the account may not open.
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { seatMember } from "../../app/domain/access/committee/manage-committee.server";
import { takeCaseStep } from "../../app/domain/findings/take-case-step.server";
import { listWaitingItems, workQueues, type WaitingItem, type WorkQueue } from "../../app/domain/home/list-waiting-items.server";
import type { Role } from "../../app/domain/authz";
import { createApplicant, createApplication } from "../factories/data-access-factory";
import { createFacility } from "../factories/facility-factory";
import { createParticipant } from "../factories/participant-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { createFinding, recordConsentStep } from "./finding-cases-support";

useTempDataDir();
useTestDatabase();

type User = Awaited<ReturnType<typeof createUser>>;

/** The queues on this person's home, as queue → count, with each one's link checked against the queue's page. */
async function queuesOf(user: User, roles: readonly Role[] = [user.role as Role]): Promise<Partial<Record<WorkQueue, number>>> {
  const items = await listWaitingItems({ userId: user.id, roles, language: "ja" });
  const queues = items.filter((item): item is Extract<WaitingItem, { kind: "queue" }> => item.kind === "queue");
  for (const item of queues) expect(item.path).toBe(workQueues[item.queue].path);
  return Object.fromEntries(queues.map((item) => [item.queue, item.count]));
}

describe("[every role] the work that waits on home", () => {
  const request = requestFrom();
  let secretariat: User;
  let panel: User;
  let expert: User;
  let chair: User;
  beforeAll(async () => {
    secretariat = await createUser({ role: "dac_secretariat" });
    [panel, expert, chair] = await Promise.all([createUser({ role: "panel_member" }), createUser({ role: "dac_expert" }), createUser({ role: "dac_chair" })]);
    for (const [user, seat] of [[panel, "panel"], [expert, "expert"], [chair, "chair"]] as const) {
      await seatMember({ userId: user.id, seat, sex: "undisclosed", expertise: "", endsOn: null, actorUserId: secretariat.id, request });
    }
  });

  it("a seated member: the declaration first, then the vote once declared; the chair also the decision once the vote closes", async () => {
    const open = await createApplication({ state: "in_review" });
    await getDatabase().dataAccessApplication.update({ where: { id: open.id }, data: { voteOpenedAt: new Date() } });
    expect(await queuesOf(panel)).toEqual({ declarations: 1 });
    await getDatabase().conflictDeclaration.create({ data: { applicationId: open.id, userId: panel.id, conflicted: false } });
    expect(await queuesOf(panel)).toEqual({ votes: 1 });
    // A recused member has nothing to do on it.
    await getDatabase().conflictDeclaration.create({ data: { applicationId: open.id, userId: expert.id, conflicted: true } });
    expect(await queuesOf(expert)).toEqual({});

    const closed = await createApplication({ state: "in_review" });
    await getDatabase().dataAccessApplication.update({ where: { id: closed.id }, data: { voteClosedAt: new Date() } });
    expect(await queuesOf(chair)).toEqual({ declarations: 1, decisions: 1 });
    // A member who is not the chair is not asked to decide.
    expect(await queuesOf(panel)).toEqual({ votes: 1 });
  });

  it("the secretariat: submitted applications to accept or return, applicants to check; nothing of a member's", async () => {
    const before = await queuesOf(secretariat);
    await createApplication({ state: "submitted" });
    await createApplicant({ verified: false });
    const after = await queuesOf(secretariat);
    expect(after.applicationsToTriage).toBe((before.applicationsToTriage ?? 0) + 1);
    expect(after.applicantsToVerify).toBe((before.applicantsToVerify ?? 0) + 1);
    expect(after.declarations).toBeUndefined();
  });

  it("a counsellor: cases nobody holds at their facilities, then their own once claimed; another facility's counsellor sees neither", async () => {
    const facility = await createFacility();
    const counsellor = await createUser({ role: "counsellor", facilities: [facility] });
    const elsewhere = await createUser({ role: "counsellor", facilities: [await createFacility()] });
    const coordinator = await createUser({ role: "coordinator", facilities: [facility] });
    const participant = await createParticipant({ withAccount: false, facility });
    await recordConsentStep(participant.id, coordinator.id, { kind: "grant", cancer: "want", other: "not_want", findingsUpdate: "yes" });
    const findingId = await createFinding(participant.id, "hereditary_cancer");
    expect(await queuesOf(counsellor)).toEqual({ findingsUnclaimed: 1 });
    await takeCaseStep({ findingId, step: "claim", input: {}, actorId: counsellor.id, request });
    expect(await queuesOf(counsellor)).toEqual({ findingsMine: 1 });
    expect(await queuesOf(elsewhere)).toEqual({});
  });

  it("a coordinator: participants' questions waiting at their facilities", async () => {
    const facility = await createFacility();
    const coordinator = await createUser({ role: "coordinator", facilities: [facility] });
    const participant = await createParticipant({ withAccount: true, facility });
    await getDatabase().participantQuestion.create({ data: { participantId: participant.id, askedById: participant.user!.id, body: "検査はいつですか。" } });
    expect(await queuesOf(coordinator)).toEqual({ questions: 1 });
  });

  it("an administrator: a second-factor reset another asked for, not their own request", async () => {
    const [asking, approving, target] = await Promise.all([createUser({ role: "admin" }), createUser({ role: "admin" }), createUser({ role: "coordinator" })]);
    await getDatabase().secondFactorReset.create({ data: { targetUserId: target.id, requestedById: asking.id, reason: "端末をなくした" } });
    expect((await queuesOf(approving)).secondFactorResets).toBe(1);
    expect((await queuesOf(asking)).secondFactorResets).toBeUndefined();
  });

  it("a participant, a family member and an applicant: no work queue at all", async () => {
    for (const role of ["participant", "family", "applicant"] as const) expect(await queuesOf(await createUser({ role }))).toEqual({});
  });
});
