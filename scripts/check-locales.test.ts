import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultLocalesDir, findLocaleGaps } from "./check-locales";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** A small, complete locale tree: two namespaces, nesting and plural keys in every language. */
const sample: Record<string, Record<string, Record<string, unknown>>> = {
  ja: {
    "common.json": { appName: "つなぎ", nav: { home: "ホーム", account: "アカウント" }, item_other: "{{count}} 件" },
    "auth.json": { signIn: "ログイン" },
  },
  "ja-easy": {
    "common.json": { appName: "つなぎ", nav: { home: "はじめの ページ", account: "あなたの じょうほう" }, item_other: "{{count}} こ" },
    "auth.json": { signIn: "はいる" },
  },
  en: {
    "common.json": { appName: "Tsunagi", nav: { home: "Home", account: "Account" }, item_other: "{{count}} items" },
    "auth.json": { signIn: "Sign in" },
  },
};

let sourceDir: string;
let workDir: string;

function writeTree(dir: string, tree: Record<string, Record<string, unknown>>): void {
  for (const [language, files] of Object.entries(tree)) {
    mkdirSync(path.join(dir, language), { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      writeFileSync(path.join(dir, language, file), `${JSON.stringify(content, null, 2)}\n`);
    }
  }
}

function writeJson(relative: string, content: unknown): void {
  writeFileSync(path.join(workDir, relative), `${JSON.stringify(content, null, 2)}\n`);
}

beforeEach(() => {
  const base = mkdtempSync(path.join(tmpdir(), "tsunagi-locales-"));
  sourceDir = path.join(base, "source");
  workDir = path.join(base, "copy");
  writeTree(sourceDir, sample);
  cpSync(sourceDir, workDir, { recursive: true });
});

afterEach(() => {
  rmSync(path.dirname(sourceDir), { recursive: true, force: true });
});

describe("findLocaleGaps", () => {
  it("passes on a complete locale tree", () => {
    expect(findLocaleGaps(workDir)).toEqual([]);
  });

  it("fails naming the key and the language when one language lacks a key", () => {
    const { nav, ...rest } = sample.en!["common.json"] as { nav: Record<string, string> };
    writeJson("en/common.json", { ...rest, nav: { home: nav.home } });

    const problems = findLocaleGaps(workDir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: "missing-key", language: "en", file: "common.json", key: "nav.account" });
    expect(problems[0]!.message).toContain("en/common.json");
    expect(problems[0]!.message).toContain('"nav.account"');
    expect(problems[0]!.message).toContain("ja, ja-easy");
  });

  it("reports a key that only one language has as missing from the others", () => {
    writeJson("ja/auth.json", { signIn: "ログイン", signOut: "ログアウト" });
    const problems = findLocaleGaps(workDir);
    expect(problems.map((p) => p.kind === "missing-key" && `${p.language}:${p.key}`)).toEqual([
      "ja-easy:signOut",
      "en:signOut",
    ]);
  });

  it("compares i18next plural suffixes as-is", () => {
    writeJson("en/common.json", { ...sample.en!["common.json"], item_one: "{{count}} item" });
    const problems = findLocaleGaps(workDir);
    expect(problems.map((p) => p.kind === "missing-key" && `${p.language}:${p.key}`)).toEqual([
      "ja:item_one",
      "ja-easy:item_one",
    ]);
  });

  it("reports invalid JSON, non-string values and missing files", () => {
    writeFileSync(path.join(workDir, "ja-easy/auth.json"), '{ "signIn": "はいる", }');
    writeJson("en/common.json", { ...sample.en!["common.json"], appName: 42 });
    writeJson("ja/email.json", { subject: "件名" });

    const problems = findLocaleGaps(workDir);
    const kinds = problems.map((p) => `${p.kind} ${p.language}/${"file" in p ? p.file : ""}`);
    expect(kinds).toContain("invalid-json ja-easy/auth.json");
    expect(kinds).toContain("not-string en/common.json");
    expect(kinds).toContain("missing-file ja-easy/email.json");
    expect(kinds).toContain("missing-file en/email.json");
    // The unparsable file is reported once, not again as a pile of missing keys.
    expect(problems.some((p) => p.kind === "missing-key" && p.language === "ja-easy")).toBe(false);
  });

  it("reports a missing language directory", () => {
    rmSync(path.join(workDir, "ja-easy"), { recursive: true });
    expect(findLocaleGaps(workDir)).toEqual([expect.objectContaining({ kind: "missing-language", language: "ja-easy" })]);
  });

  it("passes on the real locales/ tree", () => {
    const problems = findLocaleGaps(defaultLocalesDir);
    expect(problems.map((p) => p.message)).toEqual([]);
  });
});

describe("check-locales CLI", () => {
  const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
  const script = path.join(repoRoot, "scripts", "check-locales.ts");

  it("exits 0 on a complete tree and 1, naming the gap, on an incomplete one", () => {
    const ok = spawnSync(tsx, [script, workDir], { encoding: "utf8" });
    expect(ok.status, ok.stderr).toBe(0);

    writeJson("ja-easy/auth.json", {});
    const bad = spawnSync(tsx, [script, workDir], { encoding: "utf8" });
    expect(bad.status, bad.stderr).toBe(1);
    expect(bad.stdout).toContain('ja-easy/auth.json: missing key "signIn"');
  }, 30_000);
});
