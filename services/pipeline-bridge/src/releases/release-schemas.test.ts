import { describe, expect, it } from "vitest";
import { firstDuplicateIndex, stringHash } from "./first-duplicate";
import { parseReleaseBodyText } from "./release-body";
import { MAX_RELEASE_SAMPLES, parseReleaseRequest, ReleaseRequestSchema } from "./release-schemas";

const valid = { dataset: "colorectal-2026", samples: ["S-1-T", "S-2-T", "S-3-T"], recipient: "industry", purpose: "DUO:0000006", approval: "7c9e6679-7425-40de-944b-e07fc1f90ae7" };

/** What a client would be answered: accepted with this data, or refused with these issues. */
function outcome(result: ReturnType<typeof ReleaseRequestSchema.safeParse>) {
  return result.success ? { accepted: result.data } : { refused: result.error.issues.map((issue) => ({ code: issue.code, path: issue.path, message: issue.message })) };
}

/** A seeded generator, so a failure names a case that can be run again. */
function random(seed: number) {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe("parseReleaseRequest", () => {
  it("accepts and refuses exactly what ReleaseRequestSchema does, with the same issues (paths, messages)", () => {
    const cases: unknown[] = [
      valid,
      { ...valid, recipientInstitution: "  Kyoto University  " },
      { ...valid, recipientInstitution: "   " },
      { ...valid, recipientInstitution: "a\u0007b" },
      { ...valid, approval: undefined },
      { ...valid, samples: ["S-1-T"] },
      { ...valid, samples: [] },
      { ...valid, samples: "S-1-T" },
      { ...valid, samples: null },
      { ...valid, samples: undefined },
      { ...valid, samples: { 0: "S-1-T", length: 1 } },
      { ...valid, samples: ["S-1-T", 2, "S-3-T", null, ["S-4"], { code: "S-5" }] },
      { ...valid, samples: ["S-1-T", "S-2-T", "S-1-T"] },
      { ...valid, samples: ["S-1-T", "S-1-T", "S-2-T", "S-2-T"] },
      { ...valid, samples: ["S-1-T", "S-1-T", "S 2"] },
      { ...valid, samples: ["S-1-T", "S 2", "S-1-T", "S 3"] },
      { ...valid, samples: ["S-1-T", 7, "S-1-T"] },
      { ...valid, samples: ["", "S-1-T"] },
      { ...valid, samples: ["-S1"] },
      { ...valid, samples: ["S.1"] },
      { ...valid, samples: ["S-1\n"] },
      { ...valid, samples: ["S-1-T\u0000"] },
      { ...valid, samples: ["Ｓ-1"] },
      { ...valid, samples: ["S\uD800"] },
      { ...valid, samples: ["a".repeat(64)] },
      { ...valid, samples: ["a".repeat(65)] },
      { ...valid, samples: ["s-1-t", "S-1-T"] },
      { ...valid, samples: Array.from({ length: MAX_RELEASE_SAMPLES + 1 }, (_, index) => `S-${index}`) },
      { ...valid, samples: ["S 1"], dataset: "../etc", recipient: "everyone", purpose: "research", approval: "nope", extra: 1 },
      { ...valid, samples: ["S-1-T", "S-1-T"], extra: 1 },
      { ...valid, dataset: "../etc" },
      { ...valid, recipient: "everyone" },
      { ...valid, purpose: "research" },
      { ...valid, approval: "not-a-uuid" },
      { ...valid, extra: 1 },
      { samples: valid.samples },
      {},
      [valid],
      "{}",
      null,
      42,
    ];
    for (const value of cases) {
      const text = JSON.stringify(value)?.slice(0, 160);
      expect(outcome(parseReleaseRequest(value)), text).toEqual(outcome(ReleaseRequestSchema.safeParse(value)));
    }
  });

  it("finds the same first duplicate as the schema in lists of every shape", () => {
    const next = random(30);
    for (let trial = 0; trial < 300; trial++) {
      const length = 1 + Math.floor(next() * 400);
      const universe = 1 + Math.floor(next() * length * 2);
      const samples = Array.from({ length }, () => `S-${Math.floor(next() * universe)}-T`);
      if (next() < 0.1) samples[Math.floor(next() * length)] = "S bad";
      const value = { ...valid, samples };
      expect(outcome(parseReleaseRequest(value)), `trial ${trial}`).toEqual(outcome(ReleaseRequestSchema.safeParse(value)));
    }
  });

  it("accepts and refuses the same when the body's scan made the list, its codes checked and hashed as it read them", () => {
    const next = random(94);
    const alphabet = ["a", "Z", "0", "9", "_", "-", " ", ".", "Ｓ", "é", "S-1"];
    const code = () => {
      const length = Math.floor(next() * 4) === 0 ? Math.floor(next() * 3) : 60 + Math.floor(next() * 8);
      let text = "";
      while (text.length < length) text += alphabet[Math.floor(next() * alphabet.length)]!;
      return next() < 0.5 ? text.slice(0, length) : `S-${Math.floor(next() * 50)}`;
    };
    const lists: string[][] = [["_S1"], ["-S1"], ["S_1-"], ["a".repeat(64)], ["a".repeat(65)], [""], ["S-1", "S-1"], ["S-1", "S 1", "S-1"]];
    for (let trial = 0; trial < 400; trial++) lists.push(Array.from({ length: 1 + Math.floor(next() * 30) }, code));
    let scanned = 0;
    for (const samples of lists) {
      const text = JSON.stringify({ ...valid, samples });
      const fast = parseReleaseBodyText(text);
      if (!fast) continue;
      scanned++;
      expect(outcome(parseReleaseRequest(fast.value)), text.slice(0, 200)).toEqual(outcome(ReleaseRequestSchema.safeParse(JSON.parse(text))));
    }
    expect(scanned).toBe(lists.length);
  });

  it("gives the samples as they were sent, in order", () => {
    const samples = Array.from({ length: 10_000 }, (_, index) => `S-${index}-T`);
    const parsed = parseReleaseRequest({ ...valid, samples });
    expect(parsed.success && parsed.data.samples).toEqual(samples);
  });
});

describe("firstDuplicateIndex", () => {
  const bySet = (values: string[]) => {
    const seen = new Set<string>();
    return values.findIndex((value) => (seen.has(value) ? true : (seen.add(value), false)));
  };

  it("is the index of the first value seen before, or -1, as a Set would say, on its own table and past its probe budget", () => {
    const next = random(6);
    const lists: string[][] = [[], ["a"], ["a", "a"], ["a", "b"], ["ab", "ba", "ab"], ["", ""], ["\uD83D\uDE00", "\uD83D", "\uD83D\uDE00"]];
    for (let trial = 0; trial < 300; trial++) {
      const length = Math.floor(next() * 2_000);
      const universe = 1 + Math.floor(next() * length * 3);
      lists.push(Array.from({ length }, () => `S-${Math.floor(next() * universe)}`));
    }
    lists.push(Array.from({ length: 100_000 }, (_, index) => `S-${index}-T`));
    lists.push([...Array.from({ length: 100_000 }, (_, index) => `S-${index}-T`), "S-99999-T"]);
    for (const list of lists) {
      const expected = bySet(list);
      expect(firstDuplicateIndex(list), list.slice(0, 5).join(",")).toBe(expected);
      expect(firstDuplicateIndex(list, 0), list.slice(0, 5).join(",")).toBe(expected);
      expect(firstDuplicateIndex(list, undefined, Int32Array.from(list, stringHash)), list.slice(0, 5).join(",")).toBe(expected);
    }
  });
});
