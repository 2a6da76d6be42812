// Data access (issue 15 items 1–3; ADR 040) on real PostgreSQL: an application from draft to decision through the
// domain verbs the pages call — submission frozen and refused until the applicant is verified, the secretariat's
// return opening a new version, conflicts declared before any detail, a recused member reaching no detail, comment or
// vote, votes hidden until one's own is cast, the chair unable to approve what the tally did not reach, an approval
// queued for the bridge and the applicant mailed. The tally over random committees and votes is checked against an
// oracle written from the ADR's words, from rows in the database.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { openReview } from "../../app/domain/access/applications/open-review.server";
import { returnApplication } from "../../app/domain/access/applications/return-application.server";
import { saveApplicationDraft } from "../../app/domain/access/applications/save-application-draft.server";
import { startApplication } from "../../app/domain/access/applications/start-application.server";
import { submitApplication } from "../../app/domain/access/applications/submit-application.server";
import { addReviewComment } from "../../app/domain/access/committee/add-review-comment.server";
import { flagPurpose } from "../../app/domain/access/committee/flag-purpose.server";
import { findRegisterEntry } from "../../app/domain/access/register/list-register-entries.server";
import { castVote } from "../../app/domain/access/committee/cast-vote.server";
import { closeVote } from "../../app/domain/access/committee/close-vote.server";
import { declareConflict } from "../../app/domain/access/committee/declare-conflict.server";
import { loadReview } from "../../app/domain/access/committee/load-review.server";
import { loadTally } from "../../app/domain/access/committee/load-tally.server";
import { endMembership, loadCommittee, seatMember, setTallyRule } from "../../app/domain/access/committee/manage-committee.server";
import { recordDecision } from "../../app/domain/access/committee/record-decision.server";
import { countConsentMatchesFor } from "../../app/domain/access/matching/count-consent-matches.server";
import type { Role } from "../../app/domain/authz/roles";
import { applicationContent, createApplicant, createApplication } from "../factories/data-access-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { consentedParticipant } from "./dashboard-fixtures";

useTestDatabase();
const request = { ipAddress: "127.0.0.1", userAgent: "vitest" };

const complete = applicationContent({
  purposeCodes: ["HMB"],
  diseases: [],
  ethicsCommittee: "照合大学 倫理審査委員会",
  ethicsNumber: "R-2026-001",
  ethicsApprovedOn: "2026-04-01",
  securityMeasures: "閉域網、二要素認証、アクセス記録。",
  keepingAndDisposal: "鍵付きサーバ室、終了後に消去し証明書を提出。",
  trackRecord: "がんゲノム解析の論文 20 報。",
  dataScopeJustification: "変異の頻度を推定するのに必要な最小限です。",
  periodMonths: 24,
  publicationPlan: "制限期間の後に論文で公表し、フォーフォーラムへ届け出ます。",
  funding: "科研費",
  coiStatement: "なし",
  noIdentificationPledge: true,
});

type Seat = "chair" | "expert" | "panel";
const seatRole: Record<Seat, Role> = { chair: "dac_chair", expert: "dac_expert", panel: "panel_member" };

async function seat(seatKind: Seat, sex: "female" | "male" = "female") {
  const user = await createUser({ role: seatRole[seatKind] });
  const secretariat = await createUser({ role: "dac_secretariat" });
  await seatMember({ userId: user.id, seat: seatKind, sex, expertise: "", endsOn: null, actorUserId: secretariat.id, request });
  return user;
}

async function unseatEveryone() {
  const secretariat = await createUser({ role: "dac_secretariat" });
  for (const member of (await loadCommittee()).members) await endMembership({ memberId: member.id, actorUserId: secretariat.id, request });
}

async function submittedApplication() {
  const applicant = await createApplicant();
  const { id } = await startApplication({ applicantId: applicant.user.id, request });
  await saveApplicationDraft({ applicantId: applicant.user.id, applicationId: id, content: complete, request });
  await submitApplication({ applicantId: applicant.user.id, applicationId: id, request });
  return { id, applicant };
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => "ok", (error: { code?: string }) => error.code ?? String(error));

