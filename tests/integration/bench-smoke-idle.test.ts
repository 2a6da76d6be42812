// `npm run bench` in smoke mode (issue 60; tests/support/bench-smoke.ts): `npm start` started, settled and measured doing nothing.
import { benchSmokeTest } from "../support/bench-smoke";

benchSmokeTest("bench-smoke-idle");
