import {
  Button,
  Heading,
  Paragraph,
  TableBody,
  TableCaption,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { Form } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { REVIEW_ROLES } from "../../domain/actor.ts";
import {
  type CoverageCount,
  type CoverageRow,
  regulationCoverage,
} from "../../domain/assessment/coverage.server.ts";
import { SelectField } from "../../ui/fields.tsx";
import { Table } from "../../ui/table.tsx";
import { TableCell, TableRow } from "../../ui/table-cell.tsx";
import { TableHeaderCell } from "../../ui/table-header-cell.tsx";
import { throwAsPage } from "../respond.server.ts";
import type { Route } from "./+types/dekking";

// design.md §7: for the Actieteam's outreach, which sectors and arbeidsmarktregio's of a
// regulation already have a plan and which have none yet. For every role that reviews plans.

export const meta: Route.MetaFunction = () => [
  { title: "Dekking van sectoren en regio's — Behandeling — Sectorplanportaal" },
];

/** ?regeling= as on the finance dashboard; without it (or not an id) the current regulation. */
const Query = z.object({ regeling: z.uuid().optional().catch(undefined) });

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, [...REVIEW_ROLES]);
  const { regeling } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    return { coverage: await regulationCoverage(regeling), regeling: regeling ?? null };
  } catch (err) {
    throwAsPage(err);
  }
}

/** "12 van de 21 sectoren hebben een ingediend plan", with the verb in the number of the count. */
function haveText(n: number, of: number, plural: string, what: string): string {
  return `${n} van de ${of} ${plural} ${n === 1 ? "heeft" : "hebben"} ${what}`;
}

function state(row: CoverageCount) {
  // In words, not only a colour: "nog geen plan" is what the Actieteam looks for.
  if (row.submitted === 0) return <strong>Nog geen plan</strong>;
  return row.granted > 0 ? "Toegekend plan" : "Ingediend, nog niet toegekend";
}

function CoverageTable(props: { id: string; caption: string; rowHeader: string; rows: CoverageRow[] }) {
  return (
    <Table>
      <TableCaption>{props.caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">{props.rowHeader}</TableHeaderCell>
          <TableHeaderCell scope="col">Ingediende plannen</TableHeaderCell>
          <TableHeaderCell scope="col">Toegekende plannen</TableHeaderCell>
          <TableHeaderCell scope="col">Stand</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.rows.map((r) => (
          <TableRow
            key={r.code}
            data-testid={`${props.id}-${r.code}`}
            data-none={r.submitted === 0 ? "ja" : undefined}
          >
            <TableHeaderCell scope="row">{r.label}</TableHeaderCell>
            <TableCell>{r.submitted}</TableCell>
            <TableCell>{r.granted}</TableCell>
            <TableCell>{state(r)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export default function CoverageView({ loaderData }: Route.ComponentProps) {
  const { coverage, regeling } = loaderData;
  if (!coverage)
    return (
      <div className="sp-stack">
        <Heading level={1}>Dekking van sectoren en regio's</Heading>
        <Paragraph>Er is nog geen regeling ingesteld.</Paragraph>
      </div>
    );
  const { sectors, regions, national, crossSector, total } = coverage;
  const withPlan = (rows: CoverageRow[]) => rows.filter((r) => r.submitted > 0).length;
  const withGrant = (rows: CoverageRow[]) => rows.filter((r) => r.granted > 0).length;
  const name = `${coverage.regulation.code} — ${coverage.regulation.title}`;
  return (
    <div className="sp-stack">
      <Heading level={1}>Dekking van sectoren en regio's</Heading>
      <Paragraph>
        Welke sectoren en arbeidsmarktregio's van de regeling {name} al een plan hebben, en welke nog geen.
        Een plan telt als ingediend zodra het is ontvangen, ook als het is afgewezen of buiten behandeling
        gesteld; een concept, een ingetrokken aanvraag en een ingetrokken subsidieverlening tellen niet mee.
        Toegekend is een plan dat geheel of gedeeltelijk is verleend, ook in uitvoering of vastgesteld. Een
        plan voor meerdere sectoren of regio's telt bij elk daarvan.
      </Paragraph>
      <Form method="get" className="sp-inline-form">
        <SelectField
          id="regeling"
          name="regeling"
          label="Regeling"
          placeholder="De huidige regeling"
          defaultValue={regeling ?? ""}
          options={coverage.regulations.map((r) => ({ value: r.id, label: r.label }))}
        />
        <Button type="submit" appearance="secondary-action-button">
          Toon
        </Button>
      </Form>
      <Paragraph>
        In totaal {total.submitted} ingediende plannen, waarvan {total.granted} toegekend.
      </Paragraph>

      <section aria-labelledby="sectoren" className="sp-stack">
        <Heading level={2} id="sectoren">
          Sectoren
        </Heading>
        <Paragraph data-testid="sectoren-samenvatting">
          {haveText(withPlan(sectors), sectors.length, "sectoren", "een ingediend plan")};{" "}
          {haveText(withGrant(sectors), sectors.length, "sectoren", "een toegekend plan")}.
        </Paragraph>
        <CoverageTable id="sector" caption="Plannen per sector" rowHeader="Sector" rows={sectors} />
        <Paragraph>
          Regionale plannen kiezen geen sector en staan daarom bij geen enkele sector: {crossSector.submitted}{" "}
          ingediend (sectoroverstijgend), waarvan {crossSector.granted} toegekend.
        </Paragraph>
      </section>

      <section aria-labelledby="regios" className="sp-stack">
        <Heading level={2} id="regios">
          Arbeidsmarktregio's
        </Heading>
        {regions.length === 0 ? (
          <Paragraph>Deze regeling kent geen arbeidsmarktregio's.</Paragraph>
        ) : (
          <>
            <Paragraph data-testid="regios-samenvatting">
              {haveText(withPlan(regions), regions.length, "arbeidsmarktregio's", "een ingediend plan")};{" "}
              {haveText(withGrant(regions), regions.length, "arbeidsmarktregio's", "een toegekend plan")}.
            </Paragraph>
            <CoverageTable
              id="regio"
              caption="Plannen per arbeidsmarktregio"
              rowHeader="Arbeidsmarktregio"
              rows={regions}
            />
          </>
        )}
        <Paragraph>
          Sectorplannen kiezen geen regio: zij gelden landelijk en tellen hier eenmaal als landelijk, bij geen
          enkele regio: {national.submitted} ingediend, waarvan {national.granted} toegekend.
        </Paragraph>
      </section>
    </div>
  );
}
