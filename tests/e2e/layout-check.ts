// The layout check (issue 55, Deliver 4): one measurement of the page as drawn, for the faults a phone reader meets
// and axe does not see. The rule is in docs/testing.md ("The layout check"); in short, a page fails on
//
// - sideways overflow: the document scrolls sideways (scrollWidth > clientWidth), or an element's box reaches past
//   the viewport's left or right edge, unless a scrolling container (overflow-x auto or scroll, as `.table-scroll`
//   is) holds it — scrolling inside such a box is deliberate, the page itself stays still;
// - collapsed text: a text of two or more characters broken over two or more lines in a box narrower than two of its
//   own characters (2em of its font size). That is the ruby-in-flex fault: each <ruby> of a やさしい日本語 title
//   became a flex item and shrank to one character, so the title ran down the screen a character a line.
//
// One page.evaluate per page, so the sweep (page-sweep.spec.ts) pays a few milliseconds a page for it.
import { expect, type Page } from "@playwright/test";

export interface LayoutProblem {
  kind: "document-overflow" | "element-overflow" | "collapsed-text";
  /** A short path to the element (tag, id, classes of it and its nearest ancestors). */
  element: string;
  /** What was measured, in CSS pixels. */
  detail: string;
}

/** Runs in the page: everything it needs is inside it. */
function measureLayout(): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const root = document.documentElement;
  const viewportWidth = root.clientWidth;
  const describe = (element: Element): string => {
    const parts: string[] = [];
    for (let node: Element | null = element; node && node !== document.body && parts.length < 4; node = node.parentElement) {
      const classes = [...node.classList].slice(0, 2).map((name) => `.${name}`).join("");
      parts.unshift(`${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ""}${classes}`);
    }
    return parts.join(" > ");
  };
  const snippet = (text: string) => {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
  };

  // What the reader cannot see, and what is meant to scroll or clip, is judged by its container, not itself.
  const unseen = new Map<Element, boolean>();
  const isUnseen = (element: Element | null): boolean => {
    if (!element || element === root) return false;
    const known = unseen.get(element);
    if (known !== undefined) return known;
    const style = getComputedStyle(element);
    const rect = element.getBoundingClientRect();
    const own =
      style.display === "none" ||
      style.visibility === "hidden" ||
      (style.clip !== "auto" && style.clip !== "") ||
      style.clipPath !== "none" ||
      (style.position === "absolute" || style.position === "fixed" ? rect.width <= 1 || rect.height <= 1 : false) ||
      element.closest("details:not([open]) > :not(summary)") !== null;
    const answer = own || isUnseen(element.parentElement);
    unseen.set(element, answer);
    return answer;
  };
  const scrolls = new Map<Element, boolean>();
  /** Inside a box that scrolls or clips sideways (a table wrapper): its content may be wider than the page. */
  const insideSidewaysScroller = (element: Element): boolean => {
    for (let node = element.parentElement; node && node !== document.body && node !== root; node = node.parentElement) {
      let answer = scrolls.get(node);
      if (answer === undefined) {
        const overflowX = getComputedStyle(node).overflowX;
        answer = overflowX === "auto" || overflowX === "scroll" || overflowX === "hidden" || overflowX === "clip";
        scrolls.set(node, answer);
      }
      if (answer) return true;
    }
    return false;
  };

  // (a) Sideways overflow.
  const overflowing: Element[] = [];
  /** Past the edge but hidden or in a scroller: named only when the page scrolls sideways and nothing else explains it. */
  const excused: Element[] = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (element instanceof SVGElement && !(element instanceof SVGSVGElement)) continue;
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    const left = rect.left + window.scrollX;
    const right = rect.right + window.scrollX;
    if (right <= viewportWidth + 0.5 && left >= -0.5) continue;
    if (isUnseen(element) || insideSidewaysScroller(element)) {
      // A visually hidden label positioned against a box outside its table's scroller still widens the page.
      if (getComputedStyle(element).position === "absolute" || getComputedStyle(element).position === "fixed") excused.push(element);
      continue;
    }
    // Report the outermost box only: its children overflow with it.
    if (overflowing.some((outer) => outer.contains(element))) continue;
    overflowing.push(element);
    problems.push({
      kind: "element-overflow",
      element: describe(element),
      detail: `box ${Math.round(left)}–${Math.round(right)} px in a ${viewportWidth} px viewport («${snippet(element.textContent ?? "")}»)`,
    });
  }

  if (root.scrollWidth > root.clientWidth) {
    const suspects = overflowing.length > 0 ? "" : excused.slice(0, 3).map((element) => `; past the edge, positioned: ${describe(element)}`).join("");
    problems.unshift({ kind: "document-overflow", element: "html", detail: `the page scrolls sideways: scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}${suspects}` });
  }

  // (b) Collapsed text, judged per text node (the readings inside <rt> are not the text).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const reported = new Set<Element>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? "";
    const characters = [...text.replace(/\s+/g, "")];
    if (characters.length < 2) continue;
    const parent = node.parentElement;
    if (!parent || parent.closest("rt, rp, script, style, noscript, template, svg, textarea, select, option") || isUnseen(parent)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const fragments = [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0);
    if (fragments.length < 2) continue;
    // Lines: fragments whose vertical middles differ by more than half a fragment's height.
    const middles: number[] = [];
    for (const fragment of fragments) {
      const middle = fragment.top + fragment.height / 2;
      if (!middles.some((seen) => Math.abs(seen - middle) < fragment.height / 2)) middles.push(middle);
    }
    if (middles.length < 2) continue;
    // The box the lines sit in: the text's own anonymous item when its parent lays out children as flex or grid items,
    // else the nearest ancestor that is a box of its own (not an inline run).
    const parentDisplay = getComputedStyle(parent).display;
    let box: Element = parent;
    let width: number;
    if (/flex|grid/.test(parentDisplay)) {
      width = range.getBoundingClientRect().width;
    } else {
      while (box.parentElement && /^(inline|ruby|ruby-base|contents)$/.test(getComputedStyle(box).display)) box = box.parentElement;
      width = box.getBoundingClientRect().width;
    }
    const fontSize = parseFloat(getComputedStyle(parent).fontSize);
    if (width >= 2 * fontSize) continue;
    if (reported.has(box)) continue;
    reported.add(box);
    problems.push({
      kind: "collapsed-text",
      element: describe(parent),
      detail: `«${snippet(text)}» on ${middles.length} lines in a box ${width.toFixed(1)} px wide (2em = ${2 * fontSize} px)`,
    });
  }
  return problems;
}

/** The page's layout faults as drawn now (see the top of this file). */
export async function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(measureLayout);
}

/** The failure message's lines. */
export function layoutReport(problems: LayoutProblem[]): string {
  return problems.map((problem) => `  [${problem.kind}] ${problem.element}\n    ${problem.detail}`).join("\n");
}

/** Fails the test, listing every fault, when the page breaks the layout rule. */
export async function expectSoundLayout(page: Page, label = page.url()): Promise<void> {
  const problems = await layoutProblems(page);
  expect(problems, `layout faults on ${label}:\n${layoutReport(problems)}`).toEqual([]);
}
