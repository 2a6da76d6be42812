import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { purposeCodes } from "../applications/application-content";
import { purposeLabels } from "./duo-purpose-labels";

// The copied labels against their source (reference/duo, DUO's own CSVs kept unchanged in this repository): same id, same words.
const reference = (file: string) => fileURLToPath(new URL(`../../../../reference/duo/${file}`, import.meta.url));

/** id → label from a DUO CSV (id,shorthand,label,description; a field may be quoted). */
function labelsOf(file: string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const line of readFileSync(reference(file), "utf8").split(/\r?\n/).slice(1)) {
    const fields = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((field) => field.replace(/,$/, "").replace(/^"|"$/g, "").replace(/""/g, '"')) ?? [];
    if (fields[0]) labels.set(fields[0], fields[2] ?? "");
  }
  return labels;
}

describe("the register's purpose words", () => {
  const japanese = labelsOf("duo-japanese.csv");
  const english = labelsOf("duo.csv");

  it("has words for every purpose an application can name", () => {
    expect(Object.keys(purposeLabels).sort()).toEqual([...purposeCodes].sort());
  });

  it.each(Object.entries(purposeLabels).filter(([, label]) => label.duoId !== null))("%s is worded as DUO words it, in Japanese and English", (_code, label) => {
    expect(japanese.get(label.duoId!)).toBe(label.ja);
    expect(english.get(label.duoId!)).toBe(label.en);
  });

  it("methods development, which has no DUO permission term, is worded by us and claims no DUO id", () => {
    expect(purposeLabels.MDS.duoId).toBeNull();
    expect(purposeLabels.MDS.ja).not.toBe("");
    expect(purposeLabels.MDS.en).not.toBe("");
  });
});
