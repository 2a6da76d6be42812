import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import semver from "semver";
import { describe, expect, it } from "vitest";

// npm ci warns EBADENGINE when an installed package's engines.node does not admit the running Node. The README and
// package.json promise a range of Node versions; every package in the lock file must admit all of it, so an upgrade
// that quietly needs a newer Node fails here instead of in a participant site's install log.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8")) as Record<string, unknown>;

const manifest = readJson("package.json") as { engines?: { node?: string } };
const lock = readJson("package-lock.json") as { packages: Record<string, { version?: string; engines?: unknown; optional?: boolean }> };
const promised = manifest.engines?.node ?? "";

describe("the Node version the project promises", () => {
  it("is a valid range in package.json engines", () => {
    expect(semver.validRange(promised)).not.toBeNull();
  });

  it("is what the README names as the minimum", () => {
    const minimum = semver.minVersion(promised)!;
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toContain(`Node.js ${minimum.major}.${minimum.minor}+`);
  });

  it("is admitted by every package in package-lock.json", () => {
    const refusing: string[] = [];
    for (const [location, entry] of Object.entries(lock.packages)) {
      // npm leaves out, without a warning, an optional package whose engines refuse the running Node (rollup's
      // optional lzma binding wants Node 22.20); everything else is installed and warned about.
      if (location === "" || entry.optional) continue;
      // npm itself ignores the old array form of engines; only a string range can refuse a Node version.
      const engines = entry.engines as { node?: unknown } | undefined;
      const range = engines && !Array.isArray(engines) && typeof engines.node === "string" ? engines.node : undefined;
      if (range === undefined) continue;
      if (!semver.subset(promised, range, { includePrerelease: false })) refusing.push(`${location}@${entry.version ?? "?"} needs node ${range}`);
    }
    expect(refusing, `package.json promises node ${promised}`).toEqual([]);
  });

  it("admits the Node running the tests (the one CI and this machine use)", () => {
    expect(semver.satisfies(process.versions.node, promised)).toBe(true);
  });
});
