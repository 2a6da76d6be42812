/**
 * A test's time budget (never a timed assertion): what a test needs on a quiet machine, doubled, because CI's two
 * shared cores run two app servers, their PostgreSQLs and Chromium at once, and tests that took half their budget
 * here ran out of it there. E2E_BUDGET_FACTOR changes the factor.
 */
const factor = Number(process.env.E2E_BUDGET_FACTOR ?? 2) || 2;

export function budget(ms: number): number {
  return Math.round(ms * factor);
}
