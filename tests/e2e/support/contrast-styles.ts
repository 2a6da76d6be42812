// What axe's color-contrast rule judges, read as styles (ADR 135): the rule compares each visible text's colour with
// what shows behind it, at its size and weight. Those are computed styles, so two texts with the same of each get the
// same verdict. A scan whose every text's style an earlier scan in this worker judged and passed can leave the rule out,
// and a scan that meets styles not yet passed judges one text of each (ADR 172): the rule is about three quarters of a
// scan's Chromium time, and in やさしい日本語, where each word with kanji is a <ruby> with its reading, nine tenths of it
// (docs/testing.md, issue 62).
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

/** What a scan is to do with the contrast rule, read from the page before it (expectNoAxeViolations). */
export interface ContrastPlan {
  /** Styles on the page that no scan in this worker has passed yet; 0 leaves the rule out. */
  unknown: number;
  overlaid: boolean;
  /** Every unknown style has a text the rule certainly judges, put in __tsunagiContrastSamples; else judge the page whole. */
  sampled: boolean;
}

declare global {
  interface Window {
    /**
     * Installed by installContrastStyles. `passedExcept`: the styles of texts certainly judged, leaving out those
     * elements; `judgedOnly`: only these elements were judged (a scan of the samples).
     */
    __tsunagiContrastStyles?: (passedExcept?: Element[], judgedOnly?: Element[]) => ContrastStyles & { passed: string[] };
    /** Installed by installContrastStyles: picks one text of each style not in `known` into __tsunagiContrastSamples. */
    __tsunagiContrastSample?: (known: string[]) => ContrastPlan;
    __tsunagiContrastSamples?: Element[];
  }
}

export function installContrastStyles(): void {
  if (window.__tsunagiContrastStyles) return;
  const read = (passedExcept: Element[], judgedOnly: Element[] | null) => {
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
    // Certainly judged: not inert (axe's rule leaves inert and disabled elements out), and not among the elements the
    // rule left unsettled or failed. Text hidden from assistive technology is judged like any other (contrast is what
    // a sighted reader sees, and axe's rule does not look at aria-hidden): every furigana reading of やさしい日本語 is
    // an aria-hidden <rt>, and leaving those out kept each page of that language with styles never passed, so the rule
    // ran on every one of its scans (issue 62).
    const except = new Set(passedExcept);
    const judged = judgedOnly && new Set(judgedOnly);
    const certain = judgeable.filter((element) => !except.has(element) && !element.closest("[inert]") && (!judged || judged.has(element)));

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
    return { judgeable, certain, styleKey, overlaid, unsettled };
  };

  window.__tsunagiContrastStyles = (passedExcept = [], judgedOnly) => {
    const { judgeable, certain, styleKey, overlaid, unsettled } = read(passedExcept, judgedOnly ?? null);
    return {
      styles: [...new Set(judgeable.map(styleKey))],
      overlaid,
      passed: overlaid ? [] : [...new Set(certain.map(styleKey))].filter((key) => !unsettled.has(key)),
    };
  };

  // One text of each style not yet passed, the first in the document's order that the rule certainly judges: the
  // verdict is the style's (ADR 135), so one text of it judged tells what every text of it would be told. A style
  // whose only texts are inert is left to a full scan (none is a sample).
  window.__tsunagiContrastSample = (known) => {
    const { judgeable, certain, styleKey, overlaid } = read([], null);
    const passed = new Set(known);
    const samples = new Map<string, Element>();
    for (const element of certain) {
      const key = styleKey(element);
      if (!passed.has(key) && !samples.has(key)) samples.set(key, element);
    }
    const unknown = new Set(judgeable.map(styleKey).filter((key) => !passed.has(key)));
    window.__tsunagiContrastSamples = unknown.size === samples.size ? [...samples.values()] : undefined;
    return { unknown: unknown.size, overlaid, sampled: window.__tsunagiContrastSamples !== undefined };
  };
}
