/**
 * Vitest's order for the files (issue 26): the files measured to run longest start first, so that on two cores the
 * run does not end with one long file holding a worker while the others are idle. Vitest's own order sorts by the
 * durations it cached on this machine, and on a clean clone (CI) by file size, which puts a small file that runs for
 * half a minute (chaos, the app cluster, the bridge replicas) at the very end.
 *
 * The list is a measurement, not a rule: `npm test` prints the slowest files at the end of every run
 * (docs/testing.md); when a file there is missing from this list, add it. Every path must exist (tested).
 */
import type { TestSpecification } from "vitest/node";
import { BaseSequencer } from "vitest/node";

/**
 * Longest first, as measured on a 2-core machine with three workers (docs/testing.md). The bench smoke files (issue 60:
 * 10–30 s each alone, two or three times that beside each other) are spread through the list, the heaviest three
 * (transparency, bridge, scale) furthest apart: three of them at once on two cores took over a minute each. Unlisted,
 * their tiny files would have run last, together.
 */
export const longRunningFiles = [
  "tests/integration/authorization-matrix.2.test.ts",
  "tests/integration/authorization-matrix.1.test.ts",
  "tests/integration/authorization-matrix.3.test.ts",
  "tests/integration/chaos.test.ts",
  "tests/integration/bench-smoke-transparency.test.ts",
  "tests/integration/app-cluster.test.ts",
  "tests/integration/start-sign-ins.test.ts",
  "tests/integration/ledger-checkpoints.test.ts",
  "tests/integration/ledger-checkpoint-attacks.test.ts",
  "tests/integration/bridge-replicas.test.ts",
  "tests/integration/nats-consent-stream.test.ts",
  "tests/integration/bench-smoke-bridge.test.ts",
  "tests/integration/contact-recheck.test.ts",
  "tests/integration/family-access.test.ts",
  "tests/integration/published-checkpoint-scripts.test.ts",
  "tests/integration/published-checkpoint-witness.test.ts",
  "tests/integration/bench-smoke-web.test.ts",
  "tests/integration/request-edge.test.ts",
  "tests/integration/signing-key-rotation.test.ts",
  "tests/integration/recontact-campaign-flow.test.ts",
  "tests/integration/bench-smoke-scale.test.ts",
  "tests/integration/ledger.test.ts",
  "app/domain/consent/records/documents/render-consent-pdf.server.test.ts",
  "tests/integration/bridge-projection-property.test.ts",
  "tests/integration/bench-smoke-idle.test.ts",
  "tests/integration/consent-concurrency.test.ts",
  "tests/integration/bench-smoke-bridge-capacity.test.ts",
  "tests/integration/bench-smoke-database-suites.test.ts",
];

export default class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const relative = file.moduleId.slice(this.ctx.config.root.length).replace(/^\//, "");
      const index = longRunningFiles.indexOf(relative);
      return index === -1 ? longRunningFiles.length : index;
    };
    // Array.prototype.sort is stable: the files not listed keep Vitest's own order after the listed ones.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
