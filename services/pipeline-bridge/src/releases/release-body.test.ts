import { findDuplicateKey } from "@tsunagi/service-kit/json-duplicate-keys";
import { describe, expect, it } from "vitest";
import { SAMPLE_CODE_PATTERN } from "@tsunagi/consent-rules/consent-change-message";
import { stringHash } from "./first-duplicate";
import { parseReleaseBodyText } from "./release-body";
import { sampleListFacts } from "./sample-list-facts";

/** What the body reader answers from JSON.parse and the duplicate-member scan alone (as before ADR 088). */
function wholeText(text: string) {
  try {
    const value = JSON.parse(text) as unknown;
    const duplicate = findDuplicateKey(text);
    return duplicate ? { duplicate: duplicate.key, path: duplicate.path } : { value };
  } catch {
    return { invalid: true };
  }
}

/** What it answers with the fast path first: the fast answer when it gives one and no member appears twice, else the whole text's. */
function withFastPath(text: string) {
  const fast = parseReleaseBodyText(text);
  if (fast && !findDuplicateKey(fast.memberText)) return { value: fast.value };
  return wholeText(text);
}

function random(seed: number) {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const plain = '{"dataset":"colorectal-2026","samples":["S-1-T","S-2-T","S-3-T"],"recipient":"industry","purpose":"DUO:0000006"}';

const handPicked = [
  plain,
  ` \n${plain}\t `,
  '{ "samples" : [ "S-1-T" , "S-2-T" ] , "dataset" : "d" }',
  '{"samples":["S-1-T"]}',
  '{"samples":[]}',
  '{"samples":["S-1-T",]}',
  '{"samples":["S-1-T" "S-2-T"]}',
  '{"samples":["S-1-T"],"samples":["S-2-T"]}',
  '{"samples":["S-1-T"],"dataset":"a","dataset":"b"}',
  '{"dataset":{"samples":["S-9"]},"samples":["S-1-T"]}',
  '{"dataset":"\\"samples\\":[\\"S-9\\"]","samples":["S-1-T"]}',
  '{"dataset":"x\\\\","samples":["S-1-T"]}',
  '{"dataset":["samples",{"samples":["S-9"]}],"samples":["S-1-T"]}',
  '{"samples":["S-1-T\\u0000"]}',
  '{"samples":["S-1-T"],"purpose":"\\u0000"}',
  '{"samples":["S-1-T"],"purpose":"\\u0041"}',
  '{"samples":["S-1\\nT"]}',
  '{"samples":["S-1\nT"]}',
  '{"samples":["S-1\tT"]}',
  '{"samples":["S\\"1"]}',
  '{"samples":["Ｓ-１","é","\uD800"]}',
  '{"samples":["S-1-T",2,null]}',
  '{"samples":[["S-1-T"]]}',
  '{"samples":"S-1-T"}',
  '{"samples":{"0":"S-1-T"}}',
  '{"samples":["S-1-T"]',
  '{"samples":["S-1-T"',
  '{"samples":["S-1-T',
  '{"samples":["S-1-T"]}}',
  '{"samples":["S-1-T"]} x',
  '{"samples":["S-1-T"]},{}',
  '[{"samples":["S-1-T"]}]',
  '{"a":1 "samples":["S-1-T"]}',
  '{"a":,"samples":["S-1-T"]}',
  '{"a" "samples":["S-1-T"]}',
  '{samples:["S-1-T"]}',
  "{'samples':['S-1-T']}",
  '{"sample":["S-1-T"]}',
  '{"samplesx":["S-1-T"]}',
  '{"\\u0073amples":["S-1-T"]}',
  '{"__proto__":{"x":1},"samples":["S-1-T"]}',
  '{"samples":["S-1-T"],"__proto__":["S-2"]}',
  '"samples"',
  "[]",
  "null",
  "",
  "   ",
  "{}",
  '{"x":"]","samples":["S-1-T"],"y":"["}',
  '{"x":"}","samples":["S-1-T"]}',
  '{"x":{"y":"}"},"samples":["S-1-T"]}',
  '{"x":[1,{"samples":2}],"samples":["S-1-T"],"z":{"samples":["S-8"]}}',
  '{"x":{"samples":["S-9"]},"samples":"\\u0000"}',
  '{"x":{"samples":["S-9"]},"samples":"\\u0000","samples":["S-1-T"]}',
  '{"x":{"a":1,"samples":["S-9"]},"samples":"\\u0000"}',
  '{"x":[{"a":1},"samples",["S-9"]],"samples":"\\u0000"}',
  '{"x":"{\\"samples\\":[\\"S-9\\"]}","samples":["S-1-T"]}',
];

describe("parseReleaseBodyText", () => {
  it("gives what JSON.parse gives on a plain request, with the samples' list cut from the member text", () => {
    const fast = parseReleaseBodyText(plain);
    expect(fast?.value).toEqual(JSON.parse(plain));
    expect(fast?.memberText).not.toContain("S-1-T");
    expect(Object.keys(fast!.value)).toEqual(Object.keys(JSON.parse(plain) as object));
  });

  it("learns of the samples' list what the request's check would: each string's hash, and whether all are sample codes", () => {
    for (const samples of [["S-1-T", "S-2-T"], ["S-1-T", "S 2"], ["_S"], ["a".repeat(64)], ["a".repeat(65)], [""], ["Ｓ-1", "é"], ["S-1", "S-1"]]) {
      const fast = parseReleaseBodyText(JSON.stringify({ samples }));
      const list = fast!.value.samples as string[];
      expect(sampleListFacts(list)).toEqual({ allSampleCodes: samples.every((code) => SAMPLE_CODE_PATTERN.test(code)), hashes: Int32Array.from(samples, stringHash) });
    }
  });

  it("answers every hand-picked body exactly as JSON.parse and the duplicate-member scan do", () => {
    for (const text of handPicked) expect(withFastPath(text), text).toEqual(wholeText(text));
  });

  it("answers generated bodies (valid and broken) exactly as JSON.parse and the duplicate-member scan do", () => {
    const next = random(88);
    const pieces = ['"S-1-T"', '"S-2-T"', '"S-1-T"', "2", "null", '"a\\"b"', '"\\u0000"', '"x\\\\"', "[", "]", "{", "}", ",", ":", " ", "\n", '"samples"', '"dataset"', '"samples":', '"é"', '"\t"', '"'];
    let fastTaken = 0;
    for (let round = 0; round < 3000; round++) {
      let text = plain;
      const edits = 1 + Math.floor(next() * 4);
      for (let edit = 0; edit < edits; edit++) {
        const at = Math.floor(next() * (text.length + 1));
        const kind = next();
        if (kind < 0.5) text = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)]! + text.slice(at);
        else if (kind < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
        else text = text.slice(0, at) + String.fromCharCode(Math.floor(next() * 128)) + text.slice(at + 1);
      }
      if (parseReleaseBodyText(text)) fastTaken++;
      expect(withFastPath(text), text).toEqual(wholeText(text));
    }
    // The comparison means something only if the fast path answered a good share of them.
    expect(fastTaken).toBeGreaterThan(300);
  });
});
