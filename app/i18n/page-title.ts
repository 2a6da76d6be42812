import type { MetaDescriptor } from "@remix-run/node";
import { titleTranslator } from "./title-translator";

type Matches = ReadonlyArray<{ id: string; data: unknown } | undefined>;

/** Page <title> in the page's language; `meta` runs outside React, so it reads the root loader's language. */
export function pageTitle(matches: Matches, key: string, values?: Record<string, string>): MetaDescriptor[] {
  const root = matches.find((match) => match?.id === "root")?.data as { language?: string } | undefined;
  return [{ title: `${titleTranslator(root?.language ?? "ja")(key, values)} | Tsunagi` }];
}
