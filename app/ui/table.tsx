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
 * table that fits adds no extra tab stop. The name is the table's (`tableName`) and what the
 * region is for: a caption alone often repeats the heading of the section around it, and two
 * landmarks of one name cannot be told apart (axe's landmark-unique).
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
      const name = tableName(container);
      setLabel(
        scrolls
          ? name
            ? t("layout.scrollableNamedTable", { caption: name })
            : t("layout.scrollableTable")
          : null,
      );
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

/**
 * What a sighted reader calls the table: its caption, else what labels it, else the heading just
 * before it. Without one, two scrolling tables on a page would be two regions of one name.
 */
function tableName(container: HTMLElement): string | undefined {
  const table = container.querySelector("table");
  const caption = table?.querySelector("caption")?.textContent?.trim();
  if (caption) return caption;
  const labelledBy = table?.getAttribute("aria-labelledby");
  const label = labelledBy ? document.getElementById(labelledBy)?.textContent?.trim() : undefined;
  if (label) return label;
  for (let el = container.previousElementSibling; el; el = el.previousElementSibling) {
    if (/^H[1-6]$/.test(el.tagName)) return el.textContent?.trim() || undefined;
  }
  return undefined;
}

/** The design system's table in a TableScroll. */
export function Table(props: TableProps) {
  return (
    <TableScroll>
      <DesignSystemTable {...props} />
    </TableScroll>
  );
}
