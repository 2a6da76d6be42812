// `npm run bench` in smoke mode (issue 60; tests/support/bench-smoke.ts): the bridge replicas' catch-up from the stream and two replicas beside one.
import { benchSmokeTest } from "../support/bench-smoke";

benchSmokeTest("bench-smoke-bridge-capacity");
