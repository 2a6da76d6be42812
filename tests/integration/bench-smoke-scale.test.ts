// `npm run bench` in smoke mode (issue 60; tests/support/bench-smoke.ts): the national cohort's five parts, at a few thousand participants.
import { benchSmokeTest } from "../support/bench-smoke";

benchSmokeTest("bench-smoke-scale");
