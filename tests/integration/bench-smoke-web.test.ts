// `npm run bench -- web` in smoke mode, its first measurement (issue 60; tests/support/bench-smoke.ts): the web app's pages on one app process beside Remix's template, their weight, the public-page cache and the furigana runtime.
import { benchSmokeTest } from "../support/bench-smoke";

benchSmokeTest("bench-smoke-web");
