import { createElement, Fragment } from "react";
import { Furigana } from "./furigana";

// CJK Unified Ideographs and Extension A, plus 々 (a kanji repeat mark read like the kanji before it). A cheap test
// that most strings (English, numbers, kana-only Japanese) fail at once.
const kanji = /[\u3400-\u9FFF\u3005]/;

/**
 * Host elements whose text must stay a plain string: <title> and <option> take text only (a <ruby> there is invalid
 * HTML, and React warns); <textarea>, <script> and <style> hold raw text; <ruby>, <rt> and <rp> are already readings;
 * inside SVG, <text> and its kin cannot hold HTML.
 */
const plainTextElements = new Set(["title", "option", "optgroup", "textarea", "script", "style", "ruby", "rt", "rp", "text", "tspan", "textPath", "desc", "code", "kbd", "samp"]);

function annotated(child: unknown): unknown {
  return typeof child === "string" && kanji.test(child) ? createElement(Furigana, { text: child }) : child;
}

/**
 * Whether the string children of an element of this type are annotated: host elements, less the text-only ones, and
 * fragments. A fragment's strings reach a host element as they are, never a component that could read them, so
 * `<>{t("number")} {question.prompt}</>` handed to a <legend> is read like the legend's own text (ADR 123: a
 * consultation's questions had no readings). A fragment put inside an <option> or <title> would now draw ruby there;
 * none is.
 */
export function annotatesChildrenOf(type: unknown): boolean {
  return (typeof type === "string" && !plainTextElements.has(type)) || type === Fragment;
}

/** Children given one by one (createElement's rest arguments), annotated as jsxs annotates a static array. */
export function annotateChildList(type: unknown, children: unknown[]): unknown[] {
  return annotatesChildrenOf(type) ? children.map(annotated) : children;
}

/**
 * The props with each direct string child that holds a kanji replaced by <Furigana text>, for host elements only.
 * A component's children are passed as they came (it may read them as a string); they are annotated where the
 * component finally renders them into a host element. Nested arrays are left alone: their items would need keys.
 */
export function annotateChildren(type: unknown, props: unknown, staticChildren: boolean): unknown {
  if (!annotatesChildrenOf(type) || props === null || typeof props !== "object") return props;
  const children = (props as { children?: unknown }).children;
  if (typeof children === "string") {
    return kanji.test(children) ? { ...props, children: createElement(Furigana, { text: children }) } : props;
  }
  if (staticChildren && Array.isArray(children) && children.some((child) => typeof child === "string" && kanji.test(child))) {
    return { ...props, children: children.map(annotated) };
  }
  return props;
}
