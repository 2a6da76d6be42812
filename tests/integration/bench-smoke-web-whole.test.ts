// `npm run bench -- web` in smoke mode, its second measurement (issue 60, 62; tests/support/bench-smoke.ts): the web app's pages from the whole system as npm start runs it, beside Remix's template.
import { benchSmokeTest } from "../support/bench-smoke";

benchSmokeTest("bench-smoke-web-whole");
