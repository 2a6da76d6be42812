import path from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// A browser has no Buffer, no process and no node: modules. A concept's browser entry (index.ts, ADR 130) that reaches
// a module using them as it loads breaks every page that imports it, and only in the browser: the figures' CSV made its
// byte-order mark with Buffer at load, and 16 browser tests failed on "Buffer is not defined" (docs/testing.md row 74).
// This reads the client build the suite serves (global setup keeps it current) instead of waiting for a browser.
const assets = path.resolve(import.meta.dirname, "../../build/client/assets");

describe("the client build", () => {
  it("uses nothing of Node's in any script a page loads", () => {
    const scripts = readdirSync(assets).filter((file) => file.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(50);
    const nodeOnly = /\bBuffer\.(from|alloc|allocUnsafe|concat|isBuffer|byteLength)\b|\bprocess\.(env|cwd|argv|platform)\b|["'`]node:[a-z_/]+["'`]/;
    const found = scripts.flatMap((file) => {
      const match = nodeOnly.exec(readFileSync(path.join(assets, file), "utf8"));
      return match ? [`${file}: …${match[0]}…`] : [];
    });
    expect(found).toEqual([]);
  });
});
