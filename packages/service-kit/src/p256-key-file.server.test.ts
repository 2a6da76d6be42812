import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readP256KeyFile } from "./p256-key-file.server";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tsunagi-keys-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const options = (file: string, overrides: { requirePrivate?: boolean; generate?: boolean } = {}) => ({
  file,
  what: "the test keys",
  requirePrivate: overrides.requirePrivate ?? true,
  generate: overrides.generate ?? true,
});

describe("a P-256 key file (the bridge's answer keys, the ledger's checkpoint keys)", () => {
  it("is created once, readable only by its owner, and every process that races to create it gets the same key", async () => {
    const file = path.join(dir, "nested", "keys.json");
    const sets = await Promise.all(Array.from({ length: 5 }, () => readP256KeyFile(options(file))));
    expect(new Set(sets.map((keys) => keys![0]!.kid)).size).toBe(1);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = await readP256KeyFile(options(file));
    expect(again![0]!.kid).toBe(sets[0]![0]!.kid);
    expect(again![0]!.privateKey).not.toBeNull();
  });

  it("is not created when it may not be, and a verifier's public-only copy is read without private parts", async () => {
    const file = path.join(dir, "keys.json");
    expect(await readP256KeyFile(options(file, { generate: false }))).toBeNull();
    const [key] = (await readP256KeyFile(options(file)))!;
    const publicOnly = path.join(dir, "public.json");
    await writeFile(publicOnly, JSON.stringify({ keys: [key!.publicJwk] }));
    const [verifier] = (await readP256KeyFile(options(publicOnly, { requirePrivate: false, generate: false })))!;
    expect(verifier).toMatchObject({ kid: key!.kid, privateKey: null, publicJwk: key!.publicJwk });
  });

  it("names the file and what is wrong with it: not JSON, not P-256, a signer's key without its private part", async () => {
    const file = path.join(dir, "keys.json");
    await writeFile(file, "not json");
    await expect(readP256KeyFile(options(file))).rejects.toThrow(`${file} is not JSON`);
    await writeFile(file, JSON.stringify({ keys: [{ kty: "RSA", n: "x", e: "AQAB" }] }));
    await expect(readP256KeyFile(options(file))).rejects.toThrow(`${file} must be a JWK set of P-256 private keys`);
    const made = path.join(dir, "made.json");
    const [key] = (await readP256KeyFile(options(made)))!;
    await writeFile(file, JSON.stringify({ keys: [key!.publicJwk] }));
    await expect(readP256KeyFile(options(file))).rejects.toThrow('a key has no private part ("d")');
    expect(JSON.parse(await readFile(made, "utf8")).keys[0].d).toBeTypeOf("string");
  });
});
