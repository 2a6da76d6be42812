import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { frameworkPatch, frameworkPatches, installedPackage, parsePatch, patchProblems, type FilePatch, type InstalledPackage } from "../tests/support/framework-patches";

const root = path.resolve(import.meta.dirname, "..");

describe("the framework patches (ADR 126, 127, 157, 158, 171)", () => {
  it.each(frameworkPatches().map((patch) => [patch.patchFile, patch] as const))("%s is applied to the version it was made for", (_name, patch) => {
    const problems = patchProblems(patch, installedPackage(patch.packageName));
    // Not a warning at start: a patch that no longer fits its package fails here, in words that say what to do.
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("are the ones the ADRs keep, and every install applies them, a production one too", () => {
    expect(frameworkPatches().map(({ packageName, version }) => `${packageName}@${version}`)).toEqual(["@remix-run/react@2.17.5", "@remix-run/router@1.23.3", "@remix-run/server-runtime@2.17.5", "react-dom@18.3.1", "react-router-dom@6.30.4", "vitest@3.2.7"]);
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    // `npm ci --omit=dev` runs the root's postinstall too, so patch-package must be a production dependency; a patch
    // that does not apply, or warns of another version, fails the install.
    expect(manifest.scripts.postinstall).toMatch(/^patch-package --error-on-fail --error-on-warn && /);
    expect(manifest.dependencies["patch-package"]).toBeDefined();
  });

  it("names an upgraded package, a file that lacks the patched text, and another copy of the package, instead of passing", () => {
    const patch = frameworkPatch("@remix-run/router");
    const [{ file, hunks }] = patch.files as [FilePatch];
    // A stand-in for the installed package, holding each patched part once, as patch-package leaves it.
    const fitting: InstalledPackage = { folder: path.join(root, "node_modules/@remix-run/router"), version: "1.23.3", read: (asked) => (asked === file ? hunks.map((hunk) => hunk.patched).join("") : "") };
    expect(patchProblems(patch, fitting)).toEqual([]);
    expect(patchProblems(patch, { ...fitting, version: "1.23.4" })).toEqual([
      "patches/@remix-run+router+1.23.3.patch was made for @remix-run/router 1.23.3, but 1.23.4 is installed: remake patches/@remix-run+router+1.23.3.patch for it (ADR 126) or drop the patch",
    ]);
    const unpatched = patchProblems(patch, { ...fitting, read: () => "function compilePath(path, caseSensitive, end) {}\n" });
    expect(unpatched.length).toBe(hunks.length);
    expect(unpatched[0]).toBe("@remix-run/router's dist/router.cjs.js holds the patched text of hunk 1 0 times, not once (was `npm ci`'s postinstall skipped?)");
    const nested = path.join(root, "node_modules/@remix-run/react/node_modules/@remix-run/router");
    expect(patchProblems(patch, { ...fitting, folder: nested })).toEqual([`Node loads @remix-run/router from ${nested}, not node_modules/@remix-run/router, which the patch changes`]);
  });

  it("reads patch-package's names and hunks, a file's last line without its newline too", () => {
    const patch = parsePatch(
      "patches/@scope+name+1.2.3.patch",
      [
        "diff --git a/node_modules/@scope/name/index.js b/node_modules/@scope/name/index.js",
        "index 1111111..2222222 100644",
        "--- a/node_modules/@scope/name/index.js",
        "+++ b/node_modules/@scope/name/index.js",
        "@@ -1,2 +1,2 @@",
        " const a = 1;",
        "-module.exports = a;",
        "\\ No newline at end of file",
        "+module.exports = a + 1;",
        "\\ No newline at end of file",
        "",
      ].join("\n"),
    );
    expect(patch).toMatchObject({ packageName: "@scope/name", version: "1.2.3" });
    expect(patch.files).toEqual([{ file: "index.js", hunks: [{ plain: "const a = 1;\nmodule.exports = a;", patched: "const a = 1;\nmodule.exports = a + 1;" }] }]);
  });
});