describe("[applicant] writes, submits and is returned an application", () => {
  it("refuses a submission until the secretariat verified the applicant, and while an item is unanswered; nothing is frozen then", async () => {
    const applicant = await createApplicant({ verified: false });
    const { id, reference } = await startApplication({ applicantId: applicant.user.id, request });
    expect(reference).toMatch(/^DA-\d{4}-\d{4}$/);
    await saveApplicationDraft({ applicantId: applicant.user.id, applicationId: id, content: complete, request });
    expect(await codeOf(submitApplication({ applicantId: applicant.user.id, applicationId: id, request }))).toBe("applicant_not_verified");
    await getDatabase().applicantProfile.update({ where: { userId: applicant.user.id }, data: { verifiedAt: new Date() } });
    await saveApplicationDraft({ applicantId: applicant.user.id, applicationId: id, content: { ...complete, coiStatement: "" }, request });
    expect(await codeOf(submitApplication({ applicantId: applicant.user.id, applicationId: id, request }))).toBe("application_incomplete");
    const version = await getDatabase().dataAccessApplicationVersion.findFirstOrThrow({ where: { applicationId: id } });
    expect(version.submittedAt).toBeNull();
    // Another applicant's application is not found, to save or to submit.
    const other = await createApplicant();
    expect(await codeOf(saveApplicationDraft({ applicantId: other.user.id, applicationId: id, content: complete, request }))).toBe("not_found");
    expect(await codeOf(submitApplication({ applicantId: other.user.id, applicationId: id, request }))).toBe("not_found");
  });

  it("freezes the submitted version once when two submits race, and a return opens the next version with the old one kept as it was", async () => {
    const applicant = await createApplicant();
    const { id } = await startApplication({ applicantId: applicant.user.id, request });
    await saveApplicationDraft({ applicantId: applicant.user.id, applicationId: id, content: complete, request });
    const results = await Promise.all([1, 2].map(() => codeOf(submitApplication({ applicantId: applicant.user.id, applicationId: id, request }))));
    expect(results.sort()).toEqual(["application_not_editable", "ok"]);
    expect(await codeOf(saveApplicationDraft({ applicantId: applicant.user.id, applicationId: id, content: { ...complete, titleJa: "changed" }, request }))).toBe("application_not_editable");
    // The database itself refuses a change to a submitted version.
    await expect(getDatabase().dataAccessApplicationVersion.updateMany({ where: { applicationId: id, number: 1 }, data: { content: { titleJa: "rewritten" } } })).rejects.toThrow();

    const secretariat = await createUser({ role: "dac_secretariat" });
    const { nextVersion } = await returnApplication({ applicationId: id, note: "倫理審査の承認書の番号を確認してください。", actorUserId: secretariat.id, request });
    expect(nextVersion).toBe(2);
    await saveApplicationDraft({ applicantId: applicant.user.id, applicationId: id, content: { ...complete, ethicsNumber: "R-2026-002" }, request });
    await submitApplication({ applicantId: applicant.user.id, applicationId: id, request });
    const versions = await getDatabase().dataAccessApplicationVersion.findMany({ where: { applicationId: id }, orderBy: { number: "asc" } });
    expect(versions.map((version) => [version.number, (version.content as { ethicsNumber: string }).ethicsNumber, version.returnNote !== null])).toEqual([
      [1, "R-2026-001", true],
      [2, "R-2026-002", false],
    ]);
    expect(versions.every((version) => /^[0-9a-f]{64}$/.test(version.contentHash))).toBe(true);
    const audit = await getDatabase().auditEvent.findMany({ where: { type: "access.application_changed", detail: { path: ["applicationId"], equals: id } }, orderBy: { id: "asc" } });
    expect(audit.map((event) => (event.detail as { change: string }).change)).toEqual(["created", "draft_saved", "submitted", "returned", "draft_saved", "submitted"]);
  });

  it("does not let a sanctioned applicant start an application", async () => {
    const applicant = await createApplicant();
    await getDatabase().applicantProfile.update({ where: { userId: applicant.user.id }, data: { applicationsRefusedAt: new Date(), applicationsRefusedWhy: "policy" } });
    expect(await codeOf(startApplication({ applicantId: applicant.user.id, request }))).toBe("applications_refused");
    expect(await getDatabase().dataAccessApplication.count({ where: { applicantId: applicant.user.id } })).toBe(0);
  });
});

