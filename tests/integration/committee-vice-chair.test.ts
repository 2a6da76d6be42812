// The committee's vice-chair (issue 27 item 7; ADR 040 amended 2026-12-02), through the committee's routes as a browser
// posts them: the secretariat designates one seated expert; the vice-chair closes the vote and records the decision
// only on an application the chair has declared a conflict on — never while the chair is not recused, never when
// conflicted themselves — by exactly the chair's rules, and the decision row and its audit row say who decided in
// which capacity. Bad input on the designation form, and two decisions at once.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { openReview } from "../../app/domain/access/applications/open-review.server";
import { loadOwnApplication } from "../../app/domain/access/applications/load-own-applications.server";
import { saveApplicationDraft } from "../../app/domain/access/applications/save-application-draft.server";
import { startApplication } from "../../app/domain/access/applications/start-application.server";
import { submitApplication } from "../../app/domain/access/applications/submit-application.server";
import { castVote } from "../../app/domain/access/committee/cast-vote.server";
import { declareConflict } from "../../app/domain/access/committee/declare-conflict.server";
import { designateViceChair } from "../../app/domain/access/committee/designate-vice-chair.server";
import { endMembership, loadCommittee, seatMember } from "../../app/domain/access/committee/manage-committee.server";
import type { Role } from "../../app/domain/authz/roles";
import { translator } from "../../app/i18n/i18n";
import { supportedLanguages } from "../../app/i18n/languages";
import { action as reviewAction, loader as reviewLoader } from "../../app/routes/committee/committee.applications.$id";
import { action as membersAction, loader as membersLoader } from "../../app/routes/committee/committee.members";
import { applicationContent, createApplicant } from "../factories/data-access-factory";
import { createUser, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";

useTestDatabase();
const request = { ipAddress: "127.0.0.1", userAgent: "vitest" };
const errors = translator("ja", "errors");

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
  publicationPlan: "制限期間の後に論文で公表します。",
  funding: "科研費",
  coiStatement: "なし",
  noIdentificationPledge: true,
});

type Seat = "chair" | "expert" | "panel";
const seatRole: Record<Seat, Role> = { chair: "dac_chair", expert: "dac_expert", panel: "panel_member" };

interface Committee {
  secretariat: CreatedUser;
  chair: CreatedUser;
  vice: CreatedUser;
  viceMemberId: string;
  expert: CreatedUser;
  panel: CreatedUser;
}

const cookies = new Map<string, string>();
async function cookieOf(user: CreatedUser, language = "ja"): Promise<string> {
  const key = `${user.id}:${language}`;
  if (!cookies.has(key)) cookies.set(key, await cookieFor(user, language));
  return cookies.get(key)!;
}

/** Every seat ended, then a chair, the vice-chair (an expert), another expert and a panel member seated. */
async function committee(): Promise<Committee> {
  const secretariat = await createUser({ role: "dac_secretariat", withTotp: true });
  for (const member of (await loadCommittee()).members) await endMembership({ memberId: member.id, actorUserId: secretariat.id, request });
  const seat = async (kind: Seat, sex: "female" | "male") => {
    const user = await createUser({ role: seatRole[kind], withTotp: kind === "chair" });
    await seatMember({ userId: user.id, seat: kind, sex, expertise: "", endsOn: null, actorUserId: secretariat.id, request });
    return user;
  };
  const chair = await seat("chair", "male");
  const vice = await seat("expert", "female");
  const expert = await seat("expert", "male");
  const panel = await seat("panel", "female");
  const viceMemberId = (await loadCommittee()).members.find((member) => member.userId === vice.id)!.id;
  await designateViceChair({ memberId: viceMemberId, actorUserId: secretariat.id, request });
  return { secretariat, chair, vice, viceMemberId, expert, panel };
}

