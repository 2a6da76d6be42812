import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findDuplicateKey } from "./json-duplicate-keys";

describe("findDuplicateKey", () => {
  it("finds a name given twice in one object, at any depth, with the object's path", () => {
    expect(findDuplicateKey('{"gene":"BRCA1","gene":"TP53"}')).toEqual({ key: "gene", path: "$" });
    expect(findDuplicateKey('{"findings":[{"gene":"A"},{"gene":"B","x":1,"gene":"C"}]}')).toEqual({ key: "gene", path: "$.findings[1]" });
    expect(findDuplicateKey('{"a":{"b":{"c":1,"c":2}}}')).toEqual({ key: "c", path: "$.a.b" });
  });

  it("reads names as JSON does: an escaped name equals its plain spelling", () => {
    expect(findDuplicateKey('{"gene":1,"g\\u0065ne":2}')).toEqual({ key: "gene", path: "$" });
    expect(findDuplicateKey('{"a\\"b":1,"a\\"b":2}')).toEqual({ key: 'a"b', path: "$" });
    // A name ending in a backslash: the quote after an escaped backslash closes it.
    expect(findDuplicateKey('{"a\\\\":1,"b":{"c":[1,{"d":2,"d":3}]},"a\\\\":2}')).toEqual({ key: "d", path: "$.b.c[1]" });
    expect(findDuplicateKey('{"a\\\\":1,"a\\\\":2}')).toEqual({ key: "a\\", path: "$" });
  });

  it("lets equal names in different objects, equal values and names inside strings pass", () => {
    expect(findDuplicateKey('{"a":{"x":1},"b":{"x":1}}')).toBeNull();
    expect(findDuplicateKey('[{"x":1},{"x":2}]')).toBeNull();
    expect(findDuplicateKey('{"a":"\\"a\\":","b":"a"}')).toBeNull();
    expect(findDuplicateKey('{"a":["a","a"],"b":{"a":"a"}}')).toBeNull();
    expect(findDuplicateKey('"plain"')).toBeNull();
    expect(findDuplicateKey("{}")).toBeNull();
  });

  it("agrees with JSON.parse on every object JSON.stringify writes: never a duplicate there, and one once a member is repeated", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), (object) => {
        const text = JSON.stringify(object);
        expect(findDuplicateKey(text)).toBeNull();
        const [name] = Object.keys(object);
        const repeated = `${text.slice(0, -1)},${JSON.stringify(name)}:null}`;
        expect(findDuplicateKey(repeated)?.key).toBe(name);
      }),
      { numRuns: 500 },
    );
  });
});
