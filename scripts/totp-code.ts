/** Prints the current TOTP code for a demo staff account: `npx tsx scripts/totp-code.ts coordinator`. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { currentTotpCode } from "../app/domain/auth/index.server";
import { DemoFileSchema } from "../app/wiring/demo/demo-file";
import { dataDir } from "../app/env.server";

const role = process.argv[2] ?? "admin";
const demo = DemoFileSchema.parse(JSON.parse(readFileSync(path.join(dataDir(), "demo.json"), "utf8")));
const account = demo.accounts.find((candidate) => candidate.role === role);
if (!account?.totpSecret) {
  console.error(`No demo account with a TOTP key for role "${role}". Staff roles: coordinator, counsellor, elsi_staff, dac_secretariat, dac_chair, admin.`);
  process.exit(1);
}
console.log(currentTotpCode(decodeBase32IgnorePadding(account.totpSecret)));
