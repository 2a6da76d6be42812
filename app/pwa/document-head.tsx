import { themeColour } from "./installable-app";

/** What every document of the app opens its head with: the app's pages (root.tsx) and the offline page alike (ADR 109). */
export function DocumentHeadBasics() {
  return (
    <>
      <meta charSet="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light" />
      <meta name="theme-color" content={themeColour} />
    </>
  );
}
