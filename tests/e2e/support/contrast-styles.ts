// What axe's color-contrast rule judges, read as styles (ADR 135): the rule compares each visible text's colour with
// what shows behind it, at its size and weight. Those are computed styles, so two texts with the same of each get the
// same verdict. A scan whose every text's style an earlier scan in this worker judged and passed can leave the rule out
// (fixtures.ts); the rule is about three quarters of a scan's Chromium time (docs/testing.md, issue 62).
//
// `installContrastStyles` runs in the page (Playwright sends its source), so it refers to nothing outside itself.

/** What the page's texts look like to the contrast rule. */
export interface ContrastStyles {
  /** The style of every text the rule could judge (visible, not a disabled control's): a superset of what it judges. */
  styles: string[];
  /**
   * A positioned box with a background over some text (an open menu over the page): what shows behind that text is
   * not its ancestors' background, so its style alone does not decide the verdict and nothing is skipped or learnt.
   */
  overlaid: boolean;
}

declare global {
  interface Window {
    /** Installed by installContrastStyles. `passedExcept`: the styles of texts certainly judged, leaving out those elements. */
    __tsunagiContrastStyles?: (passedExcept?: Element[]) => ContrastStyles & { passed: string[] };
  }
}

export function installContrastStyles(): void {
  if (window.__tsunagiContrastStyles) return;
  window.__tsunagiContrastStyles = (passedExcept?: Element[]) => {
    const computed = new Map<Element, CSSStyleDeclaration>();
    const style = (element: Element) => {
      let found = computed.get(element);
      if (!found) computed.set(element, (found = getComputedStyle(element)));
      return found;
    };
    const seen = (color: string) => color !== "transparent" && !/,\s*0\)$/.test(color);

    /** A text's style: its colour, size, weight and shadow, and everything behind it up to the first opaque background. */
    const styleKey = (element: Element): string => {
      const own = style(element);
      const behind: string[] = [];
      let opacity = 1;
      let opaque = false;
      for (let node: Element | null = element; node; node = node.parentElement) {
        const each = style(node);
        opacity *= Number(each.opacity);
        if (each.filter !== "none" || each.mixBlendMode !== "normal") behind.push(`effect ${each.filter} ${each.mixBlendMode}`);
        if (opaque) continue;
        if (each.backgroundImage !== "none") behind.push(`image ${each.backgroundImage}`);
        if (seen(each.backgroundColor)) behind.push(each.backgroundColor);
        opaque = each.backgroundImage === "none" && /^rgb\(/.test(each.backgroundColor);
      }
      return [own.color, own.fontSize, own.fontWeight, own.textShadow, own.webkitTextStrokeWidth, `opacity ${opacity}`, ...behind].join(" | ");
    };

    // Every element holding text, and every form control (the rule reads their values too).
    const texts = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeValue?.trim() && node.parentElement) texts.add(node.parentElement);
    }
    for (const control of document.querySelectorAll("input, select, textarea, button")) texts.add(control);
    const rect = (element: Element) => element.getBoundingClientRect();
    // Off the page, or a pixel in size with what overflows it hidden (the visually hidden pattern).
    const onPage = (element: Element, box = rect(element)) =>
      box.right + window.scrollX > 0 && box.bottom + window.scrollY > 0 && ((box.width > 1 && box.height > 1) || style(element).overflow === "visible");
    // Not rendered (display: none, a closed <details>, visibility: hidden), a disabled control, or off the page or a
    // pixel in size (the skip link until focused, a visually hidden label): none is judged, as axe sees none.
    const judgeable = [...texts].filter((element) => element.checkVisibility({ visibilityProperty: true }) && !element.matches(":disabled") && onPage(element));
    // Certainly judged: not hidden from assistive technology, and not among the elements the rule left unsettled or
    // failed.
    const except = new Set(passedExcept ?? []);
    const certain = judgeable.filter((element) => !except.has(element) && !element.closest("[aria-hidden='true'], [inert]"));

    const overlays = [...document.body.querySelectorAll("*")].filter((element) => {
      const each = style(element);
      return (
        /^(absolute|fixed|sticky)$/.test(each.position) &&
        (seen(each.backgroundColor) || each.backgroundImage !== "none") &&
        element.checkVisibility({ visibilityProperty: true }) &&
        onPage(element)
      );
    });
    const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const overlaid = overlays.some((overlay) =>
      certain.some((text) => !overlay.contains(text) && !text.contains(overlay) && overlaps(rect(overlay), rect(text))),
    );

    // A style also worn by a text the rule left unsettled or failed is not learnt as passed.
    const unsettled = new Set([...except].map(styleKey));
    return {
      styles: [...new Set(judgeable.map(styleKey))],
      overlaid,
      passed: overlaid ? [] : [...new Set(certain.map(styleKey))].filter((key) => !unsettled.has(key)),
    };
  };
}
