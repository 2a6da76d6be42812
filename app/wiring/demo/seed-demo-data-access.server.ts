import { randomBytes } from "node:crypto";
import { recordResearchOutput } from "../../domain/access/index.server";
import { getDatabase, type Database } from "../../db.server";
import { verifyApplicant } from "../../domain/access/index.server";
import { ApplicationContentSchema, type ApplicationContent } from "../../domain/access/index";
import { openReview } from "../../domain/access/index.server";
import { returnApplication } from "../../domain/access/index.server";
import { saveApplicationDraft } from "../../domain/access/index.server";
import { startApplication } from "../../domain/access/index.server";
import { submitApplication } from "../../domain/access/index.server";
import { addReviewComment } from "../../domain/access/index.server";
import { castVote } from "../../domain/access/index.server";
import { closeVote } from "../../domain/access/index.server";
import { declareConflict } from "../../domain/access/index.server";
import { seatMember } from "../../domain/access/index.server";
import { recordDecision } from "../../domain/access/index.server";
import type { VoteChoice } from "../../domain/access/index";
import { hashPassword } from "../../domain/auth/index.server";
import type { RequestContext } from "../../domain/kernel/index";
import type { Role } from "../../domain/authz/index";
import type { DemoAccount, DemoDataAccess, DemoFile, demoApplicationStates } from "./demo-file";
import { demoEmail } from "./seed-demo-accounts.server";

