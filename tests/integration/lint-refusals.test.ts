import path from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { ESLint, Linter } from "eslint";
import tseslint from "typescript-eslint";
import { beforeAll, describe, expect, it } from "vitest";
import { refusalMappingRules } from "../../eslint.config.js";

// Refusals are answered once, at the transport (issue 56 item 2, ADR 131): a route lets the domain's refusal go and
// never maps it itself. `refusalMappingRules` in eslint.config.js says what a mapping looks like; this file proves the
// lint run refuses each shape in a route, and walks every route module to find none.
const root = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
}, 60_000);

async function refusalErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  const messages = new Set(refusalMappingRules.map((rule) => rule.message));
  return (result?.messages ?? []).filter((message) => message.ruleId === "no-restricted-syntax" && messages.has(message.message)).map((message) => message.message);
}

const mappings: [string, string][] = [
  [
    "an action that catches a refusal and shapes the answer",
    `import { isAppError } from "../../domain/kernel/index";
export async function action() { try { await work(); } catch (error) { if (!isAppError(error)) throw error; return new Response("no"); } }
declare function work(): Promise<void>;`,
  ],
  ["a form's refusal re-shaped by hand", `import { refusedForm } from "../../forms/refusals.server";\nexport const used = refusedForm;`],
  ["a loader that maps a missing record itself", `import { notFoundOrForbidden } from "../../forms/refusals.server";\nexport const used = notFoundOrForbidden;`],
  ["a status read off the table in a route", `import { statusOf } from "../../forms/refusals.server";\nexport const used = statusOf;`],
  ["a branch on a refusal's code", `export function answer(error: { code: string }) { if (error.code === "update_not_editable") return 1; return 0; }`],
  ["a list of codes a route answers itself", `export function answer(error: { code: string }) { return ["no_facility", "already_enrolled"].includes(error.code); }`],
  ["an instanceof test of a refusal", `import { AppError } from "../../domain/kernel/index";\nexport const is = (error: unknown) => error instanceof AppError;`],
  ["a 400 written where the table says 409", `import { json } from "@remix-run/node";\nexport const action = () => json({ result: null }, { status: 400 });`],
];

describe("a route that maps a refusal itself fails lint (ADR 131)", () => {
  it.each(mappings)("%s, in a route and in a route's support", async (_name, code) => {
    expect(await refusalErrors("app/routes/staff/probe.tsx", code)).not.toEqual([]);
    expect(await refusalErrors("app/routes-support/journey/probe.server.ts", code)).not.toEqual([]);
  });

  it("lets a route say what only it knows, and lets the refusal go", async () => {
    const declared = `import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
export async function action({ request }: { request: Request }) {
  const { submission } = await parseForm(request, schema, { redirectTo: { update_not_editable: "/staff/updates/1" }, field: { already_enrolled: "medicalRecordNumber" } });
  if (submission.status !== "success") return invalidForm(submission);
  await work();
  return null;
}
declare const schema: never;
declare function work(): Promise<void>;`;
    expect(await refusalErrors("app/routes/staff/probe.tsx", declared)).toEqual([]);
  });
});

describe("every route module, walked", () => {
  it("maps no refusal itself: each is answered by the one adapter", async () => {
    const linter = new Linter({ configType: "flat" });
    const config = [
      {
        files: ["**/*.{ts,tsx}"],
        languageOptions: { parser: tseslint.parser as Linter.Parser, parserOptions: { ecmaFeatures: { jsx: true } } },
        rules: { "no-restricted-syntax": ["error", ...refusalMappingRules] as Linter.RuleEntry },
      },
    ];
    const files = ["app/routes", "app/routes-support"].flatMap((folder) =>
      readdirSync(path.join(root, folder), { recursive: true, encoding: "utf8" })
        .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
        .map((file) => path.join(folder, file)),
    );
    expect(files.length).toBeGreaterThan(150);
    const modules = files.filter((file) => /export (async )?(function|const) (action|loader)\b/.test(readFileSync(path.join(root, file), "utf8")));
    expect(modules.length).toBeGreaterThan(100);
    const mapped: string[] = [];
    for (const file of files) {
      mapped.push(...linter.verify(readFileSync(path.join(root, file), "utf8"), config, { filename: path.join(root, file) }).map((message) => `${file}:${message.line} ${message.message}`));
      // The linter is synchronous: the worker's event loop gets a turn between files (ADR 171; it stood still 15 s here).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(mapped).toEqual([]);
    // Some 200 modules parsed and linted: 9 s on two cores, 21 s once when they were busy (docs/testing.md row 114).
  }, 60_000);
});
