import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { hasPermission, type Role } from "../../authz";
import { ApplicationContentSchema, researchPurposeOf, type ApplicationContent, titleOf, type TextInLanguages } from "../applications/application-content";
import type { EthicsDocumentSummary } from "../applications/ethics-document";
import { describeEthicsDocument } from "../applications/read-ethics-document.server";
import type { ConsentMatchCounts } from "../matching/consent-match-counts";
import { countConsentMatchesFor } from "../matching/count-consent-matches.server";
import { matchDataUse, type DataUseMatch } from "@tsunagi/consent-rules/match-data-use";
import { duoTermsOf } from "@tsunagi/consent-rules/choice-catalogue";
import { deciderStandingOf } from "./decider-standing.server";
import { loadTally } from "./load-tally.server";
import { seatOf } from "./committee-seats.server";
import { requireReviewing, standingOf } from "./reviewer-standing.server";
import { votesNeededForQuorum, type Tally } from "./tally-rule";

export interface ReviewQueueItem {
  id: string;
  reference: string;
  /** The study's title as written, in Japanese and English (やさしい日本語 optional); the page picks the reader's. */
  title: TextInLanguages;
  institution: string;
  state: string;
  round: number;
  voteClosed: boolean;
  standing: "declare" | "recused" | "reviewing" | "secretariat";
  voted: boolean;
}

/**
 * What the committee's list shows a person: the secretariat every application past the draft; a seated member the
 * applications sent to the committee, with where they stand on each (declare first, recused, reviewing).
 */
export async function listReviewQueue(input: { userId: string; roles: readonly Role[]; now?: Date }, db: Database = getDatabase()): Promise<ReviewQueueItem[]> {
  const now = input.now ?? new Date();
  const secretariat = hasPermission(input.roles, "applications:manage");
  const seat = await seatOf(db, input.userId, now);
  if (!secretariat && !seat) return [];
  const rows = await db.dataAccessApplication.findMany({
    where: secretariat ? { state: { notIn: ["draft"] } } : { reviewRound: { gt: 0 } },
    orderBy: { updatedAt: "desc" },
    include: {
      versions: { where: { submittedAt: { not: null } }, orderBy: { number: "desc" }, take: 1, select: { content: true } },
      conflicts: { where: { userId: input.userId } },
      votes: { where: { userId: input.userId }, select: { round: true } },
    },
  });
  const profiles = new Map((await db.applicantProfile.findMany({ where: { userId: { in: rows.map((row) => row.applicantId) } } })).map((profile) => [profile.userId, profile.institution]));
  return rows.map((row) => {
    const declaration = row.conflicts[0];
    const standing: ReviewQueueItem["standing"] = seat ? (!declaration ? "declare" : declaration.conflicted ? "recused" : "reviewing") : "secretariat";
    return {
      id: row.id,
      reference: row.reference,
      title: titleOf(ApplicationContentSchema.parse(row.versions[0]?.content ?? {})),
      institution: profiles.get(row.applicantId) ?? "",
      state: row.state,
      round: row.reviewRound,
      voteClosed: row.voteClosedAt !== null,
      standing,
      voted: row.votes.some((vote) => vote.round === row.reviewRound),
    };
  });
}

export interface ReviewHeader {
  id: string;
  reference: string;
  /** The study's title as written, in Japanese and English (やさしい日本語 optional); the page picks the reader's. */
  title: TextInLanguages;
  applicantName: string;
  institution: string;
  state: string;
  round: number;
  voteClosed: boolean;
}

export type ReviewPage =
  | { view: "declare"; header: ReviewHeader }
  | { view: "recused"; header: ReviewHeader }
  | {
      view: "review";
      header: ReviewHeader;
      /** "vice_chair": the designated vice-chair, on an application the chair is recused from (ADR 040, 2026-12-02). */
      role: "member" | "chair" | "vice_chair" | "secretariat";
      /** The vice-chair reviewing an application the chair is not recused from: the chair decides, and the page says so. */
      viceChairStandingBy: boolean;
      version: number;
      content: ApplicationContent;
      /** Matching of the purpose against the programme's consent, counted now over every participant. */
      counts: ConsentMatchCounts;
      /** The purpose against a typical participant's consent, for the plain-words sentence on the panel's page. */
      typical: DataUseMatch;
      comments: { id: string; authorName: string; body: string; createdAt: string; round: number }[];
      /** The participant panel's flags that the purpose could stigmatise a group (ADR 139), public once approved. */
      flags: { id: string; authorName: string; reason: string; flaggedAt: string }[];
      /** The reader holds a panel seat and reviews this application: they may flag its purpose. */
      canFlag: boolean;
      ownVote: { choice: string; rationale: string; conditions: string } | null;
      /** Others' votes: only once one's own is cast, or the vote has closed (the secretariat: once closed). */
      votes: { name: string; seat: string; choice: string; rationale: string; conditions: string }[] | null;
      votesCast: number;
      tally: Tally & { quorumNeeds: number };
      decisions: { round: number; outcome: string; conditions: string; rationale: string; decidedAt: string; decidedBy: string; decidedAs: "chair" | "vice_chair" }[];
      versions: { number: number; submittedAt: string | null; returnedAt: string | null; returnNote: string | null }[];
      /** The ethics approval document attached (issue 27 item 7), downloaded from the application's document route. */
      ethicsDocument: EthicsDocumentSummary | null;
    };

/**
 * One application for the committee's page. A seated member who has not declared sees only who applies and the
 * title (enough to know whether they are conflicted); a recused member sees no more, and their attempt is recorded;
 * the secretariat and members reviewing see everything the review needs.
 */
