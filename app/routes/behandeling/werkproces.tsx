import {
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { requireRole } from "../../auth/session.server.ts";
import { STAFF_ROLES } from "../../domain/actor.ts";
import { WORKFLOW } from "../../domain/workflow/definition.server.ts";
import { buildWorkflowDiagram } from "../../domain/workflow/diagram.ts";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import type { Route } from "./+types/werkproces";

export const meta: Route.MetaFunction = () => [{ title: "Werkproces — Sectorplanportaal" }];

/** Drawn from the workflow table itself: the picture and the tables cannot drift from the code. */
export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, [...STAFF_ROLES]);
  return { diagram: buildWorkflowDiagram(WORKFLOW) };
}

export default function Workflow({ loaderData }: Route.ComponentProps) {
  const { diagram } = loaderData;
  return (
    <>
      <Heading level={1}>Werkproces</Heading>
      <Paragraph>
        De statussen van een plan en de handelingen die het van de ene naar de andere status brengen. Deze
        pagina wordt gemaakt uit de werkprocesdefinitie van het portaal zelf; wat hier staat, is wat het
        portaal toestaat. Onder de tekening staat per rol welke handelingen die rol mag uitvoeren en onder
        welke voorwaarden.
      </Paragraph>
      <figure style={{ margin: 0 }}>
        {/* Wider than the page: the region scrolls, and can be scrolled by keyboard too (WCAG 2.1.1). */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable. */}
        <section aria-label="Tekening van het werkproces" tabIndex={0} style={{ overflowX: "auto" }}>
          <svg
            role="img"
            aria-labelledby="werkproces-titel"
            viewBox={`0 0 ${diagram.width} ${diagram.height}`}
            width={diagram.width}
            height={diagram.height}
            style={{ maxWidth: "none", fontFamily: "inherit" }}
          >
            {/* One string: a <title> of several text nodes came out empty from the server (a hydration error). */}
            <title id="werkproces-titel">
              {`Werkproces van een plan: ${diagram.nodes.length} statussen en ${diagram.edges.length} overgangen. De tabellen hieronder geven dezelfde informatie.`}
            </title>
            <defs>
              <marker
                id="pijl"
                viewBox="0 0 10 10"
                refX="10"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto"
              >
                <path d="M 0 0 L 10 5 L 0 10 z" fill="#154273" />
              </marker>
            </defs>
            <g>
              {diagram.edges.map((e) => (
                <path
                  key={e.id}
                  d={e.path}
                  fill="none"
                  stroke="#154273"
                  strokeOpacity={0.55}
                  strokeWidth={1.4}
                  markerEnd="url(#pijl)"
                  data-transition={e.id}
                />
              ))}
              {diagram.edges.map((e) => (
                <text
                  key={`l-${e.id}`}
                  x={e.labelX}
                  y={e.labelY}
                  fontSize={11}
                  textAnchor="middle"
                  fill="#000"
                  paintOrder="stroke"
                  stroke="#fff"
                  strokeWidth={3}
                >
                  {e.event}
                </text>
              ))}
              {diagram.nodes.map((n) => (
                <g key={n.id} data-state={n.id}>
                  <rect
                    x={n.x}
                    y={n.y}
                    width={n.width}
                    height={n.height}
                    rx={8}
                    fill="#e5f0f9"
                    stroke="#154273"
                    strokeWidth={1.5}
                  />
                  <text x={n.x + n.width / 2} y={n.y + 18} textAnchor="middle" fontSize={13} fill="#000">
                    {n.label}
                  </text>
                  <text x={n.x + n.width / 2} y={n.y + 34} textAnchor="middle" fontSize={10} fill="#333">
                    {n.id}
                  </text>
                </g>
              ))}
            </g>
          </svg>
        </section>
        <figcaption>
          <Paragraph>
            Elke pijl is een handeling (zoals <code>submit</code> of <code>withdraw</code>) van de ene status
            naar de andere.
          </Paragraph>
        </figcaption>
      </figure>

      <Heading level={2}>Handelingen per rol</Heading>
      {diagram.roles.map((r) => (
        <section key={r.role} aria-labelledby={`rol-${r.role}`}>
          <Heading level={3} id={`rol-${r.role}`}>
            {r.label}
          </Heading>
          {r.rows.length === 0 ? (
            <Paragraph>Deze rol verandert de status van een plan niet.</Paragraph>
          ) : (
            <Table>
              <TableCaption>Wat de rol {r.label.toLowerCase()} mag doen</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Van status</TableHeaderCell>
                  <TableHeaderCell scope="col">Handeling</TableHeaderCell>
                  <TableHeaderCell scope="col">Naar status</TableHeaderCell>
                  <TableHeaderCell scope="col">Voorwaarden</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {r.rows.map((row) => (
                  <TableRow key={`${row.event}:${row.from}`} data-transition={`${row.event}:${row.from}`}>
                    <TableCell>{row.fromLabel}</TableCell>
                    <TableCell>
                      {row.eventLabel} (<code>{row.event}</code>)
                      <br />
                      <small>{row.description}</small>
                    </TableCell>
                    <TableCell>{row.toLabel}</TableCell>
                    <TableCell>
                      {row.guards.length === 0 ? (
                        "geen"
                      ) : (
                        <ul>
                          {row.guards.map((g) => (
                            <li key={g}>{g}</li>
                          ))}
                        </ul>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </section>
      ))}
    </>
  );
}
