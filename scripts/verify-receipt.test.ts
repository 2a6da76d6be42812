import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { signConsentReceipt } from "../app/domain/consent/records/receipts/consent-receipt-jws.server";
import { testReceipt } from "../tests/factories/consent-receipt";
import { highSTwinJws } from "../tests/support/high-s-twin";

const run = promisify(execFile);
const folder = mkdtempSync(path.join(tmpdir(), "tsunagi-receipt-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const keysFile = path.join(folder, "jwks.json");
writeFileSync(keysFile, JSON.stringify({ keys: [{ ...publicKey.export({ format: "jwk" }), kid: "r1", alg: "ES256", use: "sig" }] }));

async function receiptFile(name: string, alter?: (jws: string) => string): Promise<string> {
  const jws = await signConsentReceipt(testReceipt(), { kid: "r1", privateKey });
  const file = path.join(folder, name);
  writeFileSync(file, `${alter ? alter(jws) : jws}\n`);
  return file;
}

/** The command as a person runs it, offline against a saved key set: its output and exit code. */
async function verify(file: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/verify-receipt.ts", file, "--keys", keysFile], { cwd: path.resolve(import.meta.dirname, "..") });
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

describe("npm run receipt:verify", () => {
  it("says a receipt the programme signed is valid, what it proves and what it does not", async () => {
    const { code, out } = await verify(await receiptFile("good.jws"));
    expect(code).toBe(0);
    expect(out).toContain("VALID: issued by Tsunagi (https://tsunagi.example), signed with key r1.");
    expect(out).toContain("participant (pseudonym): TGP-AB12-CD34");
    expect(out).toContain("granted (dpv:ConsentGiven)");
    expect(out).toContain("What it does not prove");
  }, 30_000);

  it("refuses a receipt altered after signing, with exit code 1", async () => {
    const tampered = await receiptFile("tampered.jws", (jws) => {
      const [header, payload, signature] = jws.split(".");
      const text = Buffer.from(payload!, "base64url").toString("utf8").replace("TGP-AB12-CD34", "TGP-ZZZZ-ZZZZ");
      return `${header}.${Buffer.from(text).toString("base64url")}.${signature}`;
    });
    const { code, out } = await verify(tampered);
    expect(code).toBe(1);
    expect(out).toContain("NOT VALID: the signature does not match");
  }, 30_000);

  it("refuses the high-S twin of a genuine receipt's signature (ADR 117): the programme issued one form, not two", async () => {
    const { code, out } = await verify(await receiptFile("twin.jws", highSTwinJws));
    expect(code).toBe(1);
    expect(out).toContain("NOT VALID: the signature does not match");
  }, 30_000);
});
