// `npm run bench` in smoke mode (issue 60; tests/support/bench-smoke.ts): the transparency snapshot and the dashboard, one app process and a cluster.
import { benchSmokeTest } from "../support/bench-smoke";

benchSmokeTest("bench-smoke-transparency");
