import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { conceptImports } from "../../eslint.config.js";

// docs/architecture.md draws the concepts and the arrows lint allows between them (issue 56 item 6). The picture is not
// kept by hand: it is made here from `conceptImports` (eslint.config.js) and the folders of app/domain, and the
// document must hold exactly this text, so a new concept or a new arrow shows in the picture the day lint allows it.
const root = path.resolve(import.meta.dirname, "../..");
const doc = readFileSync(path.join(root, "docs/architecture.md"), "utf8");

function conceptGraph(): string {
  const table = conceptImports as Record<string, string[]>;
  const concepts = readdirSync(path.join(root, "app/domain"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "kernel")
    .map((entry) => entry.name)
    .sort();
  const id = (concept: string) => concept.replace(/-/g, "_");
  const lines = ["```mermaid", "flowchart LR"];
  for (const concept of concepts) lines.push(`  ${id(concept)}["${concept}"]`);
  for (const concept of concepts) for (const imported of [...(table[concept] ?? [])].sort()) lines.push(`  ${id(concept)} --> ${id(imported)}`);
  lines.push("```");
  return lines.join("\n");
}

describe("docs/architecture.md", () => {
  it("draws every concept of app/domain and exactly the arrows lint allows between them", () => {
    const block = doc.split("<!-- concept-graph:start -->")[1]?.split("<!-- concept-graph:end -->")[0]?.trim();
    expect(block, "the picture between the concept-graph markers; paste the expected text there").toBe(conceptGraph());
  });

  it("names only files and folders that exist where it gives a path of the processes", () => {
    const processes = doc.split("## The processes")[1]?.split("## The concepts")[0] ?? "";
    const paths = [...processes.matchAll(/\b((?:server|services|app|scripts)\/[\w./-]+\.(?:ts|tsx|md))\b/g)].map((match) => match[1]!);
    expect(paths.length).toBeGreaterThan(5);
    const missing = paths.filter((file) => {
      try {
        readFileSync(path.join(root, file));
        return false;
      } catch {
        return true;
      }
    });
    expect(missing).toEqual([]);
  });
});
