import { getDatabase, type Database } from "../../../../db.server";
import type { SupportedLanguage } from "../../../../i18n/languages";
import { AppError } from "../../../kernel/index";
import { uuidPattern } from "../../../kernel/index";
import { loadFormVersion } from "../load-form-version.server";
import { reviewGateRefusal, type ReviewGateRefusal } from "./review-gate.server";

export interface ReviewComment {
  id: string;
  sectionId: string | null;
  text: string;
  /** The reviewer's name: for staff always; in the public record only where the reviewer chose to be named. */
  authorName: string | null;
  showName: boolean;
  createdAt: Date;
  answer: "accepted" | "changed" | "declined" | null;
  answerText: string | null;
  answeredAt: Date | null;
  /** An invited patient's comment (ADR 064), not a panel member's: the record says which kind of reviewer, never who unless named. */
  invited: boolean;
}

/** A patient invited to the round (ADR 064): for staff only; the public record never lists them. */
export interface ReviewInvitationRow {
  id: string;
  fullName: string;
  email: string;
  createdAt: Date;
  withdrawnAt: Date | null;
  comments: number;
}

export interface ReviewRound {
  id: string;
  openedAt: Date;
  closedAt: Date | null;
  comments: ReviewComment[];
  /** Empty in the public record. */
  invitations: ReviewInvitationRow[];
}

export interface ReviewWorkspace {
  version: { id: string; formKey: string; version: string; kind: "major" | "minor"; status: "draft" | "published"; title: string };
  /** The form's sections in the reader's language, for naming what a comment is about. */
  sections: { id: string; heading: string }[];
  rounds: ReviewRound[];
  /** What publishing this version would be refused for now (ADR 061), or null. */
  gate: ReviewGateRefusal | null;
}

/**
 * A form version's co-review (issue 28 item 6; ADR 061), as ELSI staff manage it and as the public record shows it:
 * its rounds oldest first, each comment with its answer. `audience: "public"` is only for a published version, and
 * names a reviewer only where they chose to be named; staff see every name.
 */
export async function loadReviewWorkspace(
  input: { formVersionId: string; language: SupportedLanguage; audience: "staff" | "public" },
  db: Database = getDatabase(),
): Promise<ReviewWorkspace> {
  if (!uuidPattern.test(input.formVersionId)) throw new AppError("not_found");
  const version = await loadFormVersion(input.formVersionId, db);
  if (input.audience === "public" && version.status !== "published") throw new AppError("not_found");
  const content = version.content.languages[input.language] ?? version.content.languages.ja;
  const rounds = await db.documentReviewRound.findMany({
    where: { formVersionId: version.id },
    orderBy: [{ openedAt: "asc" }, { id: "asc" }],
    include: {
      comments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { invitation: { select: { fullName: true } } } },
      invitations: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { _count: { select: { comments: true } } } },
    },
  });
  const named = (comment: { showName: boolean }) => input.audience === "staff" || comment.showName;
  const authorIds = [...new Set(rounds.flatMap((round) => round.comments.filter(named).flatMap((comment) => (comment.authorUserId ? [comment.authorUserId] : []))))];
  const names = new Map((await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, displayName: true } })).map((user) => [user.id, user.displayName]));
  const gate = version.status === "draft" && version.kind === "major" ? await db.$transaction((tx) => reviewGateRefusal(tx, version.id)) : null;
  return {
    version: { id: version.id, formKey: version.formKey, version: version.version, kind: version.kind, status: version.status, title: content!.title },
    sections: content!.sections.map((section) => ({ id: section.id, heading: section.heading })),
    rounds: rounds.map((round) => ({
      id: round.id,
      openedAt: round.openedAt,
      closedAt: round.closedAt,
      comments: round.comments.map((comment) => ({
        id: comment.id,
        sectionId: comment.sectionId,
        text: comment.text,
        authorName: named(comment) ? (comment.invitation?.fullName ?? names.get(comment.authorUserId ?? "") ?? null) : null,
        showName: comment.showName,
        createdAt: comment.createdAt,
        answer: (comment.answer as ReviewComment["answer"]) ?? null,
        answerText: comment.answerText,
        answeredAt: comment.answeredAt,
        invited: comment.invitationId !== null,
      })),
      invitations:
        input.audience === "staff"
          ? round.invitations.map((invitation) => ({
              id: invitation.id,
              fullName: invitation.fullName,
              email: invitation.email,
              createdAt: invitation.createdAt,
              withdrawnAt: invitation.withdrawnAt,
              comments: invitation._count.comments,
            }))
          : [],
    })),
    gate,
  };
}