/** An application in review, conflicts declared as asked, and the votes of the members reviewing it. */
async function inReview(seats: Committee, options: { chair: "conflicted" | "reviewing" | "undeclared"; vice?: "conflicted" | "reviewing"; votes?: "quorate" | "one" }) {
  const applicant = await createApplicant();
  const { id } = await startApplication({ applicantId: applicant.user.id, request });
  await saveApplicationDraft({ applicantId: applicant.user.id, applicationId: id, content: complete, request });
  await submitApplication({ applicantId: applicant.user.id, applicationId: id, request });
  await openReview({ applicationId: id, actorUserId: seats.secretariat.id, request });
  if (options.chair !== "undeclared") await declareConflict({ userId: seats.chair.id, applicationId: id, conflicted: options.chair === "conflicted", note: "", request });
  const vice = options.vice ?? "reviewing";
  await declareConflict({ userId: seats.vice.id, applicationId: id, conflicted: vice === "conflicted", note: vice === "conflicted" ? "共同研究者です" : "", request });
  for (const member of [seats.expert, seats.panel]) await declareConflict({ userId: member.id, applicationId: id, conflicted: false, note: "", request });
  const voters = options.votes === "one" ? [seats.panel] : [seats.expert, seats.panel, ...(vice === "reviewing" ? [seats.vice] : [])];
  for (const member of voters) await castVote({ userId: member.id, applicationId: id, choice: "approve", rationale: "妥当", conditions: "", request });
  return { id, applicant };
}

const post = async (user: CreatedUser, applicationId: string, fields: Record<string, string | string[]>, language = "ja") =>
  settle(async () => reviewAction({ request: formPost(`/committee/applications/${applicationId}`, fields, await cookieOf(user, language)), context: loadContext, params: { id: applicationId } }));
const page = async (user: CreatedUser, applicationId: string) => {
  const response = await settle(async () => reviewLoader({ request: pageGet(`/committee/applications/${applicationId}`, await cookieOf(user)), context: loadContext, params: { id: applicationId } }));
  return ((await response.json()) as { page: { view: string; role?: string; viceChairStandingBy?: boolean; decisions?: { decidedBy: string; decidedAs: string }[] } }).page;
};
const endsOn = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
const approve = { intent: "decide", outcome: "approved", rationale: "", conditions: "", datasets: ["wgs-cancer-2026"], endsOn, confirm: "yes" };
/** The close form as the page sends it: ticked, with the number of votes of the current round the page showed. */
async function close(applicationId: string, expectedCast?: number): Promise<Record<string, string>> {
  const { reviewRound } = await getDatabase().dataAccessApplication.findUniqueOrThrow({ where: { id: applicationId } });
  const cast = expectedCast ?? (await getDatabase().applicationVote.count({ where: { applicationId, round: reviewRound } }));
  return { intent: "close", confirm: "yes", expectedCast: String(cast) };
}
const reviewAudit = (applicationId: string, change: string) =>
  getDatabase().auditEvent.findMany({ where: { type: "access.review_changed", AND: [{ detail: { path: ["applicationId"], equals: applicationId } }, { detail: { path: ["change"], equals: change } }] } });
async function nothingDecided(applicationId: string) {
  const application = await getDatabase().dataAccessApplication.findUniqueOrThrow({ where: { id: applicationId } });
  expect([application.state, application.voteClosedAt]).toEqual(["in_review", null]);
  expect(await getDatabase().applicationDecision.count({ where: { applicationId } })).toBe(0);
  expect(await reviewAudit(applicationId, "vote_closed")).toHaveLength(0);
}