describe("[committee] reviews with conflicts declared, votes hidden and a tally the chair cannot override", () => {
  it("walks an application from the secretariat to an approval the bridge is sent and the applicant is mailed", async () => {
    await unseatEveryone();
    const chair = await seat("chair", "male");
    const expert = await seat("expert", "male");
    const conflicted = await seat("expert", "female");
    const panel = await seat("panel", "female");
    expect((await loadCommittee()).warnings).toEqual([]);
    const { id, applicant } = await submittedApplication();
    const secretariat = await createUser({ role: "dac_secretariat" });
    // Not before the secretariat sends it.
    expect(await codeOf(declareConflict({ userId: panel.id, applicationId: id, conflicted: false, note: "", request }))).toBe("not_found");
    await openReview({ applicationId: id, actorUserId: secretariat.id, request });

    const roles = (role: Role) => [role];
    // Before declaring: who applies and the title only.
    const first = await loadReview({ userId: panel.id, roles: roles("panel_member"), applicationId: id, request });
    expect(first.view).toBe("declare");
    expect(Object.keys(first)).toEqual(["view", "header"]);
    expect(await codeOf(castVote({ userId: panel.id, applicationId: id, choice: "approve", rationale: "x", conditions: "", request }))).toBe("conflict_not_declared");

    await declareConflict({ userId: conflicted.id, applicationId: id, conflicted: true, note: "共同研究者です", request });
    // A declaration is never changed: a second one leaves the first.
    await declareConflict({ userId: conflicted.id, applicationId: id, conflicted: false, note: "", request });
    expect((await loadReview({ userId: conflicted.id, roles: roles("dac_expert"), applicationId: id, request })).view).toBe("recused");
    // One after the other: two refusals started at once leave the second unawaited while the first is checked.
    for (const step of [
      () => castVote({ userId: conflicted.id, applicationId: id, choice: "approve", rationale: "x", conditions: "", request }),
      () => addReviewComment({ userId: conflicted.id, applicationId: id, body: "x", request }),
    ])
      expect(await codeOf(step())).toBe("recused");
    expect(await getDatabase().auditEvent.count({ where: { type: "access.review_changed", outcome: "failure", actorUserId: conflicted.id } })).toBeGreaterThanOrEqual(3);

    for (const member of [chair, expert, panel]) await declareConflict({ userId: member.id, applicationId: id, conflicted: false, note: "", request });
    await addReviewComment({ userId: panel.id, applicationId: id, body: "患者にとって意義のある研究です。", request });
    // A panel seat may flag that the purpose could stigmatise a group (ADR 139); an expert may not.
    await flagPurpose({ userId: panel.id, applicationId: id, reason: "特定の地域の出身者に結びつけて公表されると、偏見につながるおそれがあります。", request });
    expect(await codeOf(flagPurpose({ userId: expert.id, applicationId: id, reason: "x", request }))).toBe("forbidden");
    expect(await codeOf(flagPurpose({ userId: conflicted.id, applicationId: id, reason: "x", request }))).toBe("recused");
    const flagged = await loadReview({ userId: expert.id, roles: roles("dac_expert"), applicationId: id, request });
    expect(flagged.view === "review" && flagged.flags.map((flag) => flag.reason)).toEqual(["特定の地域の出身者に結びつけて公表されると、偏見につながるおそれがあります。"]);
    expect(flagged.view === "review" && flagged.canFlag).toBe(false);
    await castVote({ userId: expert.id, applicationId: id, choice: "approve_with_conditions", rationale: "妥当", conditions: "公表前に届け出ること", request });
    const beforeVoting = await loadReview({ userId: panel.id, roles: roles("panel_member"), applicationId: id, request });
    expect(beforeVoting.view === "review" && beforeVoting.votes).toBeNull();
    expect(beforeVoting.view === "review" && beforeVoting.votesCast).toBe(1);
    const twice = await Promise.all([1, 2].map(() => codeOf(castVote({ userId: panel.id, applicationId: id, choice: "approve", rationale: "賛成", conditions: "", request }))));
    expect(twice.sort()).toEqual(["already_voted", "ok"]);
    const afterVoting = await loadReview({ userId: panel.id, roles: roles("panel_member"), applicationId: id, request });
    expect(afterVoting.view === "review" && afterVoting.votes?.map((vote) => vote.choice).sort()).toEqual(["approve", "approve_with_conditions"]);

    // The chair decides only after closing, and the vote is closed to late votes.
    const decide = (outcome: "approved" | "rejected" | "deferred", conditions = "公表前に届け出ること") =>
      recordDecision({ userId: chair.id, applicationId: id, outcome, rationale: "", conditions, datasets: ["wgs-cancer-2026"], endsOn: "2027-06-30", request });
    expect(await codeOf(decide("approved"))).toBe("vote_still_open");
    expect(await codeOf(closeVote({ userId: expert.id, applicationId: id, request }))).toBe("forbidden");
    await closeVote({ userId: chair.id, applicationId: id, request });
    expect(await codeOf(castVote({ userId: chair.id, applicationId: id, choice: "reject", rationale: "遅い", conditions: "", request }))).toBe("vote_closed");
    // Two of the three non-recused members voted, one from the panel, both for approval.
    const tally = await loadTally(getDatabase(), { id, reviewRound: 1 }, new Date());
    expect([tally.eligible, tally.cast, tally.quorate, tally.majorityReached]).toEqual([3, 2, true, true]);
    expect(await codeOf(decide("rejected"))).toBe("decision_not_allowed");
    expect(await codeOf(decide("approved", ""))).toBe("conditions_required");
    const { approvalId } = await decide("approved");
    expect(await codeOf(decide("approved"))).toBe("application_not_in_state");

    const approval = await getDatabase().dataAccessApproval.findUniqueOrThrow({ where: { id: approvalId! } });
    expect(approval).toMatchObject({ recipientInstitution: applicant.institution, recipientName: applicant.displayName, datasets: ["wgs-cancer-2026"], purposeCodes: ["HMB"], status: "active" });
    expect(approval.endsAt.toISOString()).toBe("2027-06-30T14:59:59.999Z");
    expect(await getDatabase().approvalOutbox.count({ where: { approvalId: approval.id } })).toBe(1);
    const mail = await getDatabase().mailMessage.findFirstOrThrow({ where: { userId: applicant.user.id, template: "application-decision" } });
    expect(mail.props).toMatchObject({ outcome: "approved", conditions: "公表前に届け出ること", endsOn: "2027-06-30" });
    // Approved, the use is on the public register with the panel's flag, in the member's words, without their name.
    const application = await getDatabase().dataAccessApplication.findUniqueOrThrow({ where: { id }, select: { reference: true } });
    const entry = await findRegisterEntry({ reference: application.reference });
    expect(entry!.panelFlags).toEqual([{ reason: "特定の地域の出身者に結びつけて公表されると、偏見につながるおそれがあります。", flaggedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }]);
    expect(JSON.stringify(entry)).not.toContain(panel.id);
    // Once decided, nobody flags any more.
    expect(await codeOf(flagPurpose({ userId: panel.id, applicationId: id, reason: "遅れて", request }))).toBe("application_not_in_state");
  });

  it("lets the chair only defer without a quorum, and a deferral opens the next round", async () => {
    await unseatEveryone();
    const chair = await seat("chair", "male");
    const experts = [await seat("expert", "female"), await seat("expert", "male")];
    const panel = await seat("panel", "female");
    const { id } = await submittedApplication();
    await openReview({ applicationId: id, actorUserId: (await createUser({ role: "dac_secretariat" })).id, request });
    for (const member of [chair, ...experts, panel]) await declareConflict({ userId: member.id, applicationId: id, conflicted: false, note: "", request });
    await castVote({ userId: panel.id, applicationId: id, choice: "approve", rationale: "賛成", conditions: "", request });
    await closeVote({ userId: chair.id, applicationId: id, request });
    const approve = () => recordDecision({ userId: chair.id, applicationId: id, outcome: "approved", rationale: "", conditions: "", datasets: ["wgs-cancer-2026"], endsOn: "2027-06-30", request });
    expect(await codeOf(approve())).toBe("decision_not_allowed");
    expect(await getDatabase().dataAccessApproval.count({ where: { applicationId: id } })).toBe(0);
    await recordDecision({ userId: chair.id, applicationId: id, outcome: "deferred", rationale: "定足数に達しませんでした", conditions: "", datasets: [], endsOn: null, request });
    const application = await getDatabase().dataAccessApplication.findUniqueOrThrow({ where: { id } });
    expect([application.state, application.reviewRound, application.voteClosedAt]).toEqual(["in_review", 2, null]);
    // Round 2 votes afresh: the panel member votes again, as do the experts, and the chair can approve.
    for (const member of [panel, ...experts]) await castVote({ userId: member.id, applicationId: id, choice: "approve", rationale: "賛成", conditions: "", request });
    await closeVote({ userId: chair.id, applicationId: id, request });
    expect(await codeOf(approve())).toBe("ok");
  });

  it("warns the secretariat when the committee has one sex only or no panel member", async () => {
    await unseatEveryone();
    await seat("chair", "male");
    await seat("expert", "male");
    expect((await loadCommittee()).warnings).toEqual(["no_female_member", "no_panel_member"]);
  });
});

