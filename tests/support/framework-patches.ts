/**
 * The framework patches under patches/ (ADR 126, 127), as their tests read them. Each is a patch-package patch named
 * `<package, "/" as "+">+<exact version>.patch`, applied to node_modules by the root postinstall. A test learns from
 * here whether the installed package is the version the patch was made for and holds every patched line, and gets the
 * plain source back (the patch reversed in memory) to compare the patched code with.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
export const patchesFolder = path.join(root, "patches");

interface Hunk {
  /** The lines the package ships (context and removed lines). */
  plain: string;
  /** The same lines as patched (context and added lines). */
  patched: string;
}

export interface FilePatch {
  /** The file's path inside the package, e.g. `dist/router.cjs.js`. */
  file: string;
  hunks: Hunk[];
}

export interface FrameworkPatch {
  /** `patches/<name>`. */
  patchFile: string;
  packageName: string;
  version: string;
  files: FilePatch[];
}

/** A patch file's name and text, read as patch-package writes them. */
export function parsePatch(patchFile: string, text: string): FrameworkPatch {
  const named = /^(.+)\+(\d+\.\d+\.\d+[^+]*)\.patch$/.exec(path.basename(patchFile));
  if (!named || named[1]!.includes("++")) throw new Error(`${patchFile}: not named <package>+<version>.patch for a top-level package`);
  const packageName = named[1]!.replace("+", "/");
  const prefix = `a/node_modules/${packageName}/`;
  const files: FilePatch[] = [];
  let hunk: Hunk | undefined;
  let last: "plain" | "patched" | "both" = "both";
  for (const line of text.split("\n")) {
    if (line.startsWith("diff --git ")) {
      const file = line.split(" ")[2]!;
      if (!file.startsWith(prefix)) throw new Error(`${patchFile} changes ${file}, outside ${packageName}`);
      files.push({ file: file.slice(prefix.length), hunks: [] });
      hunk = undefined;
    } else if (line.startsWith("@@ ")) {
      hunk = { plain: "", patched: "" };
      files.at(-1)!.hunks.push(hunk);
    } else if (hunk && line.startsWith("\\")) {
      // "\ No newline at end of file": the line before it ends the file on its side(s).
      if (last !== "patched") hunk.plain = hunk.plain.slice(0, -1);
      if (last !== "plain") hunk.patched = hunk.patched.slice(0, -1);
    } else if (hunk && (line.startsWith(" ") || line.startsWith("-") || line.startsWith("+"))) {
      const body = `${line.slice(1)}\n`;
      last = line[0] === "-" ? "plain" : line[0] === "+" ? "patched" : "both";
      if (last !== "patched") hunk.plain += body;
      if (last !== "plain") hunk.patched += body;
    }
  }
  return { patchFile: path.relative(root, patchFile), packageName, version: named[2]!, files };
}

/** Every patch under patches/. */
export function frameworkPatches(): FrameworkPatch[] {
  return readdirSync(patchesFolder)
    .filter((name) => name.endsWith(".patch"))
    .sort()
    .map((name) => parsePatch(path.join(patchesFolder, name), readFileSync(path.join(patchesFolder, name), "utf8")));
}

export function frameworkPatch(packageName: string): FrameworkPatch {
  const patch = frameworkPatches().find((each) => each.packageName === packageName);
  if (!patch) throw new Error(`patches/ holds no patch of ${packageName}`);
  return patch;
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

export interface InstalledPackage {
  /** Where Node loads the package from (its folder). */
  folder: string;
  version: string;
  read(file: string): string;
}

/** The package as Node resolves it from the repository root. */
export function installedPackage(packageName: string): InstalledPackage {
  const manifest = createRequire(path.join(root, "package.json")).resolve(`${packageName}/package.json`);
  const folder = path.dirname(manifest);
  return {
    folder,
    version: (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version,
    read: (file) => readFileSync(path.join(folder, file), "utf8"),
  };
}

/**
 * What is wrong between a patch and the installed package, in words a developer can act on; empty when the installed
 * package is the patch's version, where patch-package puts it, and holds every patched line once.
 */
export function patchProblems(patch: FrameworkPatch, installed: InstalledPackage): string[] {
  const redo = `remake ${patch.patchFile} for it (ADR 126) or drop the patch`;
  const problems: string[] = [];
  if (installed.version !== patch.version) problems.push(`${patch.patchFile} was made for ${patch.packageName} ${patch.version}, but ${installed.version} is installed: ${redo}`);
  const expected = path.join(root, "node_modules", patch.packageName);
  if (path.resolve(installed.folder) !== expected) problems.push(`Node loads ${patch.packageName} from ${installed.folder}, not ${path.relative(root, expected)}, which the patch changes`);
  for (const { file, hunks } of patch.files) {
    let source: string;
    try {
      source = installed.read(file);
    } catch {
      problems.push(`${patch.packageName} has no ${file}: ${redo}`);
      continue;
    }
    hunks.forEach((hunk, index) => {
      const found = occurrences(source, hunk.patched);
      if (found !== 1) problems.push(`${patch.packageName}'s ${file} holds the patched text of hunk ${index + 1} ${found} times, not once (was \`npm ci\`'s postinstall skipped?)`);
    });
  }
  return problems;
}

/** A patched file as installed, and as the package ships it (the patch's hunks reversed). */
export function patchedAndPlain(packageName: string, file: string): { path: string; patched: string; plain: string } {
  const patch = frameworkPatch(packageName);
  const installed = installedPackage(packageName);
  const problems = patchProblems(patch, installed);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const filePatch = patch.files.find((each) => each.file === file);
  if (!filePatch) throw new Error(`${patch.patchFile} does not change ${file}`);
  const patched = installed.read(file);
  const plain = filePatch.hunks.reduce((source, hunk) => source.replace(hunk.patched, () => hunk.plain), patched);
  return { path: path.join(installed.folder, file), patched, plain };
}
