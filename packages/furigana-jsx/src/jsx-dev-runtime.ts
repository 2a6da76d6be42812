// The development form of jsx-runtime.ts (Vite's dev server and Vitest compile JSX to jsxDEV).
import { Fragment, jsxDEV as reactJsxDEV } from "react/jsx-dev-runtime";
import { annotateChildren } from "./annotate-children";

export { Fragment };
export type { JSX } from "react/jsx-dev-runtime";

type JsxDevArguments = Parameters<typeof reactJsxDEV>;

export function jsxDEV(type: JsxDevArguments[0], props: unknown, key: JsxDevArguments[2], isStaticChildren: JsxDevArguments[3], source?: JsxDevArguments[4], self?: JsxDevArguments[5]) {
  return reactJsxDEV(type, annotateChildren(type, props, isStaticChildren) as JsxDevArguments[1], key, isStaticChildren, source, self);
}
