// Issue 11, defect 7: names with characters outside the Basic Multilingual Plane (𠮷, 𡈽) or compatibility
// ideographs (髙, 﨑) are accepted and kept exactly (NFC); half of a surrogate pair is refused with a sentence,
// never a crash; whatever Unicode arrives, the schema either refuses it with one of its reasons or returns NFC text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  EnrolParticipantSchema,
  PersonNameSchema,
} from "../consent/participants/enrolment/enrolment-schema";
import { QuestionBodySchema } from "../consent/participants/questions/question-schemas";
import {
  characterCount,
  echoedText,
  firstCharacters,
  isTextRefusalReason,
  nameReadingSchema,
  unsafeCharacterIn,
} from "./text-rules";

const reasonsOf = (result: z.ZodSafeParseResult<unknown>) =>
  result.success
    ? []
    : result.error.issues.map((issue) =>
        issue.code === "custom"
          ? (issue.params as { reason?: string } | undefined)?.reason
          : issue.code,
      );

describe("names", () => {
  it("accepts the family names of Japan as typed, surrogate pairs and compatibility ideographs included", () => {
    for (const name of [
      "𠮷田 髙橋",
      "﨑山 𡈽子",
      "髙﨑 𠮷",
      "葛\u{E0100}城 花子",
      "Anne-Marie O'Neil",
      "ヤマダ・ハナコ",
    ]) {
      expect(PersonNameSchema.parse(name)).toBe(name.normalize("NFC"));
    }
    // Compatibility ideographs survive NFC? 﨑 (U+FA11) has no decomposition; 髙 (U+9AD9) is a separate character.
    expect(PersonNameSchema.parse("髙橋")).toBe("髙橋");
    expect(PersonNameSchema.parse("﨑")).toBe("\uFA11");
    // Typed decomposed (か + ゛), stored composed: what was seen on the screen.
    expect(PersonNameSchema.parse("か\u3099とう")).toBe("がとう");
  });

  it("refuses half of a surrogate pair, NUL, an emoji and a direction override, each with its own reason", () => {
    expect(reasonsOf(PersonNameSchema.safeParse("田\uD842中"))).toEqual([
      "brokenCharacter",
    ]);
    expect(reasonsOf(PersonNameSchema.safeParse("\uDFB7田"))).toEqual([
      "brokenCharacter",
    ]);
    expect(reasonsOf(PersonNameSchema.safeParse("田\u0000中"))).toEqual([
      "controlCharacter",
    ]);
    expect(reasonsOf(PersonNameSchema.safeParse("田中😀"))).toEqual([
      "nameCharacter",
    ]);
    expect(PersonNameSchema.safeParse("田中😀").error?.issues[0]).toMatchObject(
      { params: { character: "😀", codePoint: "U+1F600" } },
    );
    expect(reasonsOf(PersonNameSchema.safeParse("田\u202E中"))).toEqual([
      "directionControl",
    ]);
    expect(reasonsOf(PersonNameSchema.safeParse("田\u200B中"))).toEqual([
      "invisibleCharacter",
    ]);
    expect(reasonsOf(PersonNameSchema.safeParse("・田中"))).toEqual([
      "nameStart",
    ]);
  });

  it("counts characters as a reader does: 100 𠮷 fit in a 100-character name", () => {
    expect(PersonNameSchema.safeParse("𠮷".repeat(100)).success).toBe(true);
    expect(reasonsOf(PersonNameSchema.safeParse("𠮷".repeat(101)))).toEqual([
      "tooLongText",
    ]);
  });

  // fast-check's units never produce half of a surrogate pair on its own; a browser or a JSON body can.
  const half = fc
    .integer({ min: 0xd800, max: 0xdfff })
    .map((unit) => String.fromCharCode(unit));
  const withHalves = fc
    .array(
      fc.oneof(
        fc.string({ unit: "binary", maxLength: 3 }),
        half,
        fc.constantFrom("\u202E", "\u0000", "𠮷", "\n"),
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join(""));
  const schemas = {
    name: PersonNameSchema,
    reading: nameReadingSchema(100),
    question: QuestionBodySchema,
  };
  const unicode = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 20 }),
    fc.string({ unit: "binary-ascii", maxLength: 20 }),
    withHalves,
  );

  for (const [label, schema] of Object.entries(schemas)) {
    it(`${label}: any Unicode string is either refused with a named reason or returned as well-formed NFC text`, () => {
      fc.assert(
        fc.property(unicode, (value) => {
          const result = schema.safeParse(value);
          if (!result.success) {
            for (const issue of result.error.issues) {
              if (issue.code === "custom")
                expect(
                  isTextRefusalReason(
                    (issue.params as { reason?: string }).reason,
                  ),
                ).toBe(true);
              else expect(issue.code).toBe("invalid_type"); // empty after trimming
            }
            return;
          }
          expect(result.data).toBe(result.data.normalize("NFC"));
          expect(Buffer.from(result.data, "utf8").toString("utf8")).toBe(
            result.data,
          ); // no surrogate half survives
          expect(
            unsafeCharacterIn(result.data, { allowLineBreaks: true }),
          ).toBeNull();
          expect(characterCount(result.data)).toBeGreaterThan(0);
        }),
        { numRuns: 500 },
      );
    });
  }

  it("a name made of letters from any plane is kept exactly, round-tripping through the enrolment schema", () => {
    const letter = fc.oneof(
      fc.constantFrom("𠮷", "髙", "﨑", "𡈽", "田", "橋", "あ", "ア", "A", "é"),
      fc
        .integer({ min: 0x20000, max: 0x2a6df })
        .map((codePoint) => String.fromCodePoint(codePoint)),
    );
    fc.assert(
      fc.property(
        fc.array(letter, { minLength: 1, maxLength: 10 }),
        fc.array(letter, { minLength: 1, maxLength: 10 }),
        (family, given) => {
          const fullName = `${family.join("")} ${given.join("")}`.normalize(
            "NFC",
          );
          const parsed = EnrolParticipantSchema.parse({
            fullName,
            dateOfBirth: "1960-04-01",
            email: "a@test.tsunagi.test",
            preferredLanguage: "ja",
            programmeArea: "rare_disease",
            samples: ["tumour"],
          });
          expect(parsed.fullName).toBe(fullName);
        },
      ),
    );
  });
});

