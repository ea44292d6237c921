import { Link } from "../link.tsx";
import { type ExportTableName, exportHref } from "./links.ts";

/** "Download als CSV / Excel" under a table; `what` names the table for screen readers. */
export function ExportLinks({
  table,
  what,
  params,
}: {
  table: ExportTableName;
  what: string;
  params?: Record<string, string | number | undefined>;
}) {
  return (
    <p className="sp-actions">
      <Link href={exportHref(table, "csv", params)} download>
        CSV<span className="sp-visually-hidden"> van {what}</span>
      </Link>{" "}
      <Link href={exportHref(table, "xlsx", params)} download>
        Excel (XLSX)<span className="sp-visually-hidden"> van {what}</span>
      </Link>
    </p>
  );
}
