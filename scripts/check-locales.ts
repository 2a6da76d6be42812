// Keeps the translations in step: every JSON file under locales/<lang>/ must have exactly the same keys
// in every language, and every value must be a string.
//
//   npx tsx scripts/check-locales.ts [localesDir]     (default: the repository's locales/)
//
// Nested objects are flattened with dots ("nav.home"). i18next plural suffixes are compared as-is:
// if en has "item_one" and "item_other", ja and ja-easy need both keys too.
// Exit code 0 when there is nothing to report, 1 otherwise.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const localeLanguages = ["ja", "ja-easy", "en"] as const;

export type LocaleProblem =
  | { kind: "missing-language"; language: string; message: string }
  | { kind: "missing-file"; language: string; file: string; presentIn: string[]; message: string }
  | { kind: "missing-key"; language: string; file: string; key: string; presentIn: string[]; message: string }
  | { kind: "invalid-json"; language: string; file: string; message: string }
  | { kind: "not-string"; language: string; file: string; key: string; message: string };

/** Relative paths ("common.json", "sub/x.json") of every .json file under dir, with forward slashes, sorted. */
function listJsonFiles(dir: string, prefix = ""): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listJsonFiles(path.join(dir, entry.name), relative));
    else if (entry.isFile() && entry.name.endsWith(".json")) files.push(relative);
  }
  return files.sort();
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/**
 * Flattens a parsed locale file into dotted keys. Leaves that are not strings are reported via onNotString
 * and left out of the key set (so they are reported once, as a wrong type, not again as a missing key).
 */
function flattenKeys(
  value: Record<string, unknown>,
  prefix: string,
  keys: Set<string>,
  onNotString: (key: string, value: unknown) => void,
): void {
  for (const [name, child] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof child === "string") keys.add(key);
    else if (child !== null && typeof child === "object" && !Array.isArray(child)) {
      flattenKeys(child as Record<string, unknown>, key, keys, onNotString);
    } else onNotString(key, child);
  }
}

/**
 * Compares every language's locale files key by key. Returns one problem per missing language directory,
 * missing file, missing key, unparsable file and non-string value; an empty array means all is in step.
 * Languages compared: the ones required (ja, ja-easy, en by default) plus any other directory present.
 */
export function findLocaleGaps(localesDir: string, requiredLanguages: readonly string[] = localeLanguages): LocaleProblem[] {
  const problems: LocaleProblem[] = [];
  const present = existsSync(localesDir)
    ? readdirSync(localesDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
    : [];
  const languages = [...requiredLanguages, ...present.filter((name) => !requiredLanguages.includes(name)).sort()];

  // language -> file -> keys (undefined when the file could not be read as a JSON object)
  const table = new Map<string, Map<string, Set<string> | undefined>>();
  for (const language of languages) {
    const dir = path.join(localesDir, language);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      problems.push({
        kind: "missing-language",
        language,
        message: `${language}/: language directory is missing (expected ${dir})`,
      });
      continue;
    }
    const files = new Map<string, Set<string> | undefined>();
    table.set(language, files);
    for (const file of listJsonFiles(dir)) {
      const where = `${language}/${file}`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
      } catch (error) {
        problems.push({
          kind: "invalid-json",
          language,
          file,
          message: `${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
        });
        files.set(file, undefined);
        continue;
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        problems.push({
          kind: "invalid-json",
          language,
          file,
          message: `${where}: the top level must be a JSON object, found ${describeType(parsed)}`,
        });
        files.set(file, undefined);
        continue;
      }
      const keys = new Set<string>();
      flattenKeys(parsed as Record<string, unknown>, "", keys, (key, value) =>
        problems.push({
          kind: "not-string",
          language,
          file,
          key,
          message: `${where}: "${key}" must be a string, found ${describeType(value)}`,
        }),
      );
      files.set(file, keys);
    }
  }

  const allFiles = [...new Set([...table.values()].flatMap((files) => [...files.keys()]))].sort();
  for (const file of allFiles) {
    const haveFile = [...table.entries()].filter(([, files]) => files.has(file)).map(([language]) => language);
    for (const [language, files] of table) {
      if (!files.has(file)) {
        problems.push({
          kind: "missing-file",
          language,
          file,
          presentIn: haveFile,
          message: `${language}/${file}: file is missing (present in ${haveFile.join(", ")})`,
        });
      }
    }
    // Compare keys only among the languages whose copy of the file parsed; the others are already reported.
    const parsed = [...table.entries()]
      .map(([language, files]) => [language, files.get(file)] as const)
      .filter((pair): pair is readonly [string, Set<string>] => pair[1] !== undefined);
    const allKeys = [...new Set(parsed.flatMap(([, keys]) => [...keys]))].sort();
    for (const key of allKeys) {
      const presentIn = parsed.filter(([, keys]) => keys.has(key)).map(([language]) => language);
      for (const [language, keys] of parsed) {
        if (!keys.has(key)) {
          problems.push({
            kind: "missing-key",
            language,
            file,
            key,
            presentIn,
            message: `${language}/${file}: missing key "${key}" (present in ${presentIn.join(", ")})`,
          });
        }
      }
    }
  }
  return problems;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const defaultLocalesDir = path.join(repoRoot, "locales");

/** Runs the check and prints the result; returns the process exit code. */
export function runLocaleCheck(localesDir: string = defaultLocalesDir, log: (line: string) => void = console.log): number {
  const problems = findLocaleGaps(localesDir);
  const shown = path.relative(process.cwd(), localesDir) || ".";
  if (problems.length === 0) {
    log(`Locale check: ${shown} is in step across ${localeLanguages.join(", ")} (every key in every language, all strings).`);
    return 0;
  }
  for (const problem of problems) log(`  ${problem.message}`);
  log(`Locale check: ${problems.length} problem${problems.length === 1 ? "" : "s"} in ${shown}.`);
  return 1;
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  return path.resolve(entry) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  const argument = process.argv[2];
  process.exitCode = runLocaleCheck(argument ? path.resolve(argument) : defaultLocalesDir);
}
