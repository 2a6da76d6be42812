// `npm run bench` in smoke mode (issue 60; tests/support/bench-smoke.ts): the bridge's decisions in-process and over HTTP, a release and a study's question, and withdrawal propagation.
import { benchSmokeTest } from "../support/bench-smoke";

benchSmokeTest("bench-smoke-bridge");
