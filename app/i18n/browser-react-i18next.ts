import { createContext, createElement, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { i18n as I18n, TFunction } from "i18next";

/**
 * What the pages import from react-i18next, for the browser's build only (vite.config.ts aliases the package here when
 * it builds the client; ADR 162): the provider, its context and the hook, 0.3 kB instead of react-i18next's 1.8 kB on
 * every page with scripts. The pages use the hook one way — `const { t, i18n } = useTranslation(namespace or
 * namespaces)`, no options — and react-i18next's default for it is what this does: a `t` fixed to the first namespace
 * (others by `ns:key`), drawn again when texts arrive (the store's `added` event, client-texts.ts). The server renders
 * with react-i18next itself; a `t` answering otherwise would make a page hydrate to other words, which the browser tests
 * refuse (React #418), and `browser-react-i18next.test.tsx` holds the two hooks to the same markup.
 */
export const I18nContext = createContext<{ i18n: I18n; defaultNS?: string } | undefined>(undefined);

export function I18nextProvider({ i18n, defaultNS, children }: { i18n: I18n; defaultNS?: string; children?: ReactNode }) {
  const value = useMemo(() => ({ i18n, defaultNS }), [i18n, defaultNS]);
  return createElement(I18nContext.Provider, { value }, children);
}

/** react-i18next's instance set by `initReactI18next`: the browser never sets one (the provider gives it). */
export function getI18n(): I18n | undefined {
  return undefined;
}

type Translation = [TFunction, I18n, boolean] & { t: TFunction; i18n: I18n; ready: boolean };

export function useTranslation(namespaces?: string | readonly string[]): Translation {
  const { i18n, defaultNS } = useContext(I18nContext)!;
  const namespace = (typeof namespaces === "string" ? namespaces : namespaces?.[0]) ?? defaultNS ?? (i18n.options.defaultNS as string);
  const [arrivals, setArrivals] = useState(0);
  useEffect(() => {
    const redraw = () => setArrivals((count) => count + 1);
    i18n.store.on("added", redraw);
    return () => i18n.store.off("added", redraw);
  }, [i18n]);
  // A new `t` when texts arrive, as react-i18next gives, so that components memoised on it draw again.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `arrivals` is the reason for a new t, not one of its inputs
  const t = useMemo(() => i18n.getFixedT(null, namespace), [i18n, namespace, arrivals]);
  return Object.assign([t, i18n, true] as [TFunction, I18n, boolean], { t, i18n, ready: true });
}
