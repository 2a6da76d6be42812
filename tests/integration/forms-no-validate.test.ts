/**
 * Every form leaves validation to the server, whose errors are translated and shown beside their fields, never to the
 * browser's own bubbles (issue 55 defect 3: the committee's application page on a phone showed the browser's). Lint
 * holds it where each form starts (eslint.config.js): this shows the rule refuses a bare form and lets the two ways
 * through, so the rule cannot quietly stop matching.
 */
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const filePath = path.join(root, "app/routes/public/forms-no-validate-probe.tsx");

async function formErrors(form: string): Promise<string[]> {
  const code = `import { getFormProps, useForm } from "@conform-to/react";
import { Form } from "@remix-run/react";
export default function Probe() {
  const [form] = useForm({ id: "probe" });
  void form;
  return (
    ${form}
  );
}
`;
  const [result] = await new ESLint({ cwd: root }).lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === "no-restricted-syntax").map((message) => message.message);
}

describe("the browser's validation bubbles are off on every form", () => {
  it("a form without noValidate fails lint, a Remix Form and a plain form alike", async () => {
    expect(await formErrors(`<Form method="post"><input name="a" required /></Form>`)).toEqual([expect.stringContaining("noValidate")]);
    expect(await formErrors(`<form method="post"><input name="a" required /></form>`)).toEqual([expect.stringContaining("noValidate")]);
  }, 60_000);

  it("a form with noValidate, or with Conform's getFormProps (which gives it), passes", async () => {
    expect(await formErrors(`<Form method="post" noValidate><input name="a" required /></Form>`)).toEqual([]);
    expect(await formErrors(`<Form method="post" {...getFormProps(form)}><input name="a" required /></Form>`)).toEqual([]);
  }, 60_000);
});
