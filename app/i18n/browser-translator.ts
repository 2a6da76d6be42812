import type { i18n as I18n, TFunction } from "i18next";
import { defaultLanguage, type SupportedLanguage } from "./languages";

/**
 * The browser's translator (issue 60 item 2, ADR 162): the few parts of i18next the pages use, in about 1.5 kB instead
 * of i18next's 14 kB gzipped on every page with scripts. The server keeps i18next itself (i18n-core.ts), and a page must
 * hydrate to the very words the server drew, so `browser-translator.test.ts` asks this and a real i18next instance,
 * with the same options, every key of every namespace in every language — with and without counts, contexts, values,
 * defaults, namespace prefixes and key prefixes — and requires the same answer each time.
 *
 * What it does, as i18next 25 does with the options in i18n-core.ts: keys nested by `.` (and flat keys holding dots),
 * a namespace by `ns:key` or the `ns` option, plurals by `Intl.PluralRules` with `_zero` for a count of 0, contexts
 * (`key_context`, `key_context_one`), `{{value}}` and `{{- value}}` interpolated without escaping (React escapes) and
 * left as they are when no value is given, `defaultValue` (and `defaultValue_one`…), English falling back to Japanese
 * and やさしい日本語 to nothing, and the missing-key report the browser's options ask for. What it does not: nesting
 * (`$t(…)`, used by no text: the test checks), formats (`{{x, number}}`, likewise), objects or arrays as answers,
 * backends, language changes — a page's language is fixed by the server (`<html data-language>`).
 */
type Texts = Record<string, unknown>;
type Options = Record<string, unknown> & {
  lng?: string;
  lngs?: readonly string[];
  ns?: string | readonly string[];
  count?: unknown;
  context?: unknown;
  keyPrefix?: string;
  defaultValue?: unknown;
  replace?: Record<string, unknown>;
};

/** What the browser's options may ask of it: a missing key's report (client-texts.ts). */
export interface BrowserTranslatorOptions {
  saveMissing?: boolean;
  missingKeyHandler?: (languages: readonly string[], namespace: string, key: string) => void;
  react?: Record<string, unknown>;
}

const NATURAL_LANGUAGE = / |,|\?|!|;/;
const PLACEHOLDER = /\{\{(.+?)\}\}/g;
const RAW_PLACEHOLDER = /\{\{-(.+?)\}\}/g;

