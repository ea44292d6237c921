import type { ThHTMLAttributes } from "react";

/**
 * The Rijkshuisstijl table header cell, with the library's markup. The library's own component can
 * also draw a sort button, and through it pulls the whole icon set into every page's JavaScript;
 * none of our tables sorts on the client, so this one is the plain cell (ADR 0018).
 */
export function TableHeaderCell({
  className,
  scope,
  children,
  ...rest
}: ThHTMLAttributes<HTMLTableCellElement>) {
  const classes = [
    "utrecht-table__header-cell",
    scope === "row" && "utrecht-table__header--cell-row",
    className,
  ];
  return (
    <th scope={scope} {...rest} className={classes.filter(Boolean).join(" ")}>
      {children}
    </th>
  );
}
