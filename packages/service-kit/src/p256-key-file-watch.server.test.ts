import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually } from "../../../tests/support/outbox-fixtures";
import { expectErrorLines, loggedLines } from "../../../tests/support/captured-logs";
import { serviceLogger } from "./logger";
import { openP256KeyFile, type WatchedP256KeyFile } from "./p256-key-file-watch.server";
import { newP256KeyEntry, writeP256KeyFileAtomically, type P256KeySetDocument } from "./p256-key-file.server";

let dir: string;
let file: string;
let watched: WatchedP256KeyFile | undefined;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "tsunagi-watch-"));
  file = path.join(dir, "keys.json");
});
afterEach(async () => {
  watched?.stop();
  watched = undefined;
  await rm(dir, { recursive: true, force: true });
});

const open = () => openP256KeyFile({ file, what: "the test keys", requireSigner: true, generate: true, log: serviceLogger("bridge") });
const kids = (keys: readonly { kid: string }[]) => keys.map((key) => key.kid);
const current = async () => JSON.parse(await readFile(file, "utf8")) as P256KeySetDocument;

// ADR 054: a running service re-reads its key file by itself; a bad version never replaces good keys.
describe("a watched key file", () => {
  it("picks up a rotated file on its interval, and says what changed", async () => {
    watched = await open();
    const [first] = watched.keys();
    watched.startWatching({ checkMs: 50 });
    const next = await newP256KeyEntry(new Date(Date.now() + 3_600_000));
    await writeP256KeyFileAtomically(file, { keys: [...(await current()).keys, next] });
    await eventually("the new key in use", () => watched!.keys().length === 2);
    expect(kids(watched.keys())).toEqual([first!.kid, next.kid]);
    const line = loggedLines().find((entry) => entry.msg.startsWith("the test keys: re-read"));
    expect(line).toMatchObject({ level: "info", added: [next.kid], signing: first!.kid, next: next.kid, nextFrom: next.tsunagi_signs_from });
    expect(await watched.check()).toBe("unchanged");
  });

  it("keeps the keys in use when the changed file is bad, logs that at level error once, and takes the fixed file", async () => {
    expectErrorLines();
    watched = await open();
    const before = kids(watched.keys());
    const good = await current();
    expect(watched.refused()).toBeNull();
    await writeFile(file, '{"keys": [');
    expect(await watched.check()).toBe("kept_old_keys");
    const refused = watched.refused();
    expect(refused).toEqual({ since: expect.any(String), inUse: before });
    expect(await watched.check()).toBe("unchanged");
    // A file whose only key is public: nothing could sign, so it is not taken either.
    await writeFile(file, JSON.stringify({ keys: good.keys.map(({ d: _d, ...rest }) => rest) }));
    expect(await watched.check()).toBe("kept_old_keys");
    await rm(file);
    expect(await watched.check()).toBe("kept_old_keys");
    expect(kids(watched.keys())).toEqual(before);
    // Refused since the first bad version, whatever came after it.
    expect(watched.refused()).toEqual(refused);
    const errors = loggedLines().filter((entry) => entry.level === "error");
    expect(errors.map((entry) => entry.error)).toEqual([
      expect.stringContaining("is not JSON"),
      expect.stringContaining('no key has its private part ("d")'),
      expect.stringContaining("is gone"),
    ]);
    expect(errors[0]).toMatchObject({ msg: "the test keys: the changed file cannot be used, so the keys read before stay in use until it is fixed", inUse: before });

    const added = await newP256KeyEntry(new Date(Date.now() + 3_600_000));
    await writeP256KeyFileAtomically(file, { keys: [...good.keys, added] });
    expect(await watched.check()).toBe("reloaded");
    expect(kids(watched.keys())).toEqual([...before, added.kid]);
    expect(watched.refused()).toBeNull();
    expect(loggedLines().map((entry) => entry.msg)).toContain(`the test keys: ${file} can be used again`);
  });

  it("re-reads at once on SIGHUP, through one listener however many files are watched, gone when none is", async () => {
    const before = process.listenerCount("SIGHUP");
    watched = await open();
    // An interval far longer than the test: only the signal can make it look.
    watched.startWatching({ checkMs: 3_600_000 });
    const others = await Promise.all(Array.from({ length: 12 }, () => open()));
    for (const other of others) other.startWatching({ checkMs: 3_600_000 });
    expect(process.listenerCount("SIGHUP")).toBe(before + 1);
    const added = await newP256KeyEntry(new Date(Date.now() + 3_600_000));
    await writeP256KeyFileAtomically(file, { keys: [...(await current()).keys, added] });
    process.emit("SIGHUP");
    await eventually("the key added", () => watched!.keys().some((key) => key.kid === added.kid));
    await eventually("every watcher re-read", () => others.every((other) => other.keys().some((key) => key.kid === added.kid)));
    for (const other of others) other.stop();
    expect(process.listenerCount("SIGHUP")).toBe(before + 1);
    watched.stop();
    expect(process.listenerCount("SIGHUP")).toBe(before);
  });

  it("warns when a file drops a key, or makes a key no verifier has seen sign at once", async () => {
    watched = await open();
    const [old] = (await current()).keys;
    const unannounced = await newP256KeyEntry();
    // The old way of rotating: a new key put first, signing as soon as it is read.
    await writeP256KeyFileAtomically(file, { keys: [unannounced] });
    expect(await watched.check()).toBe("reloaded");
    const warnings = loggedLines().filter((entry) => entry.level === "warn");
    expect(warnings.map((entry) => entry.kid)).toEqual([old!.kid, unannounced.kid]);
    expect(warnings[1]!.msg).toContain("a verifier holding a cached key set rejects its signatures until it fetches the set again");
  });
});
