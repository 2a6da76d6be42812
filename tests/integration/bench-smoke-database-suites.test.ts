// `npm run bench` in smoke mode (issue 60; tests/support/bench-smoke.ts): foundation, recontact, access and consultations: the suites that only seed and query a database, in one bench process.
import { benchSmokeTest } from "../support/bench-smoke";

benchSmokeTest("bench-smoke-database-suites");
