import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hydrationBlockingEvents } from "./hold-events-until-decoded";

describe("the events held back from React until Remix has decoded the page's data", () => {
  it("are exactly react-dom's events that ask for synchronous hydration, in the installed version", () => {
    const reactDom = path.dirname(createRequire(import.meta.url).resolve("react-dom/package.json"));
    const source = readFileSync(path.join(reactDom, "cjs/react-dom.development.js"), "utf8");
    const declared = /var discreteReplayableEvents = \[([^\]]*)\]/.exec(source);
    expect(declared, "react-dom no longer declares discreteReplayableEvents: see whether holdEventsUntilDecoded is still needed").not.toBeNull();
    const events = [...declared![1]!.matchAll(/'([A-Za-z]+)'/g)].map((match) => match[1]);
    expect([...hydrationBlockingEvents]).toEqual(events);
  });
});
