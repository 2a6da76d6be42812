/**
 * Who words a page's <title> (page-title.ts; `meta` runs outside React, on the server and again in the browser): the
 * server's translator of every language, set by entry.server.tsx, or the browser's instance with its page's texts only,
 * set by entry.client.tsx before hydrating (ADR 153). Kept apart so that no browser module imports every language's texts.
 */
type Translate = (key: string, values?: Record<string, string>) => string;

let translatorFor: ((language: string) => Translate) | undefined;

export function setTitleTranslator(make: (language: string) => Translate): void {
  translatorFor = make;
}

export function titleTranslator(language: string): Translate {
  if (!translatorFor) throw new Error("No title translator: entry.server.tsx and entry.client.tsx set one before rendering.");
  return translatorFor(language);
}