const request: RequestContext = { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" };

/** The dataset the demo approval covers and the demo release draws from (the bridge's dataset id). */
export const demoDatasetId = "wgs-demo-2026";
/** The demo approval's purpose, as the bridge is asked for it (DUO:0000006, health/medical/biomedical research). */
export const demoReleasePurpose = "DUO:0000006";
export const demoReleaseRecipient = "academia";

/** A second expert and a second panel member, so the committee has more than one of each (and both sexes). */
const extraAccounts = [
  { role: "dac_expert", email: "dac-expert-2@demo.tsunagi.test", displayName: "松本 有識者" },
  { role: "panel_member", email: "panel-member-2@demo.tsunagi.test", displayName: "井上 パネル委員" },
] as const satisfies readonly { role: Role; email: string; displayName: string }[];

type Seat = "chair" | "expert" | "panel";
type Sex = "female" | "male";

/** Who sits where: the demo chair, two experts and two panel members, women and men among them. */
const seats: readonly { email: string; seat: Seat; sex: Sex; expertise: string }[] = [
  { email: demoEmail("dac_chair"), seat: "chair", sex: "male", expertise: "医学（腫瘍内科）" },
  { email: demoEmail("dac_expert"), seat: "expert", sex: "female", expertise: "法学（個人情報保護）" },
  { email: extraAccounts[0].email, seat: "expert", sex: "male", expertise: "生命倫理学" },
  { email: demoEmail("panel_member"), seat: "panel", sex: "female", expertise: "参加者パネル（がん経験者）" },
  { email: extraAccounts[1].email, seat: "panel", sex: "male", expertise: "参加者パネル（希少疾患の患者家族）" },
];

const applicantProfile = { institution: "東京デモ大学", department: "大学院医学系研究科 ゲノム医科学分野", country: "JP" };

/** What every complete demo application says besides its own title, summaries and purpose. */
const completeBase = {
  scientificSummary:
    "全ゲノム配列（腫瘍・正常ペア）と臨床情報を用い、体細胞変異・生殖細胞系列バリアントを解析する。解析は申請機関の閉域計算環境で行う。Demo data.",
  datasets: [demoDatasetId],
  dataKinds: ["genome", "clinical"],
  recipientType: "academia",
  recipientCountry: "JP",
  ethicsCommittee: "東京デモ大学 医学系研究倫理審査委員会",
  ethicsNumber: "DEMO-2026-014",
  ethicsApprovedOn: "2026-04-01",
  securityMeasures: "閉域ネットワーク内の計算機のみで解析し、二要素認証とアクセス記録を用いる。持ち出しはしない。",
  keepingAndDisposal: "施錠したサーバ室で保管し、研究終了後に消去して消去証明書を提出する。",
  trackRecord: "がんゲノム解析に関する査読付き論文 15 報。",
  dataScopeJustification: "目的の解析に必要な最小限のデータ種別（ゲノムと基本臨床情報）に限る。",
  periodMonths: 24,
  publicationPlan: "学術論文と学会で公表し、参加者向けのやさしい要約を添える。",
  funding: "日本医療研究開発機構（デモ）",
  coiStatement: "開示すべき利益相反はない。",
  noIdentificationPledge: true,
} satisfies Partial<ApplicationContent>;

interface ReviewSpec {
  /** Per member (by e-mail): declared conflict, comment, vote. Members not listed have not declared anything yet. */
  members: { email: string; conflicted?: boolean; conflictNote?: string; comment?: string; vote?: { choice: VoteChoice; rationale: string; conditions?: string } }[];
  decision?: { outcome: "approved" | "rejected"; rationale: string; conditions: string };
}

interface ApplicationSpec {
  state: (typeof demoApplicationStates)[number];
  /** The study's title in Japanese (the one the demo finds it by) and in English (issue 29 item 7). */
  title: string;
  titleEn: string;
  content: Partial<ApplicationContent>;
  returnNote?: string;
  review?: ReviewSpec;
}

const chair = demoEmail("dac_chair");
const expert = demoEmail("dac_expert");
const expert2 = extraAccounts[0].email;
const panel = demoEmail("panel_member");
const panel2 = extraAccounts[1].email;

/** One application per state, each found again by its title (so a second `npm start` adds none). */
export const demoApplicationSpecs: readonly ApplicationSpec[] = [
  {
    state: "draft",
    title: "日本人集団における薬剤応答遺伝子の頻度調査（デモ：下書き）",
    titleEn: "How often drug-response gene variants occur in the Japanese population (demo: draft)",
    content: {
      laySummaryJa: "薬の効き方や副作用に関わる遺伝子の違いが、日本人でどのくらいの頻度で見られるかを調べます。",
      purposeCodes: ["HMB"],
    },
  },
  {
    state: "submitted",
    title: "肺がんの新しい治療標的となる遺伝子変化の探索（デモ：提出済み）",
    titleEn: "Searching for gene changes that could be new treatment targets in lung cancer (demo: submitted)",
    content: {
      laySummaryJa: "肺がんの細胞に起きている遺伝子の変化を調べ、新しい薬の手がかりを探します。",
      laySummaryEn: "We look at gene changes in lung cancer cells to find leads for new medicines.",
      purposeCodes: ["DS"],
      diseases: ["DOID:1324"],
    },
  },
  {
    state: "returned",
    title: "大腸がんの早期発見に役立つ遺伝子の研究（デモ：差し戻し）",
    titleEn: "Genes that help find colorectal cancer early (demo: returned)",
    content: {
      laySummaryJa: "大腸がんになりやすい体質に関わる遺伝子を調べ、早く見つける方法の研究に役立てます。",
      laySummaryEn: "We study genes linked to a higher chance of bowel cancer, to help find it earlier.",
      purposeCodes: ["DS"],
      diseases: ["DOID:9256"],
    },
    returnNote: "倫理審査の承認番号と承認日が、添付の承認書の写しと一致しません。確認のうえ再提出してください。",
  },
  {
    state: "in_review",
    title: "乳がんの遺伝的なかかりやすさに関する研究（デモ：審査中）",
    titleEn: "Inherited susceptibility to breast cancer (demo: in review)",
    content: {
      laySummaryJa: "乳がんになりやすさに関わる遺伝子の違いを調べ、検診の役に立てます。",
      laySummaryEn: "We study gene differences that make breast cancer more likely, to help screening.",
      purposeCodes: ["DS"],
      diseases: ["DOID:1612"],
    },
    review: {
      members: [
        {
          email: expert2,
          comment: "研究計画は妥当です。結果を参加者に伝える方法を確認したい。",
          vote: { choice: "approve", rationale: "目的が同意の範囲内で、データの範囲も必要最小限です。" },
        },
        {
          email: panel2,
          comment: "やさしい要約を参加者にも公表してほしいです。",
          vote: { choice: "approve_with_conditions", rationale: "参加者にとって意味のある研究です。", conditions: "成果を参加者向けのやさしい言葉でも公表すること。" },
        },
      ],
    },
  },
  {
    state: "approved",
    title: "がんの全ゲノムデータを用いた新しいドライバー遺伝子の探索（デモ：承認）",
    titleEn: "Finding new driver genes in whole-genome data of cancers (demo: approved)",
    content: {
      laySummaryJa: "がんの原因となる遺伝子の変化を、全ゲノムのデータから新しく見つけます。",
      laySummaryEn: "We look through whole-genome data for new gene changes that drive cancer.",
      purposeCodes: ["HMB"],
    },
    review: {
      members: [
        { email: chair, comment: "計画、体制とも十分です。", vote: { choice: "approve", rationale: "同意の範囲内で、安全管理も十分です。" } },
        {
          email: expert,
          comment: "データの保管期間を明記してください。",
          vote: { choice: "approve_with_conditions", rationale: "承認してよいが、保管期間の明記を条件とします。", conditions: "研究終了後 1 年以内にデータを消去し、消去証明書を提出すること。" },
        },
        { email: expert2, conflicted: true, conflictNote: "申請者と共同研究を行っているため。" },
        { email: panel, comment: "参加者として、成果を知らせてもらえるとうれしいです。", vote: { choice: "approve", rationale: "がんの治療につながる研究で、参加者の思いに沿います。" } },
        { email: panel2, vote: { choice: "approve", rationale: "個人が特定されない扱いが確認できました。" } },
      ],
      decision: {
        outcome: "approved",
        rationale: "定足数を満たし、参加者パネルの票を含む過半数が承認。",
        conditions: "研究終了後 1 年以内にデータを消去し、消去証明書を提出すること。成果は参加者向けのやさしい要約とともに公表すること。",
      },
    },
  },
  {
    state: "rejected",
    title: "性格特性と遺伝的背景の関連の研究（デモ：不承認）",
    titleEn: "Personality traits and genetic background (demo: rejected)",
    content: {
      laySummaryJa: "性格と遺伝子の関係を調べます。",
      laySummaryEn: "We study how personality relates to genes.",
      purposeCodes: ["GRU"],
      sensitive: ["psychological_traits", "population_structure"],
    },
    review: {
      members: [
        { email: chair, comment: "本プログラムの目的（がん・希少疾患の医療）から外れます。", vote: { choice: "reject", rationale: "同意の趣旨に沿いません。" } },
        { email: expert, vote: { choice: "reject", rationale: "集団に対する差別につながるおそれがあります。" } },
        { email: expert2, vote: { choice: "reject", rationale: "科学的な妥当性の説明が不十分です。" } },
        { email: panel, comment: "参加者として、このような使い方は望みません。", vote: { choice: "reject", rationale: "医療のために提供したデータです。" } },
        { email: panel2, vote: { choice: "abstain", rationale: "判断に必要な情報が足りません。" } },
      ],
      decision: { outcome: "rejected", rationale: "過半数が不承認。目的が同意の範囲外で、集団への不利益のおそれがある。", conditions: "" },
    },
  },
];

function newPassword(): string {
  return `demo-${randomBytes(9).toString("base64url")}`;
}

/** The extra committee accounts, kept like the role accounts: their password from an earlier demo.json, or a new one. */
async function seedExtraAccounts(known: DemoAccount[], db: Database): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  for (const spec of extraAccounts) {
    const previous = known.find((account) => account.email === spec.email && account.role === spec.role);
    const existing = await db.user.findUnique({ where: { email: spec.email } });
    if (existing && previous) {
      accounts.push({ role: spec.role, email: spec.email, displayName: spec.displayName, password: previous.password });
      continue;
    }
    const password = previous?.password ?? newPassword();
    const passwordHash = await hashPassword(password);
    await db.user.upsert({
      where: { email: spec.email },
      create: { email: spec.email, role: spec.role, displayName: spec.displayName, passwordHash },
      update: { role: spec.role, passwordHash, disabledAt: null },
    });
    accounts.push({ role: spec.role, email: spec.email, displayName: spec.displayName, password });
  }
  return accounts;
}