describe("[dac_secretariat] designates the vice-chair", () => {
  it("one seated expert, shown on the members page; not a panel member, the chair or an unknown member; ending the seat ends the designation", async () => {
    const seats = await committee();
    const members = await settle(async () => membersLoader({ request: pageGet("/committee/members", await cookieOf(seats.secretariat)), context: loadContext, params: {} }));
    expect(((await members.json()) as { committee: { viceChairMemberId: string } }).committee.viceChairMemberId).toBe(seats.viceMemberId);

    const designate = async (memberId: string, language = "ja") =>
      settle(async () => membersAction({ request: formPost("/committee/members", { intent: "vice_chair", memberId }, await cookieOf(seats.secretariat, language)), context: loadContext, params: {} }));
    const memberOf = async (user: CreatedUser) => (await loadCommittee()).members.find((member) => member.userId === user.id)!.id;
    const designations = () => getDatabase().auditEvent.count({ where: { type: "access.committee_changed", detail: { path: ["change"], equals: "vice_chair_designated" } } });
    const before = await designations();
    for (const language of supportedLanguages) {
      for (const [memberId, code] of [
        [await memberOf(seats.panel), "vice_chair_must_be_expert"],
        [await memberOf(seats.chair), "vice_chair_must_be_expert"],
        ["0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a11", "not_a_committee_member"],
      ] as const) {
        const response = await designate(memberId, language);
        expect(response.status).toBe(409);
        expect(replyErrors(await response.json())).toEqual([translator(language, "errors")(code)]);
      }
    }
    expect((await loadCommittee()).viceChairMemberId).toBe(seats.viceMemberId);
    expect(await designations()).toBe(before);

    // The other expert, then no one, then the first again: each a change with its audit row.
    expect((await designate(await memberOf(seats.expert))).status).toBe(302);
    expect((await loadCommittee()).viceChairMemberId).toBe(await memberOf(seats.expert));
    expect((await designate("none")).status).toBe(302);
    expect((await loadCommittee()).viceChairMemberId).toBeNull();
    expect((await designate(seats.viceMemberId)).status).toBe(302);
    // Designating the one designated writes nothing more.
    expect((await designate(seats.viceMemberId)).status).toBe(302);
    expect(await designations()).toBe(before + 2);

    await endMembership({ memberId: seats.viceMemberId, actorUserId: seats.secretariat.id, request });
    expect((await loadCommittee()).viceChairMemberId).toBeNull();
    expect((await getDatabase().dataAccessCommittee.findFirstOrThrow()).viceChairMemberId).toBeNull();
    const cleared = await getDatabase().auditEvent.findMany({ where: { type: "access.committee_changed", detail: { path: ["change"], equals: "vice_chair_cleared" } } });
    expect(cleared.map((row) => (row.detail as { memberId: string }).memberId)).toContain(seats.viceMemberId);
  });

  it("bad input — empty, oversized, a word not offered, hostile Unicode — is a translated field error, and nothing is written", async () => {
    const seats = await committee();
    const audit = () => getDatabase().auditEvent.count({ where: { type: "access.committee_changed" } });
    const before = await audit();
    for (const language of supportedLanguages) {
      for (const memberId of ["", "あ".repeat(5000), "chair", `${seats.viceMemberId}\u202E`, "0b7c2d9e-6d0a-4c55-9a53-2f0e3d6b8a1\u0000"]) {
        const response = await settle(async () =>
          membersAction({ request: formPost("/committee/members", { intent: "vice_chair", memberId }, await cookieOf(seats.secretariat, language)), context: loadContext, params: {} }),
        );
        expect(response.status, JSON.stringify(memberId).slice(0, 40)).toBe(400);
        const messages = replyErrors(await response.json());
        expect(messages.length).toBeGreaterThan(0);
        // A sentence in the reader's language, never a code.
        for (const message of messages) {
          expect(message).not.toMatch(/^[a-z_.]+$/);
          if (language !== "en") expect(message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
        }
      }
    }
    expect((await loadCommittee()).viceChairMemberId).toBe(seats.viceMemberId);
    expect(await audit()).toBe(before);
  });
});

describe("[vice-chair] acts only while the chair is recused", () => {
  it("is refused, with the reason in the reader's language and nothing written, while the chair has not declared a conflict", async () => {
    const seats = await committee();
    for (const chair of ["reviewing", "undeclared"] as const) {
      const { id } = await inReview(seats, { chair });
      const view = await page(seats.vice, id);
      expect([view.view, view.role, view.viceChairStandingBy]).toEqual(["review", "member", true]);
      for (const language of supportedLanguages) {
        const response = await post(seats.vice, id, await close(id), language);
        expect(response.status).toBe(409);
        expect(replyErrors(await response.json())).toEqual([translator(language, "errors")("chair_not_recused")]);
      }
      await nothingDecided(id);
      if (chair === "reviewing") {
        // The chair closes; the vice-chair still cannot decide.
        expect((await post(seats.chair, id, await close(id))).status).toBe(302);
        const response = await post(seats.vice, id, approve);
        expect(response.status).toBe(409);
        expect(replyErrors(await response.json())).toEqual([errors("chair_not_recused")]);
        expect(await getDatabase().applicationDecision.count({ where: { applicationId: id } })).toBe(0);
      }
    }
  });

  it("with the chair recused, closes and decides by the chair's rules, and the record says it was the vice-chair", async () => {
    const seats = await committee();
    const { id, applicant } = await inReview(seats, { chair: "conflicted", votes: "one" });
    // The recused chair closes nothing, and the attempt is recorded like any recused member's.
    const chairTry = await post(seats.chair, id, await close(id));
    expect(chairTry.status).toBe(409);
    expect(replyErrors(await chairTry.json())).toEqual([errors("recused")]);
    expect((await reviewAudit(id, "recused_access_refused")).map((row) => row.actorUserId)).toContain(seats.chair.id);
    // Another expert is not the vice-chair.
    expect((await post(seats.expert, id, await close(id))).status).toBe(403);
    await nothingDecided(id);

    expect((await page(seats.vice, id)).role).toBe("vice_chair");
    const early = await post(seats.vice, id, approve);
    expect(replyErrors(await early.json())).toEqual([errors("vote_still_open")]);
    expect((await post(seats.vice, id, await close(id))).status).toBe(302);
    // One vote of three is no quorum: no approval, only a deferral — the chair's rule, not a softer one.
    const refused = await post(seats.vice, id, approve);
    expect(refused.status).toBe(409);
    expect(replyErrors(await refused.json())).toEqual([errors("decision_not_allowed")]);
    expect(await getDatabase().dataAccessApproval.count({ where: { applicationId: id } })).toBe(0);
    expect((await post(seats.vice, id, { intent: "decide", outcome: "deferred", rationale: "定足数に達しませんでした", confirm: "yes" })).status).toBe(302);

    // Round 2: the members vote; the vice-chair closes and approves.
    for (const member of [seats.expert, seats.panel, seats.vice]) await castVote({ userId: member.id, applicationId: id, choice: "approve", rationale: "妥当", conditions: "", request });
    expect((await post(seats.vice, id, await close(id))).status).toBe(302);
    const approved = await post(seats.vice, id, approve);
    expect(approved.status).toBe(302);
    expect(approved.headers.get("Location")).toBe(`/committee/applications/${id}?notice=decide`);

    const decisions = await getDatabase().applicationDecision.findMany({ where: { applicationId: id }, orderBy: { round: "asc" } });
    expect(decisions.map((decision) => [decision.round, decision.outcome, decision.decidedById, decision.decidedAs])).toEqual([
      [1, "deferred", seats.vice.id, "vice_chair"],
      [2, "approved", seats.vice.id, "vice_chair"],
    ]);
    for (const change of ["vote_closed", "decided"]) {
      const rows = await reviewAudit(id, change);
      expect(rows.map((row) => [row.actorUserId, (row.detail as { capacity?: string }).capacity])).toEqual([
        [seats.vice.id, "vice_chair"],
        [seats.vice.id, "vice_chair"],
      ]);
    }
    const approval = await getDatabase().dataAccessApproval.findFirstOrThrow({ where: { applicationId: id } });
    expect(approval).toMatchObject({ status: "active", datasets: ["wgs-cancer-2026"], recipientName: applicant.displayName });
    expect(await getDatabase().approvalOutbox.count({ where: { approvalId: approval.id } })).toBe(1);
    expect(await getDatabase().mailMessage.count({ where: { userId: applicant.user.id, template: "application-decision" } })).toBe(2);

    // The committee's page names who decided and in what capacity; the applicant's view of the decisions is as before.
    const secretariatView = await page(seats.secretariat, id);
    const vice = await getDatabase().user.findUniqueOrThrow({ where: { id: seats.vice.id } });
    expect(secretariatView.decisions?.map((decision) => [decision.decidedAs, decision.decidedBy])).toEqual([
      ["vice_chair", vice.displayName],
      ["vice_chair", vice.displayName],
    ]);
    const own = await loadOwnApplication({ applicantId: applicant.user.id, applicationId: id });
    expect(Object.keys(own.decisions[0]!).sort()).toEqual(["conditions", "decidedAt", "outcome", "rationale", "round"]);
  });

  it("a vice-chair who declared a conflict is recused like any member: refused, recorded, nothing written", async () => {
    const seats = await committee();
    const { id } = await inReview(seats, { chair: "conflicted", vice: "conflicted" });
    expect((await page(seats.vice, id)).view).toBe("recused");
    for (const fields of [await close(id), approve]) {
      const response = await post(seats.vice, id, fields);
      expect(response.status).toBe(409);
      expect(replyErrors(await response.json())).toEqual([errors("recused")]);
    }
    await nothingDecided(id);
    expect((await reviewAudit(id, "recused_access_refused")).filter((row) => row.actorUserId === seats.vice.id).length).toBeGreaterThanOrEqual(2);
  });

  it("two decisions sent at once record one", async () => {
    const seats = await committee();
    const { id, applicant } = await inReview(seats, { chair: "conflicted" });
    expect((await post(seats.vice, id, await close(id))).status).toBe(302);
    const answers = await Promise.all([post(seats.vice, id, approve), post(seats.vice, id, approve)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([302, 409]);
    const refused = answers.find((answer) => answer.status === 409)!;
    expect(replyErrors(await refused.json())).toEqual([errors("application_not_in_state")]);
    expect(await getDatabase().applicationDecision.count({ where: { applicationId: id } })).toBe(1);
    expect(await getDatabase().dataAccessApproval.count({ where: { applicationId: id } })).toBe(1);
    expect(await getDatabase().mailMessage.count({ where: { userId: applicant.user.id, template: "application-decision" } })).toBe(1);
    expect(await reviewAudit(id, "decided")).toHaveLength(1);
  });
});

// Issue 29 item 6: closing the vote and recording the decision cannot be undone, so each asks for a ticked box that
// states what it ends or reaches. The page shows the count; an unticked box is asked for in the reader's language; a
// vote cast after the page was read refuses the close, so the chair never closes on a count they did not see.
describe("[dac_chair] confirms closing the vote and the decision", () => {
  it("states the votes cast and the participants an approval reaches; unticked or stale, nothing is written", async () => {
    const seats = await committee();
    const { id } = await inReview(seats, { chair: "reviewing", votes: "one" });
    const response = await settle(async () => reviewLoader({ request: pageGet(`/committee/applications/${id}`, await cookieOf(seats.chair)), context: loadContext, params: { id } }));
    const shown = ((await response.json()) as { page: { votesCast: number; tally: { eligible: number }; counts: { totals: { approve: { participants: number } } } } }).page;
    expect([shown.votesCast, shown.tally.eligible]).toEqual([1, 4]);
    expect(shown.counts.totals.approve.participants).toBeGreaterThanOrEqual(0);

    for (const language of supportedLanguages) {
      const unticked = await post(seats.chair, id, { intent: "close", expectedCast: "1" }, language);
      expect(unticked.status).toBe(400);
      expect(replyErrors(await unticked.json())).toEqual([translator(language, "errors")("field.confirm")]);
    }
    await nothingDecided(id);

    // The page was read with one vote; another is cast before the chair closes.
    const stale = await close(id, 1);
    await castVote({ userId: seats.expert.id, applicationId: id, choice: "approve", rationale: "妥当", conditions: "", request });
    for (const language of supportedLanguages) {
      const refused = await post(seats.chair, id, stale, language);
      expect(refused.status).toBe(409);
      expect(replyErrors(await refused.json())).toEqual([translator(language, "errors")("votes_changed_meanwhile")]);
    }
    await nothingDecided(id);
    expect((await post(seats.chair, id, await close(id, 2))).status).toBe(302);

    const { confirm: _ticked, ...untickedDecision } = { ...approve, outcome: "deferred" };
    for (const language of supportedLanguages) {
      const unticked = await post(seats.chair, id, untickedDecision, language);
      expect(unticked.status).toBe(400);
      expect(replyErrors(await unticked.json())).toEqual([translator(language, "errors")("field.confirm")]);
    }
    expect(await getDatabase().applicationDecision.count({ where: { applicationId: id } })).toBe(0);
    expect((await post(seats.chair, id, { ...untickedDecision, confirm: "yes" })).status).toBe(302);
    expect(await getDatabase().applicationDecision.count({ where: { applicationId: id } })).toBe(1);
  });
});