export async function loadReview(input: { userId: string; roles: readonly Role[]; applicationId: string; request: RequestContext }, db: Database = getDatabase()): Promise<ReviewPage> {
  const now = input.request.now ?? new Date();
  const row = await db.dataAccessApplication.findUnique({
    where: { id: input.applicationId },
    include: { versions: { orderBy: { number: "asc" } }, decisions: { orderBy: { round: "asc" } } },
  });
  if (!row || row.state === "draft") throw new AppError("not_found");
  const secretariat = hasPermission(input.roles, "applications:manage");
  const { seat, standing } = await standingOf(db, input.userId, row.id, now);
  if (!secretariat && (!seat || row.reviewRound === 0)) throw new AppError("not_found");
  const submitted = [...row.versions].reverse().find((version) => version.submittedAt !== null);
  if (!submitted) throw new AppError("not_found");
  const content = ApplicationContentSchema.parse(submitted.content);
  const [applicant, profile] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: row.applicantId }, select: { displayName: true } }),
    db.applicantProfile.findUnique({ where: { userId: row.applicantId } }),
  ]);
  const header: ReviewHeader = {
    id: row.id,
    reference: row.reference,
    title: titleOf(content),
    applicantName: applicant.displayName,
    institution: profile?.institution ?? "",
    state: row.state,
    round: row.reviewRound,
    voteClosed: row.voteClosedAt !== null,
  };
  if (seat && !secretariat) {
    if (standing.kind === "declare") return { view: "declare", header };
    if (standing.kind === "recused") {
      await requireReviewing(db, { userId: input.userId, applicationId: row.id, now, request: input.request, path: "review" }).catch(() => undefined);
      return { view: "recused", header };
    }
  }
  // A member who is also secretariat but recused sees nothing of the review either.
  if (seat && standing.kind === "recused") return { view: "recused", header };
  if (seat && standing.kind === "declare" && !secretariat) return { view: "declare", header };

  const purpose = researchPurposeOf(content);
  const [counts, comments, flags, votes, tally, decider] = await Promise.all([
    countConsentMatchesFor({ purpose, recipientType: content.recipientType, recipientCountry: content.recipientCountry }, db),
    db.applicationComment.findMany({ where: { applicationId: row.id }, orderBy: { createdAt: "asc" } }),
    db.purposeFlag.findMany({ where: { applicationId: row.id }, orderBy: { flaggedAt: "asc" } }),
    db.applicationVote.findMany({ where: { applicationId: row.id, round: row.reviewRound }, orderBy: { castAt: "asc" } }),
    loadTally(db, row, now),
    seat && standing.kind === "reviewing" ? deciderStandingOf(db, { userId: input.userId, applicationId: row.id, now }) : null,
  ]);
  const names = new Map(
    (
      await db.user.findMany({
        where: { id: { in: [...comments.map((c) => c.authorId), ...flags.map((f) => f.flaggedById), ...votes.map((v) => v.userId), ...row.decisions.map((d) => d.decidedById)] } },
        select: { id: true, displayName: true },
      })
    ).map((user) => [user.id, user.displayName]),
  );
  const capacity = decider && "capacity" in decider ? decider.capacity : null;
  const own = votes.find((vote) => vote.userId === input.userId) ?? null;
  const closed = row.voteClosedAt !== null;
  const showVotes = closed || (seat !== null && standing.kind === "reviewing" && own !== null);
  return {
    view: "review",
    header,
    role: capacity ?? (seat && standing.kind === "reviewing" ? "member" : "secretariat"),
    // Only the designated vice-chair is refused for this reason.
    viceChairStandingBy: decider !== null && "refused" in decider && decider.refused === "chair_not_recused",
    version: submitted.number,
    content,
    counts,
    typical: matchDataUse({ codes: duoTermsOf({ "core.wgs": "yes", "share.academia": "yes" }) }, purpose),
    comments: comments.map((comment) => ({ id: comment.id, authorName: names.get(comment.authorId) ?? "", body: comment.body, createdAt: comment.createdAt.toISOString(), round: comment.round })),
    flags: flags.map((flag) => ({ id: flag.id, authorName: names.get(flag.flaggedById) ?? "", reason: flag.reason, flaggedAt: flag.flaggedAt.toISOString() })),
    canFlag: seat !== null && seat.seat === "panel" && standing.kind === "reviewing",
    ownVote: own ? { choice: own.choice, rationale: own.rationale, conditions: own.conditions } : null,
    votes: showVotes ? votes.map((vote) => ({ name: names.get(vote.userId) ?? "", seat: vote.seat, choice: vote.choice, rationale: vote.rationale, conditions: vote.conditions })) : null,
    votesCast: votes.length,
    tally: { ...tally, quorumNeeds: votesNeededForQuorum(tally.rule, tally.eligible) },
    decisions: row.decisions.map((decision) => ({
      round: decision.round,
      outcome: decision.outcome,
      conditions: decision.conditions,
      rationale: decision.rationale,
      decidedAt: decision.decidedAt.toISOString(),
      decidedBy: names.get(decision.decidedById) ?? "",
      decidedAs: decision.decidedAs,
    })),
    versions: row.versions.filter((version) => version.submittedAt).map((version) => ({ number: version.number, submittedAt: version.submittedAt?.toISOString() ?? null, returnedAt: version.returnedAt?.toISOString() ?? null, returnNote: version.returnNote })),
    ethicsDocument: await describeEthicsDocument(db, row.id),
  };
}
