import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { answerTextFingerprint } from "./answer-text-fingerprint.server";
import type { ConsultationAudience, LocalizedText } from "./consultation-model";
import { personalDataKinds, type PersonalDataKind } from "./personal-data";

import type { ModerationState } from "./moderation-form";
import { uuidPattern } from "../kernel/index";

export type { ModerationState } from "./moderation-form";

export interface ModerationQueueItem {
  responseId: string;
  questionId: string;
  questionPosition: number;
  /** The capacity the response was given in: all a moderator learns of who wrote it. */
  capacity: ConsultationAudience;
  state: ModerationState;
  /** The text with personal data replaced: what a moderator reads unless they ask for the original. */
  redactedText: string;
  flags: PersonalDataKind[];
  hiddenReason: string | null;
  moderatedAt: Date | null;
  /** Carried back by the decision forms (compare-and-set on what was seen). */
  fingerprint: string;
  /** The themes staff gave it (ADR 062). */
  themeIds: string[];
}

export interface ModerationQueue {
  consultation: { id: string; title: LocalizedText; questions: { id: string; position: number; prompt: LocalizedText }[] };
  /** The consultation's themes, to tick on each answer (ADR 062); none until staff add them on the analysis page. */
  themes: { id: string; label: LocalizedText }[];
  state: ModerationState;
  counts: Record<ModerationState, number>;
  items: ModerationQueueItem[];
  /** The page shown (1-based) and whether another follows: a queue is read a page at a time. */
  page: number;
  hasNext: boolean;
}

/** Answers per page of the queue: a consultation of 50,000 responses may hold thousands of free texts. */
export const moderationPageSize = 25;

/**
 * A consultation's free-text answers in one moderation state (issue 28 item 3; ADR 059), oldest first: the redacted
 * text and the kinds of personal data found — never the original, never the account or anything else that names the
 * person, only the capacity they answered in. Answers of withdrawn responses are not moderated, so not listed. A page
 * of 25 at a time (the order is stable: by submission, then ids).
 */
export async function listModerationQueue(input: { consultationId: string; state: ModerationState; page?: number }, db: Database = getDatabase()): Promise<ModerationQueue> {
  const page = Math.max(1, Math.min(10_000, Math.floor(input.page ?? 1)));
  if (!uuidPattern.test(input.consultationId)) throw new AppError("not_found");
  const consultation = await db.consultation.findUnique({
    where: { id: input.consultationId },
    select: {
      id: true,
      title: true,
      questions: { where: { kind: "free_text" }, orderBy: { position: "asc" }, select: { id: true, position: true, prompt: true } },
      themes: { orderBy: { position: "asc" }, select: { id: true, label: true } },
    },
  });
  if (!consultation) throw new AppError("not_found");
  const live = { response: { consultationId: consultation.id, withdrawnAt: null } };
  const [texts, grouped] = await Promise.all([
    db.consultationAnswerText.findMany({
      where: { ...live, moderation: input.state },
      orderBy: [{ response: { submittedAt: "asc" } }, { responseId: "asc" }, { questionId: "asc" }],
      skip: (page - 1) * moderationPageSize,
      take: moderationPageSize + 1,
      select: {
        responseId: true,
        questionId: true,
        redactedText: true,
        text: true,
        flags: true,
        moderation: true,
        hiddenReason: true,
        moderatedAt: true,
        response: { select: { capacity: true } },
        themes: { select: { themeId: true } },
      },
    }),
    db.consultationAnswerText.groupBy({ by: ["moderation"], where: live, _count: { _all: true } }),
  ]);
  const positions = new Map(consultation.questions.map((question) => [question.id, question.position]));
  const counts: Record<ModerationState, number> = { pending: 0, approved: 0, hidden: 0 };
  for (const row of grouped) counts[row.moderation] = row._count._all;
  return {
    consultation: {
      id: consultation.id,
      title: consultation.title as unknown as LocalizedText,
      questions: consultation.questions.map((question) => ({ id: question.id, position: question.position, prompt: question.prompt as unknown as LocalizedText })),
    },
    themes: consultation.themes.map((theme) => ({ id: theme.id, label: theme.label as unknown as LocalizedText })),
    state: input.state,
    counts,
    page,
    hasNext: texts.length > moderationPageSize,
    items: texts.slice(0, moderationPageSize).map((row) => ({
      responseId: row.responseId,
      questionId: row.questionId,
      questionPosition: positions.get(row.questionId) ?? 0,
      capacity: row.response.capacity,
      state: row.moderation,
      redactedText: row.redactedText,
      flags: row.flags.filter((flag): flag is PersonalDataKind => (personalDataKinds as readonly string[]).includes(flag)),
      hiddenReason: row.hiddenReason,
      moderatedAt: row.moderatedAt,
      fingerprint: answerTextFingerprint(row.text),
      themeIds: row.themes.map((theme) => theme.themeId),
    })),
  };
}