type Listener = (...args: unknown[]) => void;
class Emitter {
  private readonly listeners = new Map<string, Set<Listener>>();
  on(events: string, listener: Listener): void {
    for (const event of events.split(" ")) {
      let each = this.listeners.get(event);
      if (!each) this.listeners.set(event, (each = new Set()));
      each.add(listener);
    }
  }
  off(event: string, listener?: Listener): void {
    if (listener) this.listeners.get(event)?.delete(listener);
    else this.listeners.delete(event);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

/** `obj` at `path` split by dots, or — where a key itself holds dots — the longest keys that are there (i18next's deepFind). */
function deepFind(texts: unknown, path: string): unknown {
  if (!texts || typeof texts !== "object") return undefined;
  const object = texts as Texts;
  if (object[path]) return Object.prototype.hasOwnProperty.call(object, path) ? object[path] : undefined;
  const tokens = path.split(".");
  let current: unknown = object;
  for (let i = 0; i < tokens.length; ) {
    if (!current || typeof current !== "object") return undefined;
    let next: unknown;
    let nextPath = "";
    for (let j = i; j < tokens.length; ++j) {
      if (j !== i) nextPath += ".";
      nextPath += tokens[j];
      next = (current as Texts)[nextPath];
      if (next !== undefined) {
        if (["string", "number", "boolean"].includes(typeof next) && j < tokens.length - 1) continue;
        i += j - i + 1;
        break;
      }
    }
    current = next;
  }
  return current;
}

/** The value at `path` split by dots, own properties only (i18next's getPath). */
function getPath(texts: unknown, path: readonly string[]): unknown {
  let current = texts;
  for (const part of path) {
    if (!current || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = (current as Texts)[part];
  }
  return current;
}

/** A call's options, as i18next reads its second argument: an object (copied), or a string as the default value. */
const optionsOf = (second: unknown): Options => (typeof second === "object" && second !== null ? { ...(second as Options) } : typeof second === "string" ? { defaultValue: second } : {});
const isCount = (count: unknown) => count !== undefined && typeof count !== "string";
const isValid = (found: unknown) => found !== undefined && found !== null;
const asText = (value: unknown) => (value == null ? "" : `${value as string}`);

export class BrowserTranslator extends Emitter {
  readonly language: string;
  readonly languages: string[];
  readonly resolvedLanguage: string;
  readonly isInitialized = true;
  readonly options: { defaultNS: string; react?: Record<string, unknown> } & BrowserTranslatorOptions;
  readonly store = new Emitter();
  /** Set by react-i18next's hook. */
  reportNamespaces?: unknown;
  private readonly data: Record<string, Record<string, Texts>>;
  private readonly plurals = new Map<string, Intl.PluralRules>();

  constructor(language: SupportedLanguage, resources: Record<string, Record<string, Texts>>, options: BrowserTranslatorOptions = {}) {
    super();
    this.language = this.resolvedLanguage = language.toLowerCase();
    this.languages = this.hierarchy(this.language);
    this.data = resources;
    this.options = { defaultNS: "common", ...options };
  }

  /** The languages a key is looked for in, in order: English falls back to Japanese; やさしい日本語 never does. */
  private hierarchy(language: string): string[] {
    const lower = language.toLowerCase();
    return lower === "ja-easy" || lower === defaultLanguage ? [lower] : [lower, defaultLanguage];
  }

  private suffix(language: string, count: number): string {
    let rule = this.plurals.get(language);
    if (!rule) this.plurals.set(language, (rule = new Intl.PluralRules(language)));
    return `_${rule.select(count)}`;
  }

  /** The key's namespace taken off its front (`ns:key`) unless it reads as a sentence, as i18next does. */
  private extract(key: string, options: Options): { key: string; namespaces: readonly string[] } {
    const given = options.ns ?? this.options.defaultNS;
    let namespaces: readonly string[] = typeof given === "string" ? [given] : given;
    const dot = key.indexOf(".");
    const looksLikePath = !NATURAL_LANGUAGE.test(key) || (dot > 0 && !NATURAL_LANGUAGE.test(key.slice(0, dot)));
    if (key.includes(":") && looksLikePath) {
      const parts = key.split(":");
      namespaces = [parts.shift()!];
      key = parts.join(".");
    }
    return { key, namespaces };
  }

  private lookup(language: string, namespace: string, key: string): unknown {
    const texts = this.data[language]?.[namespace];
    const found = getPath(texts, key.split("."));
    return found || deepFind(texts, key);
  }

  private resolve(key: string, options: Options): { found: unknown; key: string; namespaces: readonly string[] } {
    const extracted = this.extract(key, options);
    const plural = isCount(options.count);
    const count = options.count as number;
    const context = options.context;
    const contextual = context !== undefined && (typeof context === "string" || typeof context === "number") && context !== "";
    const codes = options.lngs || this.hierarchy(options.lng || this.language);
    for (const namespace of extracted.namespaces) {
      for (const code of codes) {
        const keys = [extracted.key];
        const suffix = plural ? this.suffix(code, count) : "";
        if (plural) {
          keys.push(extracted.key + suffix);
          if (count === 0) keys.push(`${extracted.key}_zero`);
        }
        if (contextual) {
          const contextKey = `${extracted.key}_${context as string}`;
          keys.push(contextKey);
          if (plural) {
            keys.push(contextKey + suffix);
            if (count === 0) keys.push(`${contextKey}_zero`);
          }
        }
        for (let i = keys.length - 1; i >= 0; i--) {
          const found = this.lookup(code, namespace, keys[i]!);
          if (isValid(found)) return { found, ...extracted };
        }
      }
    }
    return { found: undefined, ...extracted };
  }

  private interpolate(text: string, options: Options): string {
    const data = options.replace && typeof options.replace !== "string" ? options.replace : options;
    for (const pattern of [RAW_PLACEHOLDER, PLACEHOLDER]) {
      pattern.lastIndex = 0;
      let match: RegExpExecArray | null;
      while ((match = pattern.exec(text))) {
        const name = match[1]!.trim();
        const formatAt = name.indexOf(",");
        const path = formatAt < 0 ? name : name.slice(0, formatAt).trim();
        let value = deepFind(data, path);
        if (value === undefined) {
          if (!Object.prototype.hasOwnProperty.call(options, name)) continue;
          value = "";
        }
        const said = asText(value);
        const whole = match[0];
        text = text.replace(whole, () => said);
        pattern.lastIndex += said.length - whole.length;
      }
    }
    return text;
  }

  t(key: unknown, second?: unknown): string {
    const options = optionsOf(second);
    if (key == null) return "";
    const resolved = this.resolve(String(key), options);
    let text = resolved.found;
    const namespace = resolved.namespaces[resolved.namespaces.length - 1]!;
    if (text !== undefined && typeof text === "object") return `key '${resolved.key} (${this.language})' returned an object instead of string.`;
    if (!isValid(text)) {
      const language = options.lng || this.language;
      const suffix = isCount(options.count) ? this.suffix(language, options.count as number) : "";
      const defaultValue = (options.count === 0 && options.defaultValue_zero) || options[`defaultValue${suffix}`] || options.defaultValue;
      const hasDefault = Object.keys(options).some((name) => name.startsWith("defaultValue") && options[name] !== undefined);
      text = hasDefault && isValid(defaultValue) ? defaultValue : resolved.key;
      if (this.options.saveMissing) this.options.missingKeyHandler?.([language], namespace, resolved.key);
    }
    return typeof text === "string" ? this.interpolate(text, options) : (text as string);
  }

  getFixedT(language?: string | readonly string[] | null, namespace?: string | readonly string[] | null, keyPrefix?: string): TFunction {
    const fixed = (key: unknown, second?: unknown) => {
      const options = optionsOf(second);
      if (typeof language === "string") options.lng ||= language;
      else if (language) options.lngs ||= language;
      if (namespace) options.ns ||= namespace;
      const prefix = options.keyPrefix !== "" ? options.keyPrefix || keyPrefix : undefined;
      return this.t(prefix ? `${prefix}.${String(key)}` : key, options);
    };
    return fixed as unknown as TFunction;
  }

  exists(key: string, options: Options = {}): boolean {
    return key != null && this.resolve(key, options).found !== undefined;
  }

  hasResourceBundle(language: string, namespace: string): boolean {
    return this.data[language]?.[namespace] !== undefined;
  }

  addResourceBundle(language: string, namespace: string, texts: Texts): this {
    (this.data[language] ??= {})[namespace] = { ...this.data[language][namespace], ...texts };
    this.store.emit("added", language, namespace);
    return this;
  }

  /** Every text a page uses is in before it hydrates (client-texts.ts), so react-i18next never waits on one. */
  hasLoadedNamespace(): boolean {
    return true;
  }

  loadNamespaces(_namespaces: unknown, done?: () => void): Promise<void> {
    done?.();
    return Promise.resolve();
  }

  /** For react-i18next's provider and hook, which are typed for i18next's instance and use only the parts above. */
  asI18n(): I18n {
    return this as unknown as I18n;
  }
}
