import { Paragraph, TableBody, TableCaption, TableHeader } from "@rijkshuisstijl-community/components-react";
import { CartesianGrid, Legend, Line, LineChart, XAxis, YAxis } from "recharts";
import type { TimelineRow } from "../../domain/budget/dashboard.server.ts";
import { formatEuro } from "../../domain/money.ts";
import { Link } from "../link.tsx";
import { Table } from "../table.tsx";
import { TableCell, TableRow } from "../table-cell.tsx";
import { TableHeaderCell } from "../table-header-cell.tsx";

// Rijkshuisstijl donkerblauw and a dark violet: both above 7:1 on white, and the second line is
// also dashed, so the two series differ without colour.
const COMMITTED_COLOUR = "#154273";
const DISBURSED_COLOUR = "#42145f";

const MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

function monthLabel(month: string): string {
  const [y, m] = month.split("-");
  return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** Axis ticks in millions: the exact figures are in the table below the chart. */
function millions(euros: number): string {
  return `€ ${(euros / 1_000_000).toLocaleString("nl-NL", { maximumFractionDigits: 1 })} mln`;
}

/**
 * Cumulative commitments and disbursements per month. Fixed size (no ResponsiveContainer), no
 * animation, no tooltip: the chart is one image whose name says what it shows (range and end
 * figures), and every figure is in its table alternative, `tableHref`: a page of its own
 * (/financien/verloop), because rendering one row per month (150 at 10,000 plans) inside the
 * dashboard cost a quarter of the dashboard's server time. Note: recharts 3 draws its SVG after
 * hydration (recharts/recharts#5997), so without JavaScript the name and the link are what shows.
 */
export function TimelineChart({
  rows,
  id,
  tableHref,
}: {
  rows: TimelineRow[];
  id: string;
  tableHref: string;
}) {
  const last = rows.at(-1);
  const data = rows.map((r) => ({
    month: monthLabel(r.month),
    // Numbers for drawing only; every figure shown as text comes from the cents.
    verplicht: Number(r.cumulativeCommittedCents) / 100,
    betaald: Number(r.cumulativeDisbursedCents) / 100,
  }));
  const name = last
    ? `Lijngrafiek: verplichtingen en betalingen cumulatief per maand, ${monthLabel(rows[0]?.month ?? "")} tot en met ${monthLabel(last.month)}; eind: verplicht ${formatEuro(last.cumulativeCommittedCents)}, betaald ${formatEuro(last.cumulativeDisbursedCents)}.`
    : "Lijngrafiek: nog geen verplichtingen of betalingen.";
  return (
    <div className="sp-stack">
      <div role="img" aria-label={name} id={id} style={{ width: 760, maxWidth: "100%", overflow: "hidden" }}>
        <LineChart
          width={760}
          height={320}
          data={data}
          accessibilityLayer={false}
          margin={{ left: 24, right: 24 }}
        >
          <CartesianGrid stroke="#cccccc" strokeDasharray="3 3" />
          <XAxis dataKey="month" stroke="#333333" />
          <YAxis stroke="#333333" tickFormatter={millions} width={96} />
          <Legend />
          <Line
            type="stepAfter"
            dataKey="verplicht"
            name="Verplicht (cumulatief)"
            stroke={COMMITTED_COLOUR}
            strokeWidth={3}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="stepAfter"
            dataKey="betaald"
            name="Betaald (cumulatief)"
            stroke={DISBURSED_COLOUR}
            strokeWidth={3}
            strokeDasharray="8 4"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </div>
      <Paragraph>
        <Link href={tableHref}>De cijfers van de grafiek als tabel</Link>
      </Paragraph>
    </div>
  );
}

/** Every month from the first booking to the last: in the month and cumulative. */
export function TimelineTable({ rows }: { rows: TimelineRow[] }) {
  return (
    <Table>
      <TableCaption>Verplicht en betaald per maand en cumulatief</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">Maand</TableHeaderCell>
          <TableHeaderCell scope="col" className="sp-money">
            Verplicht in de maand
          </TableHeaderCell>
          <TableHeaderCell scope="col" className="sp-money">
            Betaald in de maand
          </TableHeaderCell>
          <TableHeaderCell scope="col" className="sp-money">
            Verplicht cumulatief
          </TableHeaderCell>
          <TableHeaderCell scope="col" className="sp-money">
            Betaald cumulatief
          </TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.month}>
            <TableHeaderCell scope="row">{monthLabel(r.month)}</TableHeaderCell>
            <TableCell className="sp-money">{formatEuro(r.committedCents)}</TableCell>
            <TableCell className="sp-money">{formatEuro(r.disbursedCents)}</TableCell>
            <TableCell className="sp-money">{formatEuro(r.cumulativeCommittedCents)}</TableCell>
            <TableCell className="sp-money">{formatEuro(r.cumulativeDisbursedCents)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
