import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Plugin } from "vite";
import { supportedLanguages } from "../app/i18n/languages";
import { namespaces } from "../app/i18n/namespaces";

/**
 * Each page's texts with its route (issue 60 item 2, ADR 156). In the browser's build, every route module is made to
 * wait, before it runs, for the namespaces of texts its own code and everything it imports use — found in the source:
 * `useTranslation(…)`, a key's `namespace:` prefix, an `ns` option or attribute — so a page loads those and no others,
 * and a client-side navigation loads the next page's with its module, before it draws. The namespaces every page uses
 * (app/i18n/client-texts.ts) the entry loads itself. The server's build is left alone: it has every text.
 */
const ROUTE_QUERY = "?__remix-build-client-route";
const VIRTUAL = "virtual:tsunagi-route-texts";
const RESOLVED = `\0${VIRTUAL}`;

const names = new Set<string>(namespaces);
const namespaceAlternatives = [...names].sort((a, b) => b.length - a.length).join("|");
/** `"journey:…"`, `'errors:…'`, `` `figures:${…}` ``: a key with its namespace. */
const prefixedKey = new RegExp(`["'\`](${namespaceAlternatives}):[\\w$.{]`, "g");
/** `useTranslation("a")`, `useTranslation(["a", "b"])`, `ns: "a"`, `ns="a"`, `ns: ["a"]`. */
const declared = /(?:useTranslation\(\s*|\bns\s*[:=]\s*\{?\s*)(\[[^\]]*\]|"[^"]*"|'[^']*')/g;
const quoted = /["']([^"']+)["']/g;
/** Static and dynamic imports and re-exports, but not type-only ones. */
const imports = /(?:^|[;\n])\s*(?:import(?!\s+type\b)[\s\w{},*$]*?from\s*|import\s*|export(?!\s+type\b)[\s\w{},*$]*?from\s*)["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;
/** The texts themselves and the server's translator: they name every namespace and are not what a page uses. */
const textsModules = /\/app\/i18n\/(i18n|resources|bundles\/[^/]+|client-texts|every-texts-file|namespaces)\.ts$|\/locales\//;
/** Permissions are named like keys ("findings:review") and are none. */
const noTexts = /\/app\/domain\/authz\/permissions\.ts$/;
/**
 * The destinations hold both the menu's labels, all common's (destinations.test.ts holds it), and the home and portal
 * pages' cards, in every namespace: their texts count only for a page whose own code asks for cards.
 */
const destinationsModule = /\/app\/domain\/authz\/destinations\.ts$/;
const asksForCards = /\b(homeCardsFor|destinationsFor)\(/;

export function namespacesInSource(source: string): Set<string> {
  const found = new Set<string>();
  for (const match of source.matchAll(prefixedKey)) found.add(match[1]!);
  for (const match of source.matchAll(declared)) {
    for (const name of match[1]!.matchAll(quoted)) if (names.has(name[1]!)) found.add(name[1]!);
  }
  return found;
}

export function importsInSource(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(imports)) found.push((match[1] ?? match[2])!);
  return found;
}

export function routeTexts(): Plugin {
  let root = process.cwd();
  /** Per module: its own namespaces and what it imports, resolved. */
  const modules = new Map<string, Promise<{ own: Set<string>; imported: string[]; cards: boolean }>>();
  /** Each route module's namespaces, by its id. */
  const routes = new Map<string, string[]>();
  /** Each set of namespaces a route waits for, by its module's number. */
  const sets = new Map<string, number>();
  return {
    name: "tsunagi-route-texts",
    apply: (_config, env) => env.command === "build" && !env.isSsrBuild,
    enforce: "post",
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return id.startsWith(VIRTUAL) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(RESOLVED)) return null;
      const number = Number(id.slice(RESOLVED.length + 1));
      const key = [...sets].find(([, each]) => each === number)?.[0];
      if (key === undefined) throw new Error(`No texts set ${id}`);
      const list = key ? key.split(",") : [];
      const entry = path.join(root, "app/i18n/client-texts.ts");
      // Where the set's files are, in every language (a page may switch), so the browser needs no table of all (ADR 161).
      const files = supportedLanguages.flatMap((language) => list.map((name) => `${JSON.stringify(`${language}/${name}`)}: () => import(${JSON.stringify(path.join(root, "locales", language, `${name}.json`))})`));
      return `import { knowTexts, needTexts } from ${JSON.stringify(entry)};\nknowTexts({ ${files.join(", ")} });\nawait needTexts(${JSON.stringify(list)});\n`;
    },
    // Where each route's texts went, per language, for the server to have a page ask for them with its scripts.
    generateBundle(_options, bundle) {
      const textsFiles = new Map<string, string>();
      for (const chunk of Object.values(bundle)) {
        const texts = chunk.type === "chunk" && chunk.facadeModuleId ? /\/locales\/([^/]+)\/([^/]+)\.json$/.exec(chunk.facadeModuleId) : null;
        if (texts) textsFiles.set(`${texts[1]}/${texts[2]}`, `/${chunk.fileName}`);
      }
      const map: Record<string, Record<string, string[]>> = {};
      for (const chunk of Object.values(bundle)) {
        const list = chunk.type === "chunk" && chunk.facadeModuleId ? routes.get(chunk.facadeModuleId) : undefined;
        if (!list) continue;
        map[`/${chunk.fileName}`] = Object.fromEntries(supportedLanguages.map((language) => [language, list.flatMap((name) => textsFiles.get(`${language}/${name}`) ?? [])]));
      }
      this.emitFile({ type: "asset", fileName: ".vite/route-texts.json", source: JSON.stringify(map) });
    },
    async transform(code, id) {
      if (!id.endsWith(ROUTE_QUERY)) return null;
      const file = id.slice(0, -ROUTE_QUERY.length);
      let drawsCards = false;
      let destinations = new Set<string>();
      const seen = new Set<string>();
      const wanted = new Set<string>();
      const visit = async (module: string): Promise<void> => {
        if (seen.has(module)) return;
        seen.add(module);
        let entry = modules.get(module);
        if (!entry) {
          entry = (async () => {
            const source = await readFile(module, "utf8");
            // Only the app's own and the workspace's modules, and never a server module (Remix refuses even to resolve one
            // from a browser module).
            const own = importsInSource(source).filter((specifier) => /^(\.|\/|~\/|@tsunagi\/)/.test(specifier) && !/\.server(\/|$|\.)/.test(specifier));
            const resolved = await Promise.all(own.map((specifier) => this.resolve(specifier, module, { skipSelf: true })));
            return {
              own: namespacesInSource(source),
              cards: !destinationsModule.test(module) && asksForCards.test(source),
              imported: resolved.flatMap((each) => (each && !each.external && walkable(each.id) ? [each.id.split("?")[0]!] : [])),
            };
          })();
          modules.set(module, entry);
        }
        const { own, imported, cards } = await entry;
        if (cards) drawsCards = true;
        if (destinationsModule.test(module)) destinations = own;
        else if (!noTexts.test(module)) for (const name of own) wanted.add(name);
        await Promise.all(imported.map(visit));
      };
      await visit(file);
      if (drawsCards) for (const name of destinations) wanted.add(name);
      routes.set(id, [...wanted].filter((name) => name !== "email").sort());
      const list = routes.get(id)!;
      // One small module per set of namespaces, named by a number (a chunk's file name comes from it).
      const key = list.join(",");
      let number = sets.get(key);
      if (number === undefined) sets.set(key, (number = sets.size));
      return { code: `import ${JSON.stringify(`${VIRTUAL}/${number}`)};\n${code}`, map: null };
    },
  };
}

/** The app's and the workspace packages' own source, never the server's modules, the texts, or a dependency's. */
function walkable(id: string): boolean {
  if (id.startsWith("\0") || id.includes("/node_modules/")) return false;
  const file = id.split("?")[0]!;
  if (!/\.(tsx?|jsx?|mjs)$/.test(file) || /\.server\.(tsx?|jsx?)$/.test(file) || /\/\.server\//.test(file)) return false;
  return !textsModules.test(file);
}
