import {
  Link as LibraryLink,
  TableCell as LibraryTableCell,
  TableRow as LibraryTableRow,
} from "@rijkshuisstijl-community/components-react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Alert } from "./alert.tsx";
import { Link } from "./link.tsx";
import { TableCell, TableRow } from "./table-cell.tsx";
import { TableHeaderCell } from "./table-header-cell.tsx";

describe("our design-system components (ADR 0018)", () => {
  it("an alert has the Rijkshuisstijl markup, its icon hidden, and a role that fits its urgency", () => {
    const html = (type: "info" | "ok" | "warning" | "error") =>
      renderToStaticMarkup(
        <Alert type={type} className="x">
          <p>Tekst</p>
        </Alert>,
      );
    expect(html("error")).toMatch(/^<div class="utrecht-alert utrecht-alert--error x">/);
    expect(html("error")).toContain('<span class="utrecht-icon" role="presentation" aria-hidden="true"><svg');
    expect(html("error")).toContain("tabler-icon-alert-circle");
    expect(html("warning")).toContain("tabler-icon-alert-triangle");
    expect(html("error")).toContain('<div class="utrecht-alert__message" role="alert"><p>Tekst</p></div>');
    expect(html("warning")).toContain('role="alert"');
    expect(html("info")).toContain('role="status"');
    expect(html("ok")).toContain('role="status"');
  });

  it("a header cell keeps its scope, which the library's cell dropped", () => {
    const th = (scope: "col" | "row", className?: string) =>
      renderToStaticMarkup(
        <table>
          <thead>
            <tr>
              <TableHeaderCell scope={scope} className={className}>
                Kop
              </TableHeaderCell>
            </tr>
          </thead>
        </table>,
      );
    expect(th("col", "sp-money")).toContain(
      '<th scope="col" class="utrecht-table__header-cell sp-money">Kop</th>',
    );
    expect(th("row")).toContain(
      '<th scope="row" class="utrecht-table__header-cell utrecht-table__header--cell-row">',
    );
  });

  it("a link renders exactly the library's markup, for every way the portal uses one", () => {
    const cases = [
      { href: "/financien/plannen?potKind=WINDOW&sector=1" },
      { href: "/x", className: "sp-skip", "aria-current": "page" as const },
      { href: "/x", rel: "noopener", "aria-label": "Volgende", "data-testid": "t" },
      { href: "/x", inline: true, target: "_blank" },
    ];
    for (const props of cases) {
      const ours = renderToStaticMarkup(
        <Link {...props}>
          Tekst <span className="sp-visually-hidden">(meer)</span>
        </Link>,
      );
      const library = renderToStaticMarkup(
        <LibraryLink {...props}>
          Tekst <span className="sp-visually-hidden">(meer)</span>
        </LibraryLink>,
      );
      expect(ours).toBe(library);
    }
  });

  it("a table row and cell render exactly the library's markup, with every attribute the portal passes", () => {
    const rows = (Row: typeof TableRow, Cell: typeof TableCell) =>
      renderToStaticMarkup(
        <table>
          <tbody>
            <Row>
              <Cell>Een</Cell>
            </Row>
            <Row className="sp-overdue" data-testid="rij" data-overdue="true">
              <Cell className="sp-money" colSpan={2} data-kind="x">
                € 1,00
              </Cell>
            </Row>
          </tbody>
        </table>,
      );
    expect(rows(TableRow, TableCell)).toBe(
      rows(LibraryTableRow as typeof TableRow, LibraryTableCell as typeof TableCell),
    );
  });
});
