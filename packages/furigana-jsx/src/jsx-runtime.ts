// React's automatic JSX runtime, with kanji-bearing string children of host elements rendered through <Furigana>
// (ADR 037). Set as jsxImportSource for Vite, Vitest, tsx and tsc (tsconfig.json).
import { Fragment, jsx as reactJsx, jsxs as reactJsxs } from "react/jsx-runtime";
import { annotateChildren } from "./annotate-children";

export { Fragment };
export type { JSX } from "react/jsx-runtime";

export function jsx(type: Parameters<typeof reactJsx>[0], props: unknown, key?: Parameters<typeof reactJsx>[2]) {
  return reactJsx(type, annotateChildren(type, props, false), key);
}

export function jsxs(type: Parameters<typeof reactJsxs>[0], props: unknown, key?: Parameters<typeof reactJsxs>[2]) {
  return reactJsxs(type, annotateChildren(type, props, true), key);
}
