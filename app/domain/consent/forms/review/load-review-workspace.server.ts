import { getDatabase, type Database } from "../../../../db.server";
import type { SupportedLanguage } from "../../../../i18n/languages";
import { AppError } from "../../../app-error";
import { uuidPattern } from "../../../uuid";
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
}

export interface ReviewRound {
  id: string;
  openedAt: Date;
  closedAt: Date | null;
  comments: ReviewComment[];
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
    include: { comments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  const authorIds = [...new Set(rounds.flatMap((round) => round.comments.filter((comment) => input.audience === "staff" || comment.showName).map((comment) => comment.authorUserId)))];
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
        authorName: input.audience === "staff" || comment.showName ? (names.get(comment.authorUserId) ?? null) : null,
        showName: comment.showName,
        createdAt: comment.createdAt,
        answer: (comment.answer as ReviewComment["answer"]) ?? null,
        answerText: comment.answerText,
        answeredAt: comment.answeredAt,
      })),
    })),
    gate,
  };
}
