import { getDatabase } from "../../../app/db.server";
import { declareConflict } from "../../../app/domain/access/committee/declare-conflict.server";
import { endMembership, loadCommittee, seatMember, setTallyRule } from "../../../app/domain/access/committee/manage-committee.server";
import { defaultTallyRule, type TallyRule } from "../../../app/domain/access/committee/tally-rule";
import { openReview } from "../../../app/domain/access/applications/open-review.server";
import { saveApplicationDraft } from "../../../app/domain/access/applications/save-application-draft.server";
import { startApplication } from "../../../app/domain/access/applications/start-application.server";
import { submitApplication } from "../../../app/domain/access/applications/submit-application.server";
import type { ApplicationContent } from "../../../app/domain/access/applications/application-content";
import { applicationContent, createApplicant, type CreatedApplicant } from "../../factories/data-access-factory";
import { createUser, type CreatedUser } from "../../factories/user-factory";

// The data-use committee is one row per server, seated by the secretariat (issue 15 item 3; ADR 040). A browser
// test of the review seats its own members through the secretariat's verb, after ending every seat it found, so the
// tally counts only its members whatever the seed or an earlier file on the same server left (ADR 023: files share
// a server one after another, never at once). `restoreCommittee` puts the seats and rule it found back afterwards,
// so a later file that reads the seeded committee still finds it.

export const request = { ipAddress: "127.0.0.1", userAgent: "playwright" };

export type SeatKind = "chair" | "expert" | "panel";
const seatRole = { chair: "dac_chair", expert: "dac_expert", panel: "panel_member" } as const;

interface FoundSeat {
  userId: string;
  seat: SeatKind;
  sex: "female" | "male" | "other" | "undisclosed";
  expertise: string;
  endsOn: string | null;
}

let found: { seats: FoundSeat[]; rule: TallyRule } | null = null;
let secretariat: CreatedUser | null = null;

async function secretariatUser(): Promise<CreatedUser> {
  secretariat ??= await createUser({ role: "dac_secretariat", withTotp: true });
  return secretariat;
}

async function endEverySeat(actorUserId: string): Promise<void> {
  for (const member of (await loadCommittee()).members) await endMembership({ memberId: member.id, actorUserId, request });
}

export interface SeatRequest {
  seat: SeatKind;
  sex: "female" | "male";
  /** A name shown on the page (votes, comments). */
  name: string;
  /** Staff roles (the chair) sign in with a second factor. */
  withTotp?: boolean;
}

/** Ends every seat, seats one new account per request (in order) and sets the default tally rule. */
export async function seatCommittee(seats: readonly SeatRequest[]): Promise<CreatedUser[]> {
  const actor = await secretariatUser();
  if (found === null) {
    const committee = await loadCommittee();
    found = { seats: committee.members.map(({ userId, seat, sex, expertise, endsOn }) => ({ userId, seat, sex, expertise, endsOn })), rule: committee.rule };
  }
  await endEverySeat(actor.id);
  await setTallyRule({ rule: defaultTallyRule, actorUserId: actor.id, request });
  const users: CreatedUser[] = [];
  for (const wanted of seats) {
    const user = await createUser({ role: seatRole[wanted.seat], withTotp: wanted.withTotp ?? wanted.seat === "chair" });
    await getDatabase().user.update({ where: { id: user.id }, data: { displayName: wanted.name } });
    await seatMember({ userId: user.id, seat: wanted.seat, sex: wanted.sex, expertise: "", endsOn: null, actorUserId: actor.id, request });
    users.push(user);
  }
  return users;
}

/** Ends the test's seats and seats again whoever sat before the first `seatCommittee`, under the rule found then. */
export async function restoreCommittee(): Promise<void> {
  if (found === null) return;
  const actor = await secretariatUser();
  await endEverySeat(actor.id);
  for (const seat of found.seats) {
    await seatMember({ ...seat, endsOn: seat.endsOn, actorUserId: actor.id, request }).catch(() => undefined);
  }
  await setTallyRule({ rule: found.rule, actorUserId: actor.id, request });
  found = null;
}

/** A complete application, as the form would have it: every item a submission needs answered. */
export function completeContent(overrides: Partial<ApplicationContent> = {}): ApplicationContent {
  return applicationContent({
    purposeCodes: ["DS"],
    diseases: ["DOID:1612"],
    laySummaryJa: "乳がんになりやすい体質の遺伝子の変化を調べ、早く見つける方法を考えます。",
    laySummaryEn: "We look for gene changes that make breast cancer more likely, to find it earlier.",
    ethicsCommittee: "照合大学 倫理審査委員会",
    ethicsNumber: "R-2026-015",
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
    ...overrides,
  });
}

/** An application submitted by a new applicant and sent to the committee by the secretariat (round 1 open). */
export async function applicationInReview(content: ApplicationContent = completeContent()): Promise<{ id: string; reference: string; applicant: CreatedApplicant }> {
  const applicant = await createApplicant();
  const { id, reference } = await startApplication({ applicantId: applicant.user.id, request });
  // The institution as the applicant's verified one, as a new application starts with it.
  await saveApplicationDraft({ applicantId: applicant.user.id, applicationId: id, content: { ...content, institutionJa: applicant.institution, institutionEn: applicant.institution }, request });
  await submitApplication({ applicantId: applicant.user.id, applicationId: id, request });
  await openReview({ applicationId: id, actorUserId: (await secretariatUser()).id, request });
  return { id, reference, applicant };
}

/** Members who declare no conflict through the verb the page calls. */
export async function declareNoConflict(users: readonly { id: string }[], applicationId: string): Promise<void> {
  for (const user of users) await declareConflict({ userId: user.id, applicationId, conflicted: false, note: "", request });
}

export { secretariatUser };