describe("tally rule from the database, against the oracle (ADR 040)", () => {
  it("agrees on random committees, recusals and votes", async () => {
    await unseatEveryone();
    const seats: Seat[] = ["chair", "expert", "expert", "expert", "panel", "panel"];
    const members: { user: Awaited<ReturnType<typeof seat>>; seat: Seat }[] = [];
    for (const [index, kind] of seats.entries()) members.push({ user: await seat(kind, index % 2 ? "male" : "female"), seat: kind });
    const choices = ["approve", "approve_with_conditions", "reject", "abstain"] as const;
    const secretariat = await createUser({ role: "dac_secretariat" });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          rule: fc.record({ quorumPercent: fc.integer({ min: 0, max: 99 }), majorityPercent: fc.integer({ min: 0, max: 99 }), majorityInclusive: fc.boolean(), requirePanelVote: fc.boolean() }),
          conduct: fc.array(fc.constantFrom("recused", "silent", ...choices), { minLength: seats.length, maxLength: seats.length }),
        }),
        async ({ rule, conduct }) => {
          await setTallyRule({ rule, actorUserId: secretariat.id, request });
          const application = await createApplication({ state: "in_review" });
          for (const [index, member] of members.entries()) {
            const what = conduct[index]!;
            await declareConflict({ userId: member.user.id, applicationId: application.id, conflicted: what === "recused", note: "", request });
            if (what !== "recused" && what !== "silent") await castVote({ userId: member.user.id, applicationId: application.id, choice: what, rationale: "r", conditions: what === "approve_with_conditions" ? "c" : "", request });
          }
          // The oracle: counts by hand from the conduct list.
          const eligible = conduct.filter((what) => what !== "recused").length;
          const voters = conduct.map((what, index) => ({ what, seat: seats[index] })).filter((entry) => (choices as readonly string[]).includes(entry.what));
          const quorate = eligible > 0 && voters.length / eligible > rule.quorumPercent / 100;
          const yes = voters.filter((voter) => voter.what === "approve" || voter.what === "approve_with_conditions").length;
          const counted = voters.filter((voter) => voter.what !== "abstain").length;
          const majority = counted > 0 && (rule.majorityInclusive ? yes * 100 >= rule.majorityPercent * counted : yes * 100 > rule.majorityPercent * counted);
          const panelOk = !rule.requirePanelVote || voters.some((voter) => voter.seat === "panel");
          const tally = await loadTally(getDatabase(), { id: application.id, reviewRound: 1 }, new Date());
          expect(tally.eligible).toBe(eligible);
          expect(tally.quorate).toBe(quorate);
          expect(tally.allowed.includes("approved")).toBe(quorate && panelOk && majority);
          expect(tally.allowed.includes("rejected")).toBe(quorate && panelOk && !majority);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("consent-match counts over the ledger's projection", () => {
  it("counts every participant once, with the reasons; a company is denied where sharing with companies was declined", async () => {
    const participants = [await consentedParticipant(), await consentedParticipant(), await consentedParticipant({ choices: { "share.industry": "no" } as never })];
    void participants;
    const states = await getDatabase().consentState.count();
    const academic = await countConsentMatchesFor({ purpose: { codes: ["HMB"], commercial: false }, recipientType: "academia", recipientCountry: "JP" });
    const sum = (counts: typeof academic) => counts.totals.approve.participants + counts.totals.deny.participants + counts.totals.abstain.participants;
    expect(sum(academic)).toBe(states);
    // The programme's consent carries IRB, and a participant who granted the public databases also NRES beside HMB
    // (two primary uses, which DUOS V5 sends to review; ADR 039): an HMB purpose goes to the committee either way.
    expect(academic.totals.approve.participants).toBe(0);
    expect(academic.reasons.some((reason) => (reason.code === "modifier.IRB" || reason.code === "data_use.multiple_primary") && reason.result === "abstain")).toBe(true);
    const industry = await countConsentMatchesFor({ purpose: { codes: ["HMB"], commercial: true }, recipientType: "industry", recipientCountry: "JP" });
    expect(sum(industry)).toBe(states);
    expect(industry.totals.deny.participants).toBeGreaterThanOrEqual(1);
  });
});
