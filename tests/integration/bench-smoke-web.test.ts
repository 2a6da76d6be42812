// `npm run bench` in smoke mode (issue 60; tests/support/bench-smoke.ts): the web app's pages beside Remix's template, the public-page cache and the furigana runtime.
import { benchSmokeTest } from "../support/bench-smoke";

benchSmokeTest("bench-smoke-web");
