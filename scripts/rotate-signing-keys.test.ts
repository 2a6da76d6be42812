import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readP256KeyFile } from "@tsunagi/service-kit/p256-key-file.server";
import { signingKeyAt } from "@tsunagi/service-kit/signing-key-schedule";
import { resetEnvCache } from "../app/env.server";
import { defaultKeyFile, describeRotation, parseDuration, rotateSigningKeys, RotationRefused, type RotationOptions } from "./rotate-signing-keys";

let folder: string;
let file: string;
beforeEach(async () => {
  folder = mkdtempSync(path.join(tmpdir(), "tsunagi-rotate-"));
  file = path.join(folder, "keys.json");
  await readP256KeyFile({ file, what: "test keys", requireSigner: true, generate: true });
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const now = Date.parse("2026-11-24T09:00:00.250Z");
const rotation = (overrides: Partial<RotationOptions> = {}): RotationOptions => ({ keys: "bridge", file, activateInMs: 3_600_000, retire: [], newKey: true, force: false, now, ...overrides });
const stored = () => JSON.parse(readFileSync(file, "utf8")) as { keys: { kid: string; d?: string; tsunagi_signs_from?: string }[] };
const keysAt = async (at: number) => signingKeyAt((await readP256KeyFile({ file, what: "test keys", requireSigner: false, generate: false }))!, at)?.kid;

// ADR 054: the operator's rotation script.
describe("rotate-signing-keys", () => {
  it("appends a key that signs from its time (whole seconds), keeps every key, and says so", async () => {
    const [old] = stored().keys;
    const result = await rotateSigningKeys(rotation());
    expect(result).toMatchObject({ added: { signsFrom: "2026-11-24T10:00:00.000Z" }, retired: [], signingNow: old!.kid, next: { kid: result.added!.kid, from: "2026-11-24T10:00:00.000Z" } });
    expect(stored().keys.map((key) => [key.kid, key.tsunagi_signs_from ?? null])).toEqual([
      [old!.kid, null],
      [result.added!.kid, "2026-11-24T10:00:00.000Z"],
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await keysAt(Date.parse("2026-11-24T09:59:59.999Z"))).toBe(old!.kid);
    expect(await keysAt(Date.parse("2026-11-24T10:00:00Z"))).toBe(result.added!.kid);
    expect(describeRotation("bridge", result, now)).toContain(`new key ${result.added!.kid} signs from 2026-11-24T10:00:00.000Z (in 1 h)`);
  });

  it("refuses an activation sooner than the caches allow unless forced, and a leaked key goes at once with --force", async () => {
    const [leaked] = stored().keys;
    await expect(rotateSigningKeys(rotation({ activateInMs: 0 }))).rejects.toThrow(/shorter than 10 minutes\. Verifiers and proxies may keep the published key set for 5 minutes/);
    expect(stored().keys).toHaveLength(1);
    // Retiring the key that signs, with nothing to take over, is refused …
    await expect(rotateSigningKeys(rotation({ retire: [leaked!.kid], force: true }))).rejects.toThrow(/no key could sign until 2026-11-24T10:00:00.000Z/);
    await expect(rotateSigningKeys(rotation({ retire: [leaked!.kid], newKey: false }))).rejects.toThrow(/no key could sign until a new key is added/);
    // … but with a new key signing at once, it is the way out of a leak.
    const result = await rotateSigningKeys(rotation({ activateInMs: 0, force: true, retire: [leaked!.kid] }));
    expect(result.signingNow).toBe(result.added!.kid);
    expect(stored().keys.map((key) => [key.kid, key.d !== undefined])).toEqual([
      [leaked!.kid, false],
      [result.added!.kid, true],
    ]);
    expect(await keysAt(now)).toBe(result.added!.kid);
  });

  it("names what it cannot do: an unknown or already retired key, nothing to do, a missing or broken file", async () => {
    const [key] = stored().keys;
    await expect(rotateSigningKeys(rotation({ retire: ["nope"] }))).rejects.toThrow(`No key nope in ${file}; its keys are ${key!.kid}`);
    await expect(rotateSigningKeys(rotation({ newKey: false }))).rejects.toThrow("Nothing to do");
    const next = await rotateSigningKeys(rotation({ activateInMs: 0, force: true }));
    await rotateSigningKeys(rotation({ retire: [key!.kid], newKey: false }));
    await expect(rotateSigningKeys(rotation({ retire: [key!.kid], newKey: false }))).rejects.toThrow(`${key!.kid} is already retired`);
    expect(next.signingNow).toBe(next.added!.kid);
    await expect(rotateSigningKeys(rotation({ file: path.join(folder, "missing.json") }))).rejects.toThrow(/No key file at .*missing\.json\. The service creates it/);
    const broken = path.join(folder, "broken.json");
    await import("node:fs/promises").then((fs) => fs.writeFile(broken, "{"));
    await expect(rotateSigningKeys(rotation({ file: broken }))).rejects.toThrow(/is not JSON.*\nFix the file first; nothing was written\./s);
    await expect(rotateSigningKeys(rotation({ file: broken }))).rejects.toBeInstanceOf(RotationRefused);
  });

  it("two rotations at once both land: the second waits for the first, so no key is lost", async () => {
    const [old] = stored().keys;
    const results = await Promise.all([rotateSigningKeys(rotation()), rotateSigningKeys(rotation({ activateInMs: 7_200_000 }))]);
    expect(stored().keys.map((key) => key.kid).sort()).toEqual([old!.kid, ...results.map((result) => result.added!.kid)].sort());
    expect(readdirSync(folder)).toEqual(["keys.json"]);
  });

  it("refuses while another process holds the rotation lock, and takes over one left by a process that died", async () => {
    writeFileSync(`${file}.rotating`, `${process.pid}\n`);
    await expect(rotateSigningKeys(rotation({ lockWaitMs: 300 }))).rejects.toThrow(`Another rotation of ${file} is under way (process ${process.pid} holds ${file}.rotating)`);
    expect(stored().keys).toHaveLength(1);

    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(`${file}.rotating`, `${gone.stdout}\n`);
    const result = await rotateSigningKeys(rotation({ lockWaitMs: 300 }));
    expect(stored().keys.map((key) => key.kid)).toContain(result.added!.kid);
    expect(readdirSync(folder)).toEqual(["keys.json"]);
  });

  it("reads durations as an operator writes them", () => {
    expect([parseDuration("0"), parseDuration("90s"), parseDuration("10m"), parseDuration("1h30m"), parseDuration("2d")]).toEqual([0, 90_000, 600_000, 5_400_000, 172_800_000]);
    expect(() => parseDuration("1 hour")).toThrow("give a duration such as 90s, 10m, 1h, 1h30m or 2d");
    expect(() => parseDuration("-1h")).toThrow(RotationRefused);
  });

  it("defaults to the file each service reads: the variable when set, else the generated file under TSUNAGI_DATA_DIR", async () => {
    const saved = { ...process.env };
    try {
      process.env.TSUNAGI_DATA_DIR = folder;
      delete process.env.BRIDGE_SIGNING_KEYS_FILE;
      delete process.env.LEDGER_CHECKPOINT_KEYS_FILE;
      resetEnvCache();
      expect(await defaultKeyFile("bridge")).toBe(path.join(folder, "bridge-signing-keys.json"));
      expect(await defaultKeyFile("checkpoints")).toBe(path.join(folder, "ledger-checkpoint-keys.json"));
      process.env.BRIDGE_SIGNING_KEYS_FILE = "/etc/tsunagi/bridge-keys.json";
      process.env.LEDGER_CHECKPOINT_KEYS_FILE = "/etc/tsunagi/checkpoint-keys.json";
      resetEnvCache();
      expect(await defaultKeyFile("bridge")).toBe("/etc/tsunagi/bridge-keys.json");
      expect(await defaultKeyFile("checkpoints")).toBe("/etc/tsunagi/checkpoint-keys.json");
    } finally {
      process.env = saved;
      resetEnvCache();
    }
  });
});
