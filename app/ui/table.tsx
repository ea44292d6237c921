import { Table as DesignSystemTable, type TableProps } from "@rijkshuisstijl-community/components-react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * A container that scrolls sideways around a table, so that a table wider than the page (the
 * finance dashboard's pots, the staff queue on a laptop, any table on a phone) scrolls on its own
 * instead of widening the whole page (WCAG 1.4.10, reflow). The library's own
 * `utrecht-table__container` uses `overflow-inline`, which Chromium does not know.
 *
 * Only while it actually scrolls, the container is a named region in the tab order: keyboard users
 * can then scroll it with the arrow keys (WCAG 2.1.1; axe's scrollable-region-focusable), and a
 * table that fits adds no extra tab stop. The name is the table's caption.
 */
export function TableScroll({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [label, setLabel] = useState<string | null>(null);

  useEffect(() => {
    const container = ref.current;
    if (!container || typeof ResizeObserver === "undefined") return;
    const check = () => {
      const scrolls = container.scrollWidth > container.clientWidth + 1;
      const caption = container.querySelector("caption")?.textContent?.trim();
      setLabel(scrolls ? caption || t("layout.scrollableTable") : null);
    };
    check();
    const observer = new ResizeObserver(check);
    observer.observe(container);
    const table = container.firstElementChild;
    if (table) observer.observe(table);
    return () => observer.disconnect();
  }, [t]);

  return (
    <div
      ref={ref}
      className="sp-table-scroll"
      {...(label === null ? {} : { role: "region", "aria-label": label, tabIndex: 0 })}
    >
      {children}
    </div>
  );
}

/** The design system's table in a TableScroll. */
export function Table(props: TableProps) {
  return (
    <TableScroll>
      <DesignSystemTable {...props} />
    </TableScroll>
  );
}