async function userId(db: Database, email: string): Promise<string> {
  return (await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
}

/** Seats each demo member through `seatMember`, once: someone who ever held a seat (even one ended since) is left as they are. */
async function seatCommittee(db: Database, secretariatId: string): Promise<void> {
  for (const spec of seats) {
    const id = await userId(db, spec.email);
    if (await db.committeeMember.findFirst({ where: { userId: id }, select: { id: true } })) continue;
    await seatMember({ userId: id, seat: spec.seat, sex: spec.sex, expertise: spec.expertise, endsOn: null, actorUserId: secretariatId, request }, db);
  }
}

/** The demo applicant's institution, verified by the demo secretariat (through `verifyApplicant`, audited). */
async function verifiedApplicant(db: Database, applicantId: string, secretariatId: string): Promise<void> {
  const profile = await db.applicantProfile.findUnique({ where: { userId: applicantId } });
  if (!profile) await db.applicantProfile.create({ data: { userId: applicantId, ...applicantProfile } });
  if (!profile?.verifiedAt) await verifyApplicant({ applicantId, actor: { userId: secretariatId }, request }, db);
}

function contentOf(spec: ApplicationSpec): ApplicationContent {
  const partial = spec.state === "draft" ? {} : completeBase;
  const institution = { institutionJa: applicantProfile.institution, institutionEn: "Tokyo Demo University" };
  return ApplicationContentSchema.parse({ ...partial, ...institution, ...spec.content, titleJa: spec.title, titleEn: spec.titleEn });
}

/** The demo application for a spec: the one demo.json named (still the applicant's), else the applicant's by title. */
async function findApplication(db: Database, spec: ApplicationSpec, applicantId: string, known: DemoDataAccess | undefined) {
  const listed = known?.applications.find((entry) => entry.state === spec.state);
  if (listed && /^[0-9a-f-]{36}$/i.test(listed.id)) {
    const found = await db.dataAccessApplication.findFirst({ where: { id: listed.id, applicantId }, select: { id: true, reference: true } });
    if (found) return found;
  }
  return db.dataAccessApplication.findFirst({
    // `title` is how a version written before titles were asked in two languages holds it (a frozen one keeps it).
    where: { applicantId, OR: [{ versions: { some: { content: { path: ["titleJa"], equals: spec.title } } } }, { versions: { some: { content: { path: ["title"], equals: spec.title } } } }] },
    orderBy: { createdAt: "asc" },
    select: { id: true, reference: true },
  });
}

function jstDatePlusDays(now: Date, days: number): string {
  return new Date(now.getTime() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** Walks a new application from start to the spec's state through the verbs the pages call, as each person would. */
async function walkApplication(db: Database, spec: ApplicationSpec, people: { applicantId: string; secretariatId: string; ids: Map<string, string> }): Promise<{ id: string; reference: string }> {
  const { applicantId, secretariatId, ids } = people;
  const started = await startApplication({ applicantId, request }, db);
  const applicationId = started.id;
  await saveApplicationDraft({ applicantId, applicationId, content: contentOf(spec), request }, db);
  if (spec.state === "draft") return started;
  await submitApplication({ applicantId, applicationId, request }, db);
  if (spec.state === "submitted") return started;
  if (spec.returnNote) {
    await returnApplication({ applicationId, note: spec.returnNote, actorUserId: secretariatId, request }, db);
    return started;
  }
  await openReview({ applicationId, actorUserId: secretariatId, request }, db);
  const review = spec.review!;
  const member = (email: string) => ids.get(email)!;
  for (const entry of review.members) {
    await declareConflict({ userId: member(entry.email), applicationId, conflicted: entry.conflicted ?? false, note: entry.conflictNote ?? "", request }, db);
  }
  // Comments first, then votes, as a meeting runs.
  for (const entry of review.members) {
    if (entry.comment) await addReviewComment({ userId: member(entry.email), applicationId, body: entry.comment, request }, db);
  }
  for (const entry of review.members) {
    if (entry.vote) await castVote({ userId: member(entry.email), applicationId, choice: entry.vote.choice, rationale: entry.vote.rationale, conditions: entry.vote.conditions ?? "", request }, db);
  }
  if (!review.decision) return started;
  const chairId = member(chair);
  await closeVote({ userId: chairId, applicationId, request }, db);
  const approving = review.decision.outcome === "approved";
  await recordDecision(
    {
      userId: chairId,
      applicationId,
      outcome: review.decision.outcome,
      rationale: review.decision.rationale,
      conditions: review.decision.conditions,
      datasets: approving ? [demoDatasetId] : [],
      // A year from today (JST): within the 24 months asked for.
      endsOn: approving ? jstDatePlusDays(new Date(), 365) : null,
      request,
    },
    db,
  );
  return started;
}

const notes = [
  "Each application is listed with the state the demo put it in; walking the demo (submitting, returning, voting, deciding) moves it on, and a restart does not put it back.",
  "The applicant signs in as `applicant`; the secretariat, chair, experts and panel members are the accounts named here (credentials under `accounts`). In the application under review, the demo chair, the demo expert (dac-expert@) and the demo panel member (panel-member@) have not yet declared conflicts: each can declare, read, comment and vote; two votes are cast, so a third (with the panel's) makes the quorum, then the chair closes the vote and decides.",
  "In the approved application the second expert declared a conflict and was recused; the approval is in the public register (/register) and was sent to the bridge.",
  `At start, once the bridge held the approval, the demo made one release under it (\`release\`). To make another: TSUNAGI_GATE_URL=<bridgeUrl> TSUNAGI_GATE_TOKEN=<bridgeToken> services/pipeline-bridge/bin/tsunagi-gate release --dataset ${demoDatasetId} --recipient ${demoReleaseRecipient} --purpose ${demoReleasePurpose} --approval <approval.id> --samples-file samples.txt --out manifest.json (samples.txt: the participants' sampleCodes, one a line).`,
];

/**
 * The data-access demo (issue 15 item 7): the committee seated (the demo chair, two experts, two participant-panel
 * members, women and men), the demo applicant's institution verified, and one application in each state
 * (draft, submitted, returned, in review with comments and votes, approved, rejected) — all through the domain verbs
 * the pages call, so audit rows, the approval's message to the bridge and the decision mails exist as in real use.
 * Idempotent: seats are made once per person, and an application found again (by the id demo.json listed, else by its
 * title) is left as it is. Returns the extra committee accounts (for demo.json's `accounts`) and the `dataAccess` part.
 */
export async function seedDemoDataAccess(
  existing: Pick<DemoFile, "accounts" | "dataAccess"> | null,
  accounts: DemoAccount[],
  db: Database = getDatabase(),
): Promise<{ accounts: DemoAccount[]; dataAccess: DemoDataAccess }> {
  const extra = await seedExtraAccounts(existing?.accounts ?? [], db);
  const secretariatId = await userId(db, demoEmail("dac_secretariat"));
  const applicantId = await userId(db, demoEmail("applicant"));
  await seatCommittee(db, secretariatId);
  await verifiedApplicant(db, applicantId, secretariatId);
  const ids = new Map<string, string>();
  for (const spec of seats) ids.set(spec.email, await userId(db, spec.email));

  const known = existing?.dataAccess;
  const applications: DemoDataAccess["applications"] = [];
  for (const spec of demoApplicationSpecs) {
    const found = (await findApplication(db, spec, applicantId, known)) ?? (await walkApplication(db, spec, { applicantId, secretariatId, ids }));
    applications.push({ state: spec.state, id: found.id, reference: found.reference, title: spec.title });
  }
  const approved = applications.find((entry) => entry.state === "approved")!;
  const approval = await db.dataAccessApproval.findUniqueOrThrow({ where: { applicationId: approved.id }, select: { id: true, datasets: true, endsAt: true } });
  const release = known?.release?.approvalId === approval.id ? known.release : undefined;
  await seedDemoResearchOutput(db, { applicantId, applicationId: approved.id, approvalId: approval.id });
  const byRole = (role: Role) => accounts.find((account) => account.role === role)?.email ?? demoEmail(role);
  return {
    accounts: extra,
    dataAccess: {
      applicant: byRole("applicant"),
      secretariat: byRole("dac_secretariat"),
      chair: byRole("dac_chair"),
      experts: seats.filter((entry) => entry.seat === "expert").map((entry) => entry.email),
      panelMembers: seats.filter((entry) => entry.seat === "panel").map((entry) => entry.email),
      applications,
      approval: {
        id: approval.id,
        applicationReference: approved.reference,
        datasets: approval.datasets,
        recipient: demoReleaseRecipient,
        purpose: demoReleasePurpose,
        endsAt: approval.endsAt.toISOString(),
      },
      ...(release ? { release } : {}),
      notes,
    },
  };
}

export type DemoRelease = NonNullable<DemoDataAccess["release"]>;

/**
 * The demo's release under its approval (issue 15 item 7), made through the running bridge as a pipeline would
 * (`PUT /v1/datasets/{id}` when the dataset is new, then `POST /v1/releases` naming the approval), with the demo's
 * bridge token, over every demo participant's samples: consent decides which are included. Waits until the relay has
 * delivered every consent change made so far and the approval's message, and the bridge answers (503 while its projection is not yet vouched for), up to
 * `timeoutMs`. Nothing is done when demo.json already lists a release under this approval.
 */
export async function seedDemoRelease(
  input: { demo: DemoFile; bridgeUrl: string; timeoutMs?: number; pollMs?: number },
  db: Database = getDatabase(),
): Promise<{ ok: true; release: DemoRelease; created: boolean } | { ok: false; reason: string }> {
  const { demo, bridgeUrl } = input;
  const dataAccess = demo.dataAccess;
  if (!dataAccess || !demo.bridgeToken) return { ok: false, reason: "the demo file has no data-access part or no bridge token" };
  if (dataAccess.release?.approvalId === dataAccess.approval.id) return { ok: true, release: dataAccess.release, created: false };
  const deadline = Date.now() + (input.timeoutMs ?? 60_000);
  const pollMs = input.pollMs ?? 250;
  const pause = () => new Promise((resolve) => setTimeout(resolve, pollMs));
  const approvalId = dataAccess.approval.id;

  const delivered = await waitForDemoDelivery(db, approvalId, deadline, pause);
  if (!delivered.ok) return delivered;

  const headers = { Authorization: `Bearer ${demo.bridgeToken}`, "Content-Type": "application/json" };
  const call = async (method: string, path: string, body?: unknown) => {
    for (;;) {
      const response = await fetch(`${bridgeUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      // 503: the bridge does not yet vouch for its consent or approval projection (the relay's first heartbeat).
      if (response.status !== 503 || Date.now() > deadline) return { status: response.status, text };
      await pause();
    }
  };
  const dataset = await call("GET", `/v1/datasets/${demoDatasetId}`);
  if (dataset.status === 404) {
    const put = await call("PUT", `/v1/datasets/${demoDatasetId}`, { title: "Demo whole-genome dataset (cancer, 2026)", clockStartsAt: "2026-01-31T03:00:00+09:00", publicationMoratoriumMonths: 24, publicDatabaseAfterMonths: 30 });
    if (put.status !== 200) return { ok: false, reason: `the bridge refused the demo dataset: ${put.status} ${put.text.slice(0, 200)}` };
  } else if (dataset.status !== 200) {
    return { ok: false, reason: `the bridge answered ${dataset.status} for the demo dataset` };
  }
  const samples = demo.participants.flatMap((participant) => participant.sampleCodes);
  const made = await call("POST", "/v1/releases", { dataset: demoDatasetId, samples, recipient: demoReleaseRecipient, purpose: demoReleasePurpose, approval: approvalId });
  if (made.status !== 201) return { ok: false, reason: `the bridge refused the demo release: ${made.status} ${made.text.slice(0, 200)}` };
  const manifest = JSON.parse(made.text) as { releaseId: string; requestedCount: number; includedCount: number };
  return {
    ok: true,
    created: true,
    release: { id: manifest.releaseId, approvalId, dataset: demoDatasetId, recipient: demoReleaseRecipient, purpose: demoReleasePurpose, requestedCount: manifest.requestedCount, includedCount: manifest.includedCount },
  };
}

/**
 * Waits until the relay has delivered to the bridge every consent change made so far and the approval's latest message:
 * what a question under the approval is answered against. Consent and approvals travel in lanes of their own, so the
 * approval arriving says nothing of the consents: under load a release was made while the bridge did not yet know the
 * subjects, and excluded every sample (issue 26).
 */
export async function waitForDemoDelivery(db: Database, approvalId: string, deadline: number, pause: () => Promise<unknown>): Promise<{ ok: true } | { ok: false; reason: string }> {
  const consentHighWater = await db.consentOutbox.aggregate({ _max: { globalSeq: true } });
  const consentUpTo = consentHighWater._max.globalSeq;
  for (;;) {
    const waiting = consentUpTo === null ? 0 : await db.consentOutbox.count({ where: { globalSeq: { lte: consentUpTo }, bridgeDeliveredAt: null } });
    if (waiting === 0) break;
    if (Date.now() > deadline) return { ok: false, reason: `the relay had not delivered ${waiting} consent changes to the bridge in time` };
    await pause();
  }
  for (;;) {
    const approval = await db.dataAccessApproval.findUnique({ where: { id: approvalId }, select: { version: true } });
    if (!approval) return { ok: false, reason: "the demo approval is not in the database" };
    const message = await db.approvalOutbox.findUnique({ where: { approvalId_version: { approvalId, version: approval.version } }, select: { bridgeDeliveredAt: true } });
    if (message?.bridgeDeliveredAt) return { ok: true };
    if (Date.now() > deadline) return { ok: false, reason: "the relay had not delivered the demo approval to the bridge in time" };
    await pause();
  }
}

/**
 * What came of the demo's approved use (issue 57 item 5; ADR 139): one publication, recorded by the demo applicant
 * through the verb the page calls, once. The register shows it, and so does "who used my data" for each demo participant
 * the start's release included. Demo data: the DOI is reserved for examples (10.5555).
 */
async function seedDemoResearchOutput(db: Database, demo: { applicantId: string; applicationId: string; approvalId: string }): Promise<void> {
  if ((await db.researchOutput.count({ where: { approvalId: demo.approvalId } })) > 0) return;
  await recordResearchOutput(
    {
      applicantId: demo.applicantId,
      applicationId: demo.applicationId,
      output: {
        kind: "publication",
        title: "デモ: 日本人の肺がんにおける生殖細胞系列バリアントの頻度 (Demo: germline variants in lung cancer in Japan)",
        identifier: "10.5555/tsunagi.demo.2026.001",
        publishedOn: "2026-11-20",
        summaryJa: "（デモ）全ゲノム解析のデータから、肺がんの患者さんの約5%に、がんになりやすい生まれつきの遺伝子の変化があることがわかりました。ご家族の検査や、治療の選び方の参考になります。",
        summaryJaEasy: "（デモ） 肺がんの 人の 約5%に、 生まれつきの 遺伝子の 変化が ありました。 家族の 検査や、 治療を 選ぶ ときに 役立ちます。",
        summaryEn: "(Demo) Whole-genome data showed that about 5% of lung cancer patients carry an inherited gene change that raises the risk of cancer. This can guide testing in their families and the choice of treatment.",
      },
      request,
    },
    db,
  );
}
