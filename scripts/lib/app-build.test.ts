import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { appBuildIsCurrent, buildInputsHash, buildStampFile } from "./app-build";

/** A tiny stand-in for the repository: the files the build reads, and a build/ with its stamp. */
function fakeRepository(): string {
  const root = mkdtempSync(path.join(tmpdir(), "tsunagi-build-"));
  for (const [file, text] of Object.entries({
    "app/root.tsx": "export default 1;",
    "app/routes/home.tsx": "export default 2;",
    "app/routes/home.test.tsx": "it('x')",
    "locales/ja/common.json": "{}",
    "vite.config.ts": "export default {};",
    "package-lock.json": "{}",
    "README.md": "not an input",
  })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

function stamp(root: string): void {
  mkdirSync(path.join(root, "build/server"), { recursive: true });
  writeFileSync(path.join(root, "build/server/index.js"), "");
  writeFileSync(path.join(root, "build", buildStampFile), `${buildInputsHash(root)}\n`);
}

const made: string[] = [];
afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe("the app's build is made once for what its inputs are (issue 26)", () => {
  it("is current once stamped with its inputs' hash, and not before", () => {
    const root = fakeRepository();
    made.push(root);
    expect(appBuildIsCurrent(root)).toBe(false);
    stamp(root);
    expect(appBuildIsCurrent(root)).toBe(true);
  });

  it("is stale when a source file's content changes, a file is added, or the lock file changes", () => {
    for (const change of [
      (root: string) => writeFileSync(path.join(root, "app/routes/home.tsx"), "export default 3;"),
      (root: string) => writeFileSync(path.join(root, "app/routes/new.tsx"), "export default 4;"),
      (root: string) => writeFileSync(path.join(root, "locales/ja/common.json"), '{"a":"b"}'),
      (root: string) => writeFileSync(path.join(root, "package-lock.json"), '{"v":2}'),
    ]) {
      const root = fakeRepository();
      made.push(root);
      stamp(root);
      change(root);
      expect(appBuildIsCurrent(root)).toBe(false);
    }
  });

  it("stays current when only tests, docs or the build's own output change, and when the tree is copied elsewhere", () => {
    const root = fakeRepository();
    made.push(root);
    stamp(root);
    writeFileSync(path.join(root, "app/routes/home.test.tsx"), "it('y')");
    writeFileSync(path.join(root, "README.md"), "still not an input");
    writeFileSync(path.join(root, "build/server/index.js"), "rebuilt by hand");
    expect(appBuildIsCurrent(root)).toBe(true);
    const copy = mkdtempSync(path.join(tmpdir(), "tsunagi-build-copy-"));
    made.push(copy);
    cpSync(root, copy, { recursive: true });
    expect(appBuildIsCurrent(copy)).toBe(true);
  });

  it("is not current without a server bundle, whatever the stamp says", () => {
    const root = fakeRepository();
    made.push(root);
    stamp(root);
    rmSync(path.join(root, "build/server/index.js"));
    expect(appBuildIsCurrent(root)).toBe(false);
  });
});
