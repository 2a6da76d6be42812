/**
 * The participant panel's learning path (issue 28 item 7; ADR 060): four modules, each a few sections and a short
 * self-check. The words are in locales/<lang>/learning.json under `modules.<id>`; this file holds only their shape —
 * which sections, which questions, which option is right — so the page, the tests and the table agree on one list.
 * A self-check gives feedback only: nothing is graded, and marking a module done does not depend on it.
 */

export const learningModuleIds = ["programme", "data-use-terms", "committee", "document-review"] as const;
export type LearningModuleId = (typeof learningModuleIds)[number];

export interface SelfCheckQuestion {
  id: string;
  options: readonly string[];
  answer: string;
}

export interface LearningModule {
  id: LearningModuleId;
  /** Section ids, in reading order: `modules.<id>.sections.<section>.heading` and `.body` (paragraphs split on blank lines). */
  sections: readonly string[];
  questions: readonly SelfCheckQuestion[];
}

export const learningModules: readonly LearningModule[] = [
  {
    id: "programme",
    sections: ["what", "choices", "withdrawal", "gate"],
    questions: [
      { id: "q1", options: ["a", "b", "c"], answer: "b" },
      { id: "q2", options: ["a", "b", "c"], answer: "b" },
      { id: "q3", options: ["a", "b", "c"], answer: "b" },
    ],
  },
  {
    id: "data-use-terms",
    sections: ["why", "purposes", "conditions", "matching"],
    questions: [
      { id: "q1", options: ["a", "b", "c"], answer: "b" },
      { id: "q2", options: ["a", "b", "c"], answer: "b" },
      { id: "q3", options: ["a", "b", "c"], answer: "a" },
    ],
  },
  {
    id: "committee",
    sections: ["who", "conflicts", "voting", "tally", "chair"],
    questions: [
      { id: "q1", options: ["a", "b", "c"], answer: "a" },
      { id: "q2", options: ["a", "b", "c"], answer: "a" },
      { id: "q3", options: ["a", "b", "c"], answer: "b" },
    ],
  },
  {
    id: "document-review",
    sections: ["why", "reading", "missing", "commenting"],
    questions: [
      { id: "q1", options: ["a", "b", "c"], answer: "b" },
      { id: "q2", options: ["a", "b", "c"], answer: "b" },
      { id: "q3", options: ["a", "b", "c"], answer: "b" },
    ],
  },
];

export function isLearningModuleId(value: string): value is LearningModuleId {
  return (learningModuleIds as readonly string[]).includes(value);
}

export function learningModuleOf(id: LearningModuleId): LearningModule {
  return learningModules.find((module) => module.id === id)!;
}

export interface SelfCheckFeedback {
  questionId: string;
  chosen: string;
  correct: boolean;
  answer: string;
}

/**
 * Feedback on the answers a reader gave (question id → option id), for the questions they answered; an answer that
 * names no option of its question is left out, as if not given. Pure: nothing is stored.
 */
export function selfCheckFeedback(module: LearningModule, answers: Readonly<Record<string, string>>): SelfCheckFeedback[] {
  return module.questions.flatMap((question) => {
    const chosen = Object.hasOwn(answers, question.id) ? answers[question.id]! : undefined;
    if (chosen === undefined || !question.options.includes(chosen)) return [];
    return [{ questionId: question.id, chosen, correct: chosen === question.answer, answer: question.answer }];
  });
}
