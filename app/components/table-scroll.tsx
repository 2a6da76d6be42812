import type { ReactNode } from "react";

/**
 * A table too wide for a phone scrolls sideways inside this frame, not the page (the layout check). A keyboard must be
 * able to scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable, which the page sweep found on tables without a
 * link in them): so the frame is a region in the tab order, named by the table's caption or its heading.
 */
export function TableScroll({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}
