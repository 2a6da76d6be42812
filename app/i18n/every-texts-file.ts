/**
 * Every text file the browser may load, by `language/namespace` (the mails' namespace is the server's alone): fetched
 * only when a page needs a file that no route of it named (app/i18n/client-texts.ts, ADR 161). `import.meta.glob`
 * works in Vite-built modules only.
 */
const files = import.meta.glob<{ default: Record<string, unknown> }>(["../../locales/*/*.json", "!../../locales/*/email.json"]);

export function everyTextsFile(key: string): () => Promise<{ default: Record<string, unknown> }> {
  const file = files[`../../locales/${key}.json`];
  if (!file) throw new Error(`No texts for ${key}`);
  return file;
}
