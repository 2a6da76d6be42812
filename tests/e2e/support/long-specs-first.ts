/**
 * The browser step's order (issue 62): the spec files measured to run longest start first, as Vitest's sequencer does
 * for its files (tests/support/long-files-first.ts). Playwright hands files to its workers in the order it found them,
 * alphabetically, so the page sweep (three tests of 1.5 min each, in one file), the journey and the scheduled update
 * (which waits for its minute) came late and one worker ran on alone for over a minute after the others had finished.
 * playwright.config.ts puts these files in a project that is dispatched before the rest.
 *
 * The list is a measurement, not a rule: `npm test` prints the slowest spec files at the end of every run
 * (docs/testing.md); when a file there is missing from this list, add it. Every file must exist (tested).
 */
export const longRunningSpecs = [
  "tests/e2e/page-sweep.spec.ts",
  "tests/e2e/journey.spec.ts",
  "tests/e2e/family.spec.ts",
  "tests/e2e/updates.spec.ts",
  "tests/e2e/recontact.spec.ts",
  "tests/e2e/transparency-reports.spec.ts",
  "tests/e2e/transparency.spec.ts",
  "tests/e2e/findings.spec.ts",
  "tests/e2e/journey-phone.spec.ts",
  "tests/e2e/data-access-panel.spec.ts",
  "tests/e2e/proxy-pages.spec.ts",
  "tests/e2e/home-waiting.spec.ts",
  "tests/e2e/consultation-staff.spec.ts",
  "tests/e2e/consultation-report.spec.ts",
  "tests/e2e/admin-accounts.spec.ts",
];
