// The automatic runtime falls back to `createElement` from the import source itself for an element whose `key`
// comes after a spread (`<input {...props} key={k} />`); esbuild then imports it from "@tsunagi/furigana-jsx".
import { createElement as reactCreateElement, type ReactElement } from "react";
import { annotateChildList } from "./annotate-children";

export function createElement(type: Parameters<typeof reactCreateElement>[0], props?: Record<string, unknown> | null, ...children: unknown[]): ReactElement {
  return reactCreateElement(type as string, props, ...(annotateChildList(type, children) as Parameters<typeof reactCreateElement>[2][]));
}
