/**
 * The names `npm run bench` knows, apart from the code that runs them, so that the smoke tests
 * (tests/support/bench-smoke.ts) can check they run every one without loading the benchmarks themselves.
 */

/** The suites of `npm run bench`, in the order it runs them (bench/run.ts): `npm run bench -- <suite> …` picks some. */
export const benchSuites = ["foundation", "web", "idle", "bridge", "recontact", "access", "transparency", "consultations", "scale"] as const;
export type BenchSuite = (typeof benchSuites)[number];

/**
 * The bridge suite's parts (bench/bridge/run-bridge-benchmarks.ts), which BENCH_BRIDGE_ONLY=<part,…> picks from:
 * `in-process` (2, batch decisions in-process), `decisions` (1, over HTTP beside a bare server), `invitations` (4, a
 * release, and 5, a study's question, on the same bridge), `propagation` (3, commit → the gate denies) and `capacity`
 * (a new replica's catch-up and two replicas beside one, bench/bridge/run-capacity-benchmarks.ts).
 */
export const bridgeParts = ["in-process", "decisions", "invitations", "propagation", "capacity"] as const;
export type BridgePart = (typeof bridgeParts)[number];
