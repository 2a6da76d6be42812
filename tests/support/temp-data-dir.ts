import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { closeVisaKeys } from "../../app/domain/access/visas/visa-keys.server";
import { closeReceiptKeys } from "../../app/domain/consent/records/receipts/receipt-keys.server";
import { resetEnvCache } from "../../app/env.server";

/** Points TSUNAGI_DATA_DIR (captured mail, dev secret) at a private temporary folder for one test file. */
export function useTempDataDir(): { readonly path: string } {
  let dir = "";
  let previous: string | undefined;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "tsunagi-test-"));
    previous = process.env.TSUNAGI_DATA_DIR;
    process.env.TSUNAGI_DATA_DIR = dir;
    delete process.env.SMTP_URL;
    resetEnvCache();
  });
  afterAll(() => {
    // The app's watch on the visa and receipt keys in this folder (test files share a worker process; issue 26).
    closeVisaKeys();
    closeReceiptKeys();
    if (previous === undefined) delete process.env.TSUNAGI_DATA_DIR;
    else process.env.TSUNAGI_DATA_DIR = previous;
    resetEnvCache();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get path() {
      return dir;
    },
  };
}