describe("firstCharacters", () => {
  it("never cuts a character outside the Basic Multilingual Plane in half", () => {
    expect(firstCharacters("𠮷".repeat(3), 2)).toBe("𠮷𠮷");
    expect("a𠮷".slice(0, 2)).not.toBe("a𠮷"); // what .slice would have sent back
    expect(firstCharacters("a𠮷", 2)).toBe("a𠮷");
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 30 }),
        fc.nat(30),
        (value, max) => {
          const cut = firstCharacters(value, max);
          expect(Buffer.from(cut).toString()).toBe(cut);
          expect(value.startsWith(cut)).toBe(true);
        },
      ),
    );
  });
});

describe("echoedText", () => {
  it("shows back what the page's bytes can carry: whole characters, each half of a pair as U+FFFD", () => {
    expect(echoedText("𠮷田", 1)).toBe("𠮷");
    expect(echoedText("ab\uD842", 64)).toBe("ab\uFFFD");
    expect(echoedText("\uDFB7x", 64)).toBe("\uFFFDx");
    expect(echoedText("\uFEFF", 1)).toBe("\uFEFF");
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 40 }), fc.nat(40), (value, max) => {
        const echoed = echoedText(value, max);
        // What TextEncoder (the page's bytes) makes of it is exactly what the browser's data holds. The echo sits inside
        // the page, never at its first byte, so a leading U+FEFF is a character here, not a byte-order mark to drop.
        expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(new TextEncoder().encode(echoed))).toBe(echoed);
        expect(characterCount(echoed)).toBeLessThanOrEqual(max);
      }),
    );
  });
});
