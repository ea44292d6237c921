import type { HTMLAttributes, TdHTMLAttributes } from "react";

/*
 * The Rijkshuisstijl table row and data cell, rendering exactly the library's markup
 * (design-system.test.tsx compares both). The library's cell wraps Utrecht's, and each layer copies
 * its props through Babel's object-spread helpers: with ~950 cells the finance dashboard spent
 * about 3% of its server CPU there (ADR 0018). No table of ours selects rows or aligns cells
 * through props (app.css does), so those options are left out.
 */

export function TableRow({ className, children, ...rest }: HTMLAttributes<HTMLTableRowElement>) {
  return (
    <tr {...rest} className={className ? `utrecht-table__row ${className}` : "utrecht-table__row"}>
      {children}
    </tr>
  );
}

export function TableCell({ className, children, ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return (
    <td {...rest} className={className ? `utrecht-table__cell ${className}` : "utrecht-table__cell"}>
      {children}
    </td>
  );
}
