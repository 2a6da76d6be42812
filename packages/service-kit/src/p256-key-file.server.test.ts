import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newP256KeyEntry, readP256KeyFile, writeP256KeyFileAtomically } from "./p256-key-file.server";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tsunagi-keys-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const options = (file: string, overrides: { requireSigner?: boolean; generate?: boolean; now?: number } = {}) => ({
  file,
  what: "the test keys",
  requireSigner: overrides.requireSigner ?? true,
  generate: overrides.generate ?? true,
  now: overrides.now,
});

const publicPart = ({ d: _d, ...rest }: Record<string, unknown>) => rest;

describe("a P-256 key file (the bridge's answer keys, the ledger's checkpoint keys)", () => {
  it("is created once, readable only by its owner, and every process that races to create it gets the same key", async () => {
    const file = path.join(dir, "nested", "keys.json");
    const sets = await Promise.all(Array.from({ length: 5 }, () => readP256KeyFile(options(file))));
    expect(new Set(sets.map((keys) => keys![0]!.kid)).size).toBe(1);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = await readP256KeyFile(options(file));
    expect(again![0]!.kid).toBe(sets[0]![0]!.kid);
    expect(again![0]!.privateKey).not.toBeNull();
    expect(again![0]!.signsFrom).toBeNull();
  });

  it("is not created when it may not be, and a verifier's public-only copy is read without private parts", async () => {
    const file = path.join(dir, "keys.json");
    expect(await readP256KeyFile(options(file, { generate: false }))).toBeNull();
    const [key] = (await readP256KeyFile(options(file)))!;
    const publicOnly = path.join(dir, "public.json");
    await writeFile(publicOnly, JSON.stringify({ keys: [key!.publicJwk] }));
    const [verifier] = (await readP256KeyFile(options(publicOnly, { requireSigner: false, generate: false })))!;
    expect(verifier).toMatchObject({ kid: key!.kid, privateKey: null, publicJwk: key!.publicJwk });
  });

  it("names the file and what is wrong with it: not JSON, not P-256, a signer's file with no private part", async () => {
    const file = path.join(dir, "keys.json");
    await writeFile(file, "not json");
    await expect(readP256KeyFile(options(file))).rejects.toThrow(`${file} is not JSON`);
    await writeFile(file, JSON.stringify({ keys: [{ kty: "RSA", n: "x", e: "AQAB" }] }));
    await expect(readP256KeyFile(options(file))).rejects.toThrow(`${file} must be a JWK set of P-256 keys`);
    const made = path.join(dir, "made.json");
    const [key] = (await readP256KeyFile(options(made)))!;
    await writeFile(file, JSON.stringify({ keys: [key!.publicJwk] }));
    await expect(readP256KeyFile(options(file))).rejects.toThrow('no key has its private part ("d")');
    expect(JSON.parse(await readFile(made, "utf8")).keys[0].d).toBeTypeOf("string");
  });

  it("reads activation times and retired keys (ADR 054): a signer's file needs one key that may sign now", async () => {
    const file = path.join(dir, "keys.json");
    const retired = publicPart(await newP256KeyEntry());
    const current = await newP256KeyEntry();
    const next = await newP256KeyEntry(new Date("2026-11-24T10:00:00Z"));
    await writeFile(file, JSON.stringify({ keys: [retired, current, next] }));
    const keys = (await readP256KeyFile(options(file)))!;
    expect(keys.map((key) => [key.privateKey === null, key.signsFrom])).toEqual([
      [true, null],
      [false, null],
      [false, Date.parse("2026-11-24T10:00:00Z")],
    ]);

    // Only the retired key and the one not yet active: nothing could sign before 10:00.
    await writeFile(file, JSON.stringify({ keys: [retired, next] }));
    await expect(readP256KeyFile(options(file, { now: Date.parse("2026-11-24T09:59:59Z") }))).rejects.toThrow(
      /has no key that may sign now \(2026-11-24T09:59:59.000Z\).*signs only from its "tsunagi_signs_from" \(2026-11-24T10:00:00.000Z\)/,
    );
    expect(await readP256KeyFile(options(file, { now: Date.parse("2026-11-24T10:00:00Z") }))).toHaveLength(2);
    // A verifier's copy needs no signer at all.
    expect(await readP256KeyFile(options(file, { requireSigner: false, now: 0 }))).toHaveLength(2);
  });

  it("refuses an activation time that is not UTC ISO 8601, a key listed twice, and a private part of another key", async () => {
    const file = path.join(dir, "keys.json");
    const key = await newP256KeyEntry();
    await writeFile(file, JSON.stringify({ keys: [{ ...key, tsunagi_signs_from: "2026-11-24T19:00:00+09:00" }] }));
    await expect(readP256KeyFile(options(file))).rejects.toThrow('keys.0.tsunagi_signs_from: "tsunagi_signs_from" must be an ISO 8601 time in UTC');
    await writeFile(file, JSON.stringify({ keys: [key, publicPart(key)] }));
    await expect(readP256KeyFile(options(file))).rejects.toThrow(`holds the key ${key.kid} twice`);
    const other = await newP256KeyEntry();
    await writeFile(file, JSON.stringify({ keys: [{ ...key, d: other.d }] }));
    await expect(readP256KeyFile(options(file))).rejects.toThrow(`${file}: key 1's private part ("d") does not belong to its public part (x, y)`);
  });

  it("is replaced atomically: mode 0600, no temporary file left, every member of every entry kept", async () => {
    const file = path.join(dir, "keys.json");
    await writeFile(file, "{}", { mode: 0o644 });
    const entry = { ...(await newP256KeyEntry(new Date("2026-12-01T00:00:00Z"))), note: "kept as written" };
    await writeP256KeyFileAtomically(file, { keys: [entry] });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["keys.json"]);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ keys: [entry] });
  });
});
