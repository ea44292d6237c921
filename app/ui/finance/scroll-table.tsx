import type { ReactNode } from "react";

/**
 * A wide table scrolls sideways on a narrow screen instead of squeezing; the region is focusable
 * and named so keyboard users can scroll it too (WCAG 2.1.1, axe scrollable-region-focusable).
 */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section aria-label={label} tabIndex={0} style={{ overflowX: "auto", maxWidth: "100%" }}>
      {children}
    </section>
  );
}
