import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { init as initLexer, parse as parseExports } from "es-module-lexer";
import { describe, expect, it } from "vitest";
import * as pages from "../../app/routes-support/journey/journey-pages";
import { assisted, online } from "../../app/routes-support/journey/journey-routes.server";

// The online and assisted consent journeys are the same screens under two guards. Their route files are thin
// re-exports of one definition (app/routes-support/journey/); this test keeps the two sets from drifting apart.

const routesDir = path.resolve(__dirname, "../../app/routes");
/** Each surface's steps: the participant's area, and the staff's (issue 31 item 5). */
const prefixes = { online: "participant/consent.journey.", assisted: "staff/staff.participants.$id.assisted." } as const;

function stepFiles(prefix: string): Map<string, string> {
  const [area, name] = prefix.split("/") as [string, string];
  return new Map(
    readdirSync(path.join(routesDir, area))
      .filter((file) => file.startsWith(name))
      .map((file) => [file.slice(name.length), `${area}/${file}`]),
  );
}

/** The URL's step segment names the definition: `section.$n.tsx` is `section`, `_index.tsx` is `start`. */
function stepOf(suffix: string): string {
  const first = suffix.split(".")[0] ?? suffix;
  return first === "_index" ? "start" : first;
}

const onlineFiles = stepFiles(prefixes.online);
const assistedFiles = stepFiles(prefixes.assisted);

describe("journey route modules", () => {
  it("offer the same steps on both surfaces, and every step the definition has", () => {
    expect([...onlineFiles.keys()].sort()).toEqual([...assistedFiles.keys()].sort());
    expect([...onlineFiles.keys()].map(stepOf).sort()).toEqual(Object.keys(online).sort());
    expect(Object.keys(assisted).sort()).toEqual(Object.keys(online).sort());
  });

  it.each([...onlineFiles.keys()])("%s is the same thin re-export on both surfaces", async (suffix) => {
    const onlineText = readFileSync(path.join(routesDir, onlineFiles.get(suffix)!), "utf8");
    const assistedText = readFileSync(path.join(routesDir, assistedFiles.get(suffix)!), "utf8");
    // Word for word the same file but for the surface's name.
    expect(assistedText).toBe(onlineText.replaceAll("online", "assisted").replaceAll("Online", "Assisted"));
    // Nothing but the import of the definition, the server exports taken from it, and the page re-exported.
    for (const line of onlineText.trimEnd().split("\n")) {
      expect(line).toMatch(
        /^(import \{ online \} from "\.\.\/\.\.\/routes-support\/journey\/journey-routes\.server";|export const (loader|action) = online\.\w+\.\2;|export \{ links, \w+ as meta, \w+ as default \} from "\.\.\/\.\.\/routes-support\/journey\/journey-pages";)$/,
      );
    }

    const step = stepOf(suffix) as keyof typeof online;
    const onlineModule = (await import(path.join(routesDir, onlineFiles.get(suffix)!))) as Record<string, unknown>;
    const assistedModule = (await import(path.join(routesDir, assistedFiles.get(suffix)!))) as Record<string, unknown>;
    expect(onlineModule.loader).toBe(online[step].loader);
    expect(assistedModule.loader).toBe(assisted[step].loader);
    expect(onlineModule.action).toBe((online[step] as { action?: unknown }).action);
    expect(assistedModule.action).toBe((assisted[step] as { action?: unknown }).action);
    expect(onlineModule.links).toBe(pages.links);
    // Remix builds the browser's route manifest (hasLoader, hasAction) by lexing the file, not by running it:
    // `export const loader = …, action = …` lexes as loader only, and the browser then refuses to submit the form.
    await initLexer;
    const [, lexed] = parseExports(onlineText);
    expect(lexed.map((entry) => entry.n).sort()).toEqual(Object.keys(onlineModule).sort());
    if (step !== "start") {
      // One page and one title for the step, whoever runs it; its server half made once, by the same code.
      expect(assistedModule.default).toBe(onlineModule.default);
      expect(assistedModule.meta).toBe(onlineModule.meta);
      expect(String(assisted[step].loader)).toBe(String(online[step].loader));
    }
  });
});
