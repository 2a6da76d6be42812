import { describe, expect, it } from "vitest";
import { destinations, menuFor, publicMenu } from "./destinations";
import { roles } from "./roles";

describe("the header's menu", () => {
  // The layout loads only common's texts in the browser (ADR 156): a menu label from another namespace would show as
  // its key once the page hydrates.
  it("is labelled from the common texts only, for every role and for a signed-out visitor", () => {
    const labels = [
      ...destinations.flatMap((destination) => (destination.menu ? [destination.menu] : [])),
      ...roles.flatMap((role) => menuFor([role], { mailCaptured: true }).map((entry) => entry.label)),
      ...publicMenu.map((entry) => entry.label),
    ];
    expect(labels.length).toBeGreaterThan(10);
    expect(labels.filter((label) => !label.startsWith("common:"))).toEqual([]);
  });
});
