// Each test file leaves process.env as it found it (issue 26). Test files share worker processes (vitest.config.ts),
// and process.env belongs to the process: a variable one file sets and never restores (an SMTP_URL pointing at its own
// mail server, a DATABASE_URL) would reach the files after it in that worker. Files still restore what they change in
// their own hooks; this is the net under them. Registered first among the setup files, its afterAll runs last.
import { afterAll } from "vitest";

const atStart = { ...process.env };

afterAll(() => {
  for (const name of Object.keys(process.env)) {
    if (!(name in atStart)) delete process.env[name];
  }
  Object.assign(process.env, atStart);
});
